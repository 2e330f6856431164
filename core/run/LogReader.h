#pragma once

#include "Result.h"
#include "run/LogContents.h"

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <functional>

namespace annealer {

// Options a user may give for how a log is read (command-line flags, import dialog).
struct LogReadOptions {
    QString stepColumn;  // --step-col: the column holding the step; empty = detect
    // --steps-per-epoch: where the epoch is the step axis (LogRun::epochAxis), epoch e becomes
    // step e * stepsPerEpoch; 0 = keep epochs.
    std::int64_t stepsPerEpoch = 0;
    // Called now and then with the fraction of bytes read (0..1), from the reading thread;
    // returning false cancels the read, which then fails with "cancelled".
    std::function<bool(double)> progress;
};

// One log format behind one interface: recognise a file, then read every run and metric in it.
// Each format is its own small class (DelimitedTextReader, TensorBoardReader, ...).
class LogReader {
public:
    virtual ~LogReader() = default;
    virtual QString formatName() const = 0;
    // How sure the reader is that it reads this file or folder, from its name and first bytes
    // (empty for a folder): 0 = not at all, 100 = certainly. The most confident reader reads it.
    virtual int confidence(const QString& path, const QByteArray& head) const = 0;
    virtual Result<LogContents> read(const QString& path, const LogReadOptions& options) const = 0;
    // Whether it reads a folder (a run folder or a store of runs), not only files.
    virtual bool readsFolders() const { return false; }
};

}  // namespace annealer
