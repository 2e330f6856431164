#include "run/LogContents.h"

namespace annealer {

const MetricSeries* LogRun::metric(const QString& wanted) const {
    for (const MetricSeries& series : metrics) {
        if (series.name == wanted) return &series;
    }
    return nullptr;
}

const LeftOutMetric* LogRun::leftOutMetric(const QString& wanted) const {
    for (const LeftOutMetric& left : leftOut) {
        if (left.name == wanted) return &left;
    }
    return nullptr;
}

}  // namespace annealer
