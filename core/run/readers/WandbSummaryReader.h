#pragma once

#include "run/LogReader.h"

namespace annealer {

// W&B's wandb-summary.json (in a run's files/ folder): one JSON object of each metric's last
// (or best) value. It holds no history, so it is recognised only to be refused with why and
// where the history is (the run's .wandb file beside it, or a history export), instead of being
// misread as CSV or JSON Lines.
class WandbSummaryReader : public LogReader {
public:
    QString formatName() const override;
    int confidence(const QString& path, const QByteArray& head) const override;
    Result<LogContents> read(const QString& path, const LogReadOptions& options) const override;
};

}  // namespace annealer
