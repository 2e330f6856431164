#include "DesktopApp.h"
#include "cli/CommandLine.h"

// `annealer COMMAND ...` runs the command line; anything else starts the desktop app.
int main(int argc, char* argv[]) {
    if (annealer::cli::isCommand(argc, argv)) return annealer::cli::run(argc, argv);
    return annealer::runDesktopApp(argc, argv);
}
