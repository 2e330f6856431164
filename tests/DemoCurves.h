#pragma once

// The built-in demo's curves (resources/demo/curves, made by this project; see its NOTICE), read
// from the source tree as `annealer fit` reads them. Part of every clone, so tests on them always
// run.
#include "run/LogImport.h"
#include "run/Run.h"

#include <QString>
#include <QtGlobal>

// One curve as a run: `name` is the schedule ("cosine10", "wsd30"). A curve that cannot be read
// ends the test program: the suites' checks stand on these files.
inline annealer::Run readDemoCurve(const QString& name) {
    auto runs =
        annealer::readRuns(QStringLiteral(ANNEALER_DEMO_CURVES_DIR "/%1.csv").arg(name), {}, {});
    if (!runs) qFatal("%s", qPrintable(runs.error()));
    return runs->front();
}
