#pragma once

#include "run/LogReader.h"

namespace annealer {

// A W&B run history exported as JSON: {"history": {"<group>": {"<step key>": [...], "<metric>":
// [...]}, ...}} (column lists, one step list per group), or {"history": [{row}, {row}, ...]}. The
// metrics of all groups make one run; a key found in several groups is named "<group>/<key>".
class WandbHistoryJsonReader : public LogReader {
public:
    QString formatName() const override;
    int confidence(const QString& path, const QByteArray& head) const override;
    Result<LogContents> read(const QString& path, const LogReadOptions& options) const override;
};

}  // namespace annealer
