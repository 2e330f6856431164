#pragma once

#include "Result.h"
#include "run/LogContents.h"

#include <QByteArray>
#include <QString>

namespace annealer {

// Options a user may give for how a log is read (command-line flags, import dialog).
struct LogReadOptions {
    QString stepColumn;  // --step-col: the column holding the step; empty = detect
};

// One log format behind one interface: recognise a file, then read every run and metric in it.
// Each format is its own small class (DelimitedTextReader, TensorBoardReader, ...).
class LogReader {
public:
    virtual ~LogReader() = default;
    virtual QString formatName() const = 0;
    // How sure the reader is that it reads this file, from its name and first bytes: 0 = not
    // at all, 100 = certainly. The reader with the highest confidence reads the file.
    virtual int confidence(const QString& path, const QByteArray& head) const = 0;
    virtual Result<LogContents> read(const QString& path, const LogReadOptions& options) const = 0;
};

}  // namespace annealer
