#pragma once

#include "run/LogReader.h"

#include <string_view>

namespace annealer {

// fairseq's JSON log format (--log-format json, and every hydra_train.log of fairseq-hydra-train):
// lines "[<time>][train_inner][INFO] - {...}" (fairseq 0.12) or "<time> | INFO | train_inner |
// {...}" (older), one JSON object a record whose values are mostly quoted strings
// ("loss": "9.12", "num_updates": "100"). train_inner records give the training values at
// num_updates; valid records (tag "valid" or another subset's name, keys "valid_loss",
// "valid_num_updates") the validation values. train records (the epoch's averages of the
// train_inner values, keys "train_loss", "train_wall", ...) and all other lines (the config
// dump, warnings) are passed over; a restarted job that logs updates again replaces the
// earlier values.
class FairseqJsonLogReader : public LogReader {
public:
    QString formatName() const override;
    int confidence(const QString& path, const QByteArray& head) const override;
    Result<LogContents> read(const QString& path, const LogReadOptions& options) const override;

    struct Record {
        std::string_view tag;   // "train_inner", "valid", "train", ...
        std::string_view json;  // the object, from '{' to the end of the line
    };
    // The record on a line, if it holds one.
    static bool findRecord(std::string_view line, Record* record);
};

}  // namespace annealer
