#pragma once

// The options and inputs shared by the commands that read training logs: fit, predict, import.
#include "Result.h"
#include "run/LogContents.h"
#include "run/LogReader.h"
#include "run/Run.h"
#include "run/RunAssembly.h"

#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>
#include <vector>

class QCommandLineParser;

namespace annealer::cli {

// Adds --step-col, --run, --loss (alias --loss-col), --lr (alias --lr-col), --warmup-from,
// --schedule, --no-recognize, and --parent/--parent-run/--branch-step.
void addLogOptions(QCommandLineParser& parser);

// Help text on choosing runs and metrics, --schedule and runs that continue another.
QString logOptionsHelp();

// What the log options ask for.
struct LogRequest {
    LogReadOptions read;
    RunAssemblyOptions assembly;  // without lineage: that is per log (LogInput)
    QStringList runs;             // --run: only these runs (all when empty)
};
Result<LogRequest> logRequest(const QCommandLineParser& parser);

// A log named on the command line, and the run it continues, if the options before it say so:
//   --parent PARENT_LOG [--parent-run NAME] --branch-step S LOG
// applies to the runs of LOG (only the log right after them; with a single log, wherever they
// are).
struct LogInput {
    QString path;
    QString parentPath;
    QString parentRun;
    std::int64_t branchStep = 0;
    bool continues() const { return !parentPath.isEmpty(); }
};
// `args` are the command's arguments as given (the order matters), `valueOptions` the names of
// every option that takes a value.
Result<std::vector<LogInput>> logInputs(const QStringList& args, const QStringList& valueOptions);

// The names of the value-taking options addLogOptions adds.
QStringList logValueOptions();

// One log as read, with the runs assembled from it (those --run names, if any).
struct ReadLog {
    LogContents contents;
    std::vector<Run> runs;
};

// Reads each log and assembles its runs; a run that continues another takes its parent's LR
// before the branch step. A --run name that matches no run of any log is an error naming them.
// The logs' contents are kept only if asked for (they hold every metric).
Result<std::vector<ReadLog>> readLogs(const std::vector<LogInput>& inputs,
                                      const LogRequest& request, bool keepContents = false);

// The runs of readLogs, one after another.
std::vector<Run> allRuns(std::vector<ReadLog>& logs);

// The assembly options of a log input: the request's, with the lineage read from the parent.
Result<RunAssemblyOptions> assemblyFor(const LogInput& input, const LogRequest& request);

}  // namespace annealer::cli
