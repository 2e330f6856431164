#pragma once

#include <QString>
#include <QStringList>

#include <cstdint>
#include <vector>

namespace annealer {

// One metric of one run as logged: values at (strictly increasing) steps.
struct MetricSeries {
    QString name;  // the column or tag name as in the log, e.g. "val_loss", "lr"
    std::vector<std::int64_t> steps;
    std::vector<double> values;
};

// A column or tag that could not be read as a metric, kept so that picking it by name gives the
// reason instead of "no such metric".
struct LeftOutMetric {
    QString name;
    QString problem;  // e.g. "run.csv:7: column 'lr': 'abc' is not a number"
};

// What a log file holds, before anyone decides which metric is the loss and which the LR.
struct LogRun {
    QString name;
    std::vector<MetricSeries> metrics;
    std::vector<LeftOutMetric> leftOut;
    // The steps are epochs: the log has no step, its epoch column is the step axis (said in the
    // notes); LogReadOptions::stepsPerEpoch turns them into steps.
    bool epochAxis = false;

    // Exact name match; nullptr if there is none.
    const MetricSeries* metric(const QString& name) const;
    const LeftOutMetric* leftOutMetric(const QString& name) const;
};

struct LogContents {
    QString source;  // the file or folder read
    QString format;  // e.g. "delimited text (comma)"
    std::vector<LogRun> runs;
    QStringList notes;  // things the user should know that are not errors (a torn last record, ...)
};

}  // namespace annealer
