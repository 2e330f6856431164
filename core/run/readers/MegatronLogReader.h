#pragma once

#include "run/LogReader.h"

namespace annealer {

// A Megatron-LM console log: training lines " [time] iteration 100/ 10000 | name: value | ..."
// give metrics named as printed ("lm loss", "learning rate", "grad norm"); validation lines
// " validation loss at iteration 1000 [on validation set] | lm loss value: ... | lm loss PPL: ..."
// give "validation lm loss", "validation lm loss PPL" ("test ..." on the test set). Other lines
// are ignored. A restarted job that logs iterations again replaces the earlier values.
class MegatronLogReader : public LogReader {
public:
    QString formatName() const override;
    int confidence(const QString& path, const QByteArray& head) const override;
    Result<LogContents> read(const QString& path, const LogReadOptions& options) const override;
};

}  // namespace annealer
