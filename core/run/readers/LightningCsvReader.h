#pragma once

#include "run/LogReader.h"

namespace annealer {

// The metrics.csv of PyTorch Lightning's CSVLogger (<save_dir>/<name>/version_<n>/metrics.csv):
// sparse rows, one step sometimes split over several rows, which DelimitedTextReader merges.
// This reader only recognises the file by its place and names the run "<name>/version_<n>".
// Given a folder (lightning_logs/, or lightning_logs/<name>/), it reads every version_<n> in it:
// a version that begins after the first step of the version before it, and no later than one
// logging interval past its last, is that run resumed from a checkpoint and continues it
// (merged by step: from its first step on its values replace the earlier ones; said in the
// notes); a version beginning where the first began is a run of its own.
class LightningCsvReader : public LogReader {
public:
    QString formatName() const override;
    bool readsFolders() const override { return true; }
    int confidence(const QString& path, const QByteArray& head) const override;
    Result<LogContents> read(const QString& path, const LogReadOptions& options) const override;
};

}  // namespace annealer
