#include "cli/CommandLine.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <unistd.h>

namespace {

// The desktop app is a program of its own beside this one, so that the command line loads Qt
// Core alone and starts in milliseconds rather than loading Widgets, Charts and Svg.
std::string desktopProgram() {
    std::string self(4096, '\0');
    const ssize_t length = readlink("/proc/self/exe", self.data(), self.size() - 1);
    if (length <= 0) return "annealer-desktop";
    self.resize(static_cast<std::size_t>(length));
    const std::size_t slash = self.rfind('/');
    return (slash == std::string::npos ? std::string() : self.substr(0, slash + 1)) + "annealer-desktop";
}

}  // namespace

// `annealer COMMAND ...` (or --help, --version, a mistyped command) runs the command line;
// anything else starts the desktop app
// (annealer-desktop, with the same arguments).
int main(int argc, char* argv[]) {
    if (annealer::cli::isCommand(argc, argv)) return annealer::cli::run(argc, argv);
    const std::string desktop = desktopProgram();
    execv(desktop.c_str(), argv);
    std::fprintf(stderr, "annealer: cannot start the desktop app %s: %s\n", desktop.c_str(),
                 std::strerror(errno));
    return 1;
}
