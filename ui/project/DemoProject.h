#pragma once

#include "Result.h"
#include "project/Project.h"

namespace annealer {

// The project a new user sees first: the 25M-parameter validation-loss curves of the multi-power
// paper as runs, the multi-power fit our CLI makes of three of them, and cosine, WSD and
// linear-to-zero schedules to compare. Built from the files in resources/demo (compiled in),
// through the same importer and fit reader as the user's own files. Reads files: call it off
// the GUI thread.
Result<Project> buildDemoProject();

}  // namespace annealer
