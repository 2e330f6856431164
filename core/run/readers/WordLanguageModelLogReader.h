#pragma once

#include "run/LogReader.h"

namespace annealer {

// The console log of PyTorch's word-language-model example (examples/word_language_model), and
// of the many scripts made from it:
//   | epoch   1 |   200/ 2983 batches | lr 20.00 | ms/batch 45.12 | loss  7.63 | ppl  2060.17
//   | end of epoch   1 | time: 123.45s | valid loss  5.50 | valid ppl   244.69
// The step counts batches over the epochs: batch b of N in epoch e is step (e-1)*N + b; the
// end-of-epoch validation is at step e*N. Metrics: loss, lr, ppl, ms/batch, valid_loss,
// valid_ppl (and test_loss, test_ppl of the "End of training" line, at the last step).
class WordLanguageModelLogReader : public LogReader {
public:
    QString formatName() const override;
    int confidence(const QString& path, const QByteArray& head) const override;
    Result<LogContents> read(const QString& path, const LogReadOptions& options) const override;
};

}  // namespace annealer
