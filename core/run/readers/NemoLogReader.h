#pragma once

#include "run/LogReader.h"

namespace annealer {

// A NeMo 2 console log: "Training epoch 0, iteration 3/9 | lr: 0.0006 | global_step: 3 |
// reduced_train_loss: 8.595 | ..." lines; the step is global_step, else the iteration. The
// progress printer repeats the last validation values (val_loss, ...) on every line after a
// validation; each is taken at the step it first appears. A restart replaces earlier values.
class NemoLogReader : public LogReader {
public:
    QString formatName() const override;
    int confidence(const QString& path, const QByteArray& head) const override;
    Result<LogContents> read(const QString& path, const LogReadOptions& options) const override;
};

}  // namespace annealer
