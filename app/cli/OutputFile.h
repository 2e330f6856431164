#pragma once

// An output file that appears whole or not at all, also when the user presses Ctrl-C.
//
// The bytes go to "<path>.partial-<pid>" next to the target; commit() renames that over the
// target (rename(2) is atomic on one file system). QSaveFile does the same but cannot be
// cleaned up from a signal handler, as it does not say its temporary name: here the name is kept
// in a fixed buffer, and the SIGINT/SIGTERM handler unlinks it (unlink is async-signal-safe)
// before the process ends by the signal as it would have without a handler.
// Header-only, so the command-line target's file list stays as it is.

#include <QByteArray>
#include <QFile>
#include <QString>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstring>

#include <unistd.h>

namespace annealer::cli {

namespace detail {
// The temporary file being written, or "" (one at a time: the commands write one output).
inline char partialPath[4096] = {};
inline std::atomic<bool> partialPathSet{false};

extern "C" inline void removePartialOutputAndExit(int signal) {
    if (partialPathSet.load()) ::unlink(partialPath);
    std::signal(signal, SIG_DFL);
    std::raise(signal);
}
}  // namespace detail

// Installs the handler once, at the start of every command.
inline void installInterruptCleanup() {
    std::signal(SIGINT, detail::removePartialOutputAndExit);
    std::signal(SIGTERM, detail::removePartialOutputAndExit);
}

class OutputFile {
public:
    explicit OutputFile(const QString& path)
        : path_(path),
          partial_(path + QStringLiteral(".partial-") + QString::number(::getpid())),
          file_(partial_) {}
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;
    ~OutputFile() {
        if (!file_.isOpen()) return;
        file_.close();
        forget();
        QFile::remove(partial_);
    }

    bool open() {
        const QByteArray name = QFile::encodeName(partial_);
        if (static_cast<std::size_t>(name.size()) >= sizeof(detail::partialPath)) {
            error_ = QStringLiteral("the path is too long");
            return false;
        }
        std::memcpy(detail::partialPath, name.constData(), static_cast<std::size_t>(name.size()));
        detail::partialPath[name.size()] = '\0';
        detail::partialPathSet.store(true);
        if (file_.open(QIODevice::WriteOnly | QIODevice::Truncate)) return true;
        forget();
        error_ = file_.errorString();
        return false;
    }

    QIODevice* device() { return &file_; }

    // Writes everything out and moves the file to its name; false with error() set otherwise.
    bool commit() {
        const bool flushed = file_.flush() && file_.error() == QFileDevice::NoError;
        if (!flushed) error_ = file_.errorString();
        file_.close();
        const QByteArray from = QFile::encodeName(partial_);
        const QByteArray to = QFile::encodeName(path_);
        const bool moved = flushed && std::rename(from.constData(), to.constData()) == 0;
        if (flushed && !moved) error_ = QString::fromLocal8Bit(std::strerror(errno));
        forget();
        if (!moved) QFile::remove(partial_);
        return moved;
    }

    QString error() const { return error_.isEmpty() ? file_.errorString() : error_; }

private:
    static void forget() { detail::partialPathSet.store(false); }

    QString path_;
    QString partial_;
    QFile file_;
    QString error_;
};

}  // namespace annealer::cli
