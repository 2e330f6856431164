#pragma once

#include "run/LogReader.h"

#include <string_view>
#include <vector>

namespace annealer {

// The tolerant reader of console logs nobody has written a reader for: lines of "key=value",
// "key: value", "key:value" or "| key value |" pairs (llm.c "s:250 trl:5.12 lr:6.0e-04",
// modded-nanogpt "step:125/1750 val_loss:4.50", fairseq "| epoch 001 | loss 9.12 | num_updates
// 100 |", OLMo "[step=120/7630]" then indented "train/CrossEntropyLoss=3.84" lines). A line
// counts when it holds a step-like key with a whole number ("N/TOTAL" gives N); indented lines of
// pairs after it belong to its step; every other line (a script dump, warnings) is passed over.
// Values with thousands separators ("1,104") are read as numbers; values with units or text
// are not taken. The step is the first step-like key present (kStepKeys, epoch last: then the
// epoch is the step, and the notes say so). It is the fallback before "not a log format".
class KeyValueLogReader : public LogReader {
public:
    QString formatName() const override;
    int confidence(const QString& path, const QByteArray& head) const override;
    Result<LogContents> read(const QString& path, const LogReadOptions& options) const override;

    struct Pair {
        std::string_view key;
        std::string_view value;  // as printed, cleaned of separators and "/TOTAL"
    };
    // The pairs of one line, in order; values that are no number are included (as text).
    static void scanPairs(std::string_view line, std::vector<Pair>* out);
};

}  // namespace annealer
