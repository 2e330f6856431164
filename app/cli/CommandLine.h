#pragma once

#include "Result.h"

#include <QString>
#include <QStringList>

#include <functional>

class QTextStream;

namespace annealer::cli {

// True when argv[1] is for the command line: a command (fit, predict, sample, schedule, ...),
// help, --help, -h, --version, or a word that is neither a command nor a file (answered with
// one line; without this it would start the desktop app, which needs a display).
bool isCommand(int argc, char* argv[]);
// Runs the command; returns the process exit code (0 ok, 1 failed, 2 bad usage).
int run(int argc, char* argv[]);

// What every command gets: its arguments (after the command name) and where to write.
struct CommandContext {
    QStringList args;
    QTextStream& out;
    QTextStream& err;
};

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;

// Whether `path` (an output named before a long command runs) can be written: its folder
// exists and takes files; empty and "-" (standard output) can. Checked first, so that a fit or
// an optimisation is not run for a result that cannot be saved.
Status checkOutputPath(const QString& path);

// Writes `text` to `path` atomically, or to standard output when path is empty or "-".
Status writeOutput(const QString& path, const QString& text, QTextStream& out);

// The commands, one function each (one file per group of commands).
int runScheduleCommand(CommandContext& context);
int runSampleCommand(CommandContext& context);
int runFitCommand(CommandContext& context);
int runPredictCommand(CommandContext& context);
int runExportCommand(CommandContext& context);
int runOptimizeCommand(CommandContext& context);
int runImportCommand(CommandContext& context);

}  // namespace annealer::cli
