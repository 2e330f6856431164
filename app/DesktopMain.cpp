#include "DesktopApp.h"

// annealer-desktop [--screenshot FILE.png] [PROJECT]: the desktop app; `annealer` with no
// command starts it.
int main(int argc, char* argv[]) { return annealer::runDesktopApp(argc, argv); }
