#pragma once

#include "run/LogReader.h"

namespace annealer {

// An MLflow file store: a run folder (mlruns/<experiment>/<run>/) with one file per metric
// under metrics/ (keys with '/' are nested folders), each line "timestamp value [step]". An
// experiment folder gives each of its runs, the mlruns folder every run of every experiment. Runs
// are named by tags/mlflow.runName, else by their id. At a step logged twice the last value wins.
class MlflowReader : public LogReader {
public:
    QString formatName() const override;
    bool readsFolders() const override { return true; }
    int confidence(const QString& path, const QByteArray& head) const override;
    Result<LogContents> read(const QString& path, const LogReadOptions& options) const override;
};

}  // namespace annealer
