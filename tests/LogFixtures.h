#pragma once

// The log fixtures under tests/data/logs, and a metric of a run read from one.
#include "run/LogContents.h"

#include <QString>
#include <QtGlobal>

inline const QString kLogs = QStringLiteral(ANNEALER_TEST_DATA_DIR "/logs/");

// The run's metric of that name; a missing one ends the test program (every check after it
// would read nothing).
inline const annealer::MetricSeries& metricOf(const annealer::LogRun& run, const char* name) {
    const annealer::MetricSeries* m = run.metric(QString::fromLatin1(name));
    if (!m) qFatal("no metric %s", name);
    return *m;
}
