#pragma once

#include "Result.h"
#include "project/Project.h"

namespace annealer {

// The project a new user sees first: the validation-loss curves of a tiny GPT trained for this
// demo under eight schedules (tools/train_demo_curves.py) as runs, the multi-power fit our CLI
// makes of three of them, and cosine, WSD and linear-to-zero schedules to compare. Built from the
// files in resources/demo (compiled in; tools/make_demo_project.sh writes the fit and the
// schedules), through the same readers as the user's own files. Reads files: call it off the GUI
// thread.
Result<Project> buildDemoProject();

}  // namespace annealer
