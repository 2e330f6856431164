#pragma once

#include "run/LogReader.h"

namespace annealer {

// JSON Lines: one JSON object per line ({"step": 100, "loss": 3.2, "lr": 3e-4}). The step is the
// first key of stepColumnCandidates() found; every other numeric key is a metric, nested objects
// flattened with '/' ("train/loss"). One run per file, named after it.
class JsonLinesReader : public LogReader {
public:
    QString formatName() const override;
    int confidence(const QString& path, const QByteArray& head) const override;
    Result<LogContents> read(const QString& path, const LogReadOptions& options) const override;
};

}  // namespace annealer
