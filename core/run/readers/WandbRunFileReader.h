#pragma once

#include "run/LogReader.h"

namespace annealer {

// W&B's binary run file (run-<id>.wandb, in wandb/run-<date>-<id>/), where recent clients keep
// the run's history: a 7-byte header (":W&B", magic 0xBEE1, version), then protobuf Record
// messages in LevelDB log framing (LevelDbLogReader). Of the records only these fields are read
// (wandb_internal.proto):
//   Record:        history = 2 (HistoryRecord), run = 17 (RunRecord)
//   HistoryRecord: item = 1 (repeated HistoryItem), step = 2 (HistoryStep: num = 1)
//   HistoryItem:   key = 1, nested_key = 2 (repeated; joined with '/'), value_json = 16
//   RunRecord:     run_id = 1, display_name = 8
// Each history record is a row; its values are JSON (numbers, "NaN", strings; media objects such
// as tables and images are left out, named as such). The step is `_step` (or trainer/global_step and the other
// step keys, as for W&B's JSON history). A file that ends inside a record (a run still writing,
// or killed) is read up to there, with a note; damage elsewhere is an error naming the byte.
class WandbRunFileReader : public LogReader {
public:
    QString formatName() const override;
    int confidence(const QString& path, const QByteArray& head) const override;
    Result<LogContents> read(const QString& path, const LogReadOptions& options) const override;
};

}  // namespace annealer
