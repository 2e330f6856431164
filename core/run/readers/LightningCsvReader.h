#pragma once

#include "run/LogReader.h"

namespace annealer {

// The metrics.csv of PyTorch Lightning's CSVLogger (<save_dir>/<name>/version_<n>/metrics.csv):
// sparse rows, one step sometimes split over several rows, which DelimitedTextReader merges.
// This reader only recognises the file by its place and names the run "<name>/version_<n>".
class LightningCsvReader : public LogReader {
public:
    QString formatName() const override;
    int confidence(const QString& path, const QByteArray& head) const override;
    Result<LogContents> read(const QString& path, const LogReadOptions& options) const override;
};

}  // namespace annealer
