#pragma once

// The multi-power paper's loss curves (tests/data/multipower, see its NOTICE) as runs.
#include "run/LogImport.h"
#include "run/Run.h"

#include <QString>
#include <QtGlobal>

// One curve: `size` is the model ("25" or "100"), `name` the schedule ("cosine_24000"). A curve
// that cannot be read ends the test program: the suites' figures stand on these files.
inline annealer::Run readMultipowerRun(const QString& name,
                                       const QString& size = QStringLiteral("25")) {
    const QString path =
        QStringLiteral(ANNEALER_TEST_DATA_DIR "/multipower/csv_%1/%2.csv").arg(size, name);
    auto runs = annealer::readRuns(path, {}, {});
    if (!runs) qFatal("%s", qPrintable(runs.error()));
    return runs->front();
}
