#pragma once

// How far a long command is, on standard error, only when standard error is a terminal: a
// single line "annealer sample: 42%" redrawn at most ten times a second and cleared at the end.
// In a pipe, a file or CI it prints nothing. Header-only, so the command-line target's file
// list stays as it is.

#include <QByteArray>
#include <QString>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include <unistd.h>

namespace annealer::cli {

class TerminalProgress {
public:
    explicit TerminalProgress(const QString& what) : what_(what.toLocal8Bit()) {}
    TerminalProgress(const TerminalProgress&) = delete;
    TerminalProgress& operator=(const TerminalProgress&) = delete;
    ~TerminalProgress() { finish(); }

    static bool enabled() { return ::isatty(STDERR_FILENO) == 1; }

    // fraction in [0, 1]; cheap to call often (draws only when 100 ms have passed).
    void update(double fraction) {
        if (!enabled_) return;
        const auto now = std::chrono::steady_clock::now();
        if (drawn_ && now - lastDraw_ < std::chrono::milliseconds(100)) return;
        lastDraw_ = now;
        drawn_ = true;
        const int percent = static_cast<int>(100.0 * std::clamp(fraction, 0.0, 1.0));
        std::fprintf(stderr, "\r%s: %d%%", what_.constData(), percent);
        std::fflush(stderr);
    }

    // Clears the line (nothing when nothing was drawn).
    void finish() {
        if (!enabled_ || !drawn_) return;
        std::fprintf(stderr, "\r\033[K");
        std::fflush(stderr);
        drawn_ = false;
    }

private:
    QByteArray what_;
    bool enabled_ = enabled();
    bool drawn_ = false;
    std::chrono::steady_clock::time_point lastDraw_;
};

}  // namespace annealer::cli
