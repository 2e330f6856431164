#pragma once

#include "run/LogReader.h"

namespace annealer {

// CSV, TSV, semicolon- or whitespace-separated text with a header row. The delimiter is
// sniffed; quoted fields and blank cells are allowed. One run per file; every numeric column
// but the step column is a metric.
class DelimitedTextReader : public LogReader {
public:
    QString formatName() const override;
    int confidence(const QString& path, const QByteArray& head) const override;
    Result<LogContents> read(const QString& path, const LogReadOptions& options) const override;
};

}  // namespace annealer
