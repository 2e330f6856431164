#pragma once

#include "run/LogReader.h"

namespace annealer {

// A Weights & Biases panel exported as CSV: the x axis ("Step") first, then per run the columns
// "<run> - <metric>", "<run> - <metric>__MIN" and "<run> - <metric>__MAX" (the last two, the
// band of a smoothed or grouped line, are ignored); grouped runs read "Group: <name> - <metric>".
// One file holds several runs. The cells are read by DelimitedTextReader.
class WandbPanelCsvReader : public LogReader {
public:
    QString formatName() const override;
    int confidence(const QString& path, const QByteArray& head) const override;
    Result<LogContents> read(const QString& path, const LogReadOptions& options) const override;
};

}  // namespace annealer
