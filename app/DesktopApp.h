#pragma once

namespace annealer {

// Starts the desktop app; `--screenshot FILE.png` renders the main window to FILE and exits.
int runDesktopApp(int argc, char* argv[]);

}  // namespace annealer
