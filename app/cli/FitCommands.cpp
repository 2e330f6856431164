#include "cli/CommandLine.h"

#include <QTextStream>

namespace annealer::cli {

// Placeholder until the loss laws land in this same change.
int runFitCommand(CommandContext& context) {
    context.err << "annealer fit: not built yet\n";
    return kExitFailed;
}

int runPredictCommand(CommandContext& context) {
    context.err << "annealer predict: not built yet\n";
    return kExitFailed;
}

}  // namespace annealer::cli
