#pragma once

#include "run/Run.h"

#include <QString>

namespace annealer {

// A short fingerprint of all a fit sees of a run: its loss points, its per-step LR and the
// warmup length the laws are told. Equal keys mean the same data. The key is stored in fit files
// (to tell later whether a fit still describes a project's runs), so it must not change between
// versions of the program: SHA-1 of the numbers' bytes, little-endian as every supported platform
// stores them.
QString runDataKey(const Run& run);

}  // namespace annealer
