#pragma once

#include "Result.h"
#include "project/CptProject.h"

namespace annealer {

// The demo CPT project: the pre-training schedule of the CPT curves this project trained
// (resources/demo/cpt, tools/train_cpt_curves.py: WSD over 500 steps, peak 3e-3), the
// checkpoint at its end, the five CPT schedules those runs used with their observed losses on
// both validation sets, and the two CPT fits shipped beside them (made by `annealer fit --law
// cpt` on the PT run and two CPT runs: the others are held out). Reads the compiled-in files.
Result<CptProject> buildCptDemoProject();

}  // namespace annealer
