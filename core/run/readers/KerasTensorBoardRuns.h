#pragma once

#include "run/LogContents.h"

#include <QString>

namespace annealer {

// Keras's TensorBoard callback writes one training run as two folders, <logdir>/train and
// <logdir>/validation, with per-epoch tags ("epoch_loss", "epoch_learning_rate" or "epoch_lr",
// step = epoch) and, in validation/, "evaluation_<metric>_vs_iterations" at the iteration.
// Where a TensorBoard folder read gives such a pair of runs (named "train" and "validation",
// or "<x>/train" and "<x>/validation"), they become one run named after their folder: the
// training tags as they are, the validation ones as "validation/<tag>"; the epoch is the step
// axis (LogRun::epochAxis), so tags on another axis (per batch or iteration) are left out with
// the reason. Said in the notes. `folderName` names the run whose pair lies directly in the
// folder read.
void mergeKerasRunFolders(LogContents& contents, const QString& folderName);

}  // namespace annealer
