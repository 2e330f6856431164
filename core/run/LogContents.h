#pragma once

#include <QString>

#include <cstdint>
#include <vector>

namespace annealer {

// One metric of one run as logged: values at (strictly increasing) steps.
struct MetricSeries {
    QString name;  // the column or tag name as in the log, e.g. "val_loss", "lr"
    std::vector<std::int64_t> steps;
    std::vector<double> values;
};

// What a log file holds, before anyone decides which metric is the loss and which the LR.
struct LogRun {
    QString name;
    std::vector<MetricSeries> metrics;

    const MetricSeries* metric(const QString& name) const;
};

struct LogContents {
    QString source;  // the file or folder read
    QString format;  // e.g. "delimited text (comma)"
    std::vector<LogRun> runs;
};

}  // namespace annealer
