#pragma once

#include "run/LogReader.h"

namespace annealer {

// TensorBoard event files (events.out.tfevents.*), one file or a run folder. In a folder, each
// subfolder holding event files is one run, named by its path relative to the folder; event
// files directly in the folder are a run named after the folder. The files of one run (restarts)
// are merged by step, the later file winning. Every scalar summary (old-style simple_value or a
// one-element float tensor) becomes a metric named by its tag. Files are streamed, so memory
// grows with the number of scalar values only.
class TensorBoardReader : public LogReader {
public:
    QString formatName() const override;
    bool readsFolders() const override { return true; }
    int confidence(const QString& path, const QByteArray& head) const override;
    Result<LogContents> read(const QString& path, const LogReadOptions& options) const override;
};

// True for a TensorBoard event file's name (events.out.tfevents.*).
bool isTensorBoardEventFile(const QString& path);

// Event files chosen together from one folder (a run and its restarts): one run named after the
// folder, merged by step exactly as the files of a run folder are.
Result<LogContents> readTensorBoardEventFiles(const QStringList& files,
                                              const LogReadOptions& options);

}  // namespace annealer
