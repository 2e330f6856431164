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
#include <functional>
#include <mutex>

#include <unistd.h>

namespace annealer::cli {

class TerminalProgress {
public:
    explicit TerminalProgress(const QString& what) : what_(what.toLocal8Bit()) {}
    TerminalProgress(const TerminalProgress&) = delete;
    TerminalProgress& operator=(const TerminalProgress&) = delete;
    ~TerminalProgress() { finish(); }

    static bool enabled() { return ::isatty(STDERR_FILENO) == 1; }

    // fraction in [0, 1]; cheap to call often (draws only when 100 ms have passed), from any
    // thread (a fit reports from several at once).
    void update(double fraction) {
        if (!enabled_) return;
        const std::lock_guard<std::mutex> lock(mutex_);
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
        if (!enabled_) return;
        const std::lock_guard<std::mutex> lock(mutex_);
        if (!drawn_) return;
        std::fprintf(stderr, "\r\033[K");
        std::fflush(stderr);
        drawn_ = false;
    }

    // For the core's progress callbacks (fit, optimise, read, prepare a law): shows the fraction,
    // never cancels (Ctrl-C ends the command, and OutputFile removes what it had begun to write).
    std::function<bool(double)> callback() {
        return [this](double fraction) {
            update(fraction);
            return true;
        };
    }

private:
    std::mutex mutex_;
    QByteArray what_;
    bool enabled_ = enabled();
    bool drawn_ = false;
    std::chrono::steady_clock::time_point lastDraw_;
};

}  // namespace annealer::cli
