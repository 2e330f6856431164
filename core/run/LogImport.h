#pragma once

#include "Result.h"
#include "run/LogContents.h"
#include "run/LogReader.h"
#include "run/Run.h"
#include "run/RunAssembly.h"

#include <memory>
#include <vector>

namespace annealer {

// Every log format the program reads. The reader most confident about a file reads it.
const std::vector<std::unique_ptr<LogReader>>& logReaders();

// Reads any supported log; the error names the file and, for an unknown format, what was tried.
Result<LogContents> readLog(const QString& path, const LogReadOptions& options);

// The chosen paths as the logs they are: TensorBoard event files chosen together from one folder
// are one log (a run and its restarts, merged by step as in a run folder); every other path, a
// folder included, is a log of its own. Groups keep the order of their first path.
std::vector<QStringList> groupLogPaths(const QStringList& paths);
// Reads one group of groupLogPaths() (one path: readLog()).
Result<LogContents> readLogGroup(const QStringList& group, const LogReadOptions& options);

// Reads a log and assembles each run in it (loss, per-step LR) for fitting or prediction.
Result<std::vector<Run>> readRuns(const QString& path, const LogReadOptions& readOptions,
                                  const RunAssemblyOptions& assemblyOptions);

}  // namespace annealer
