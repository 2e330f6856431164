#pragma once

#include "run/LogReader.h"

namespace annealer {

// The trainer_state.json a Hugging Face Trainer writes into each checkpoint: its "log_history"
// holds training rows (loss, learning_rate, grad_norm, ...), evaluation rows (eval_loss, ...) and
// a final summary row (train_runtime, train_loss averaged over the run), which is left out.
// The run is named after the output folder (the one above checkpoint-N).
class HuggingFaceTrainerStateReader : public LogReader {
public:
    QString formatName() const override;
    int confidence(const QString& path, const QByteArray& head) const override;
    Result<LogContents> read(const QString& path, const LogReadOptions& options) const override;
};

}  // namespace annealer
