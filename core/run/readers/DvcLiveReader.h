#pragma once

#include "run/LogReader.h"

namespace annealer {

// A DVCLive folder: one metric per TSV file under plots/metrics/ (scalars/ or the dvclive
// folder itself in older versions; nested folders give keys such as "train/loss"), each with a header ("timestamp<TAB>step<TAB>loss", or "step<TAB>loss" in
// older versions) and a row per logged step. Read when given the dvclive folder, the folder
// holding it, or its plots/metrics folder; one run named after the folder. A step logged again
// (a resumed run appending) keeps the later value, said in the notes.
class DvcLiveReader : public LogReader {
public:
    QString formatName() const override;
    bool readsFolders() const override { return true; }
    int confidence(const QString& path, const QByteArray& head) const override;
    Result<LogContents> read(const QString& path, const LogReadOptions& options) const override;
};

}  // namespace annealer
