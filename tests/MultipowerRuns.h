#pragma once

// The multi-power paper's loss curves (../shared/data/multipower, read in place; see its
// README.md) as runs. A test that reads them starts with SKIP_WITHOUT_SHARED_DATA("multipower").
#include "run/LogImport.h"
#include "run/Run.h"

#include "SharedData.h"

#include <QString>
#include <QtGlobal>

// The file of one curve: `size` is the model ("25" or "100"), `name` the schedule
// ("cosine_24000").
inline QString multipowerCurvePath(const QString& name,
                                   const QString& size = QStringLiteral("25")) {
    return sharedDataPath(QStringLiteral("multipower")) +
           QStringLiteral("/csv_%1/%2.csv").arg(size, name);
}

// One curve as a run. A curve that cannot be read ends the test program: the suites' figures
// stand on these files (a test whose data set is absent has skipped before it gets here).
inline annealer::Run readMultipowerRun(const QString& name,
                                       const QString& size = QStringLiteral("25")) {
    auto runs = annealer::readRuns(multipowerCurvePath(name, size), {}, {});
    if (!runs) qFatal("%s", qPrintable(runs.error()));
    return runs->front();
}
