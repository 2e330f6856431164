#pragma once

// The continual pre-training curves of resources/demo/cpt (made by tools/train_cpt_curves.py,
// see its NOTICE) as runs of one validation loss, with their transfer step.
#include "law/CptLaw.h"
#include "run/LogImport.h"
#include "run/Run.h"

#include <QDir>
#include <QFileInfo>
#include <QString>

inline QString cptDemoDir() {
    return QDir::cleanPath(QStringLiteral(ANNEALER_TEST_DATA_DIR "/../../resources/demo/cpt"));
}

// The transfer step of each demo run (see the NOTICE): 380 for the run branched before the
// decay, else 500.
inline std::int64_t cptDemoTransferStep(const QString& name) {
    return name.endsWith(QLatin1String("from380")) ? 380 : 500;
}

// One run, its loss the column `lossColumn` (val_pt or val_cpt), the LR interpolated between
// the logged samples as shared/tools/cpt_law_reference.py does (no schedule recognition), the
// PT warmup taken as the reference takes it. A file that cannot be read ends the test program.
inline annealer::Run readCptDemoRun(const QString& name, const QString& lossColumn) {
    annealer::RunAssemblyOptions assembly;
    assembly.lossMetric = lossColumn;
    assembly.lrMetric = QStringLiteral("lr");
    assembly.recognizeSchedule = false;
    auto runs = annealer::readRuns(cptDemoDir() + QLatin1Char('/') + name + QStringLiteral(".csv"),
                                   {}, assembly);
    if (!runs) qFatal("%s", qPrintable(runs.error()));
    annealer::Run run = runs->front();
    run.name = name;
    run.schedule.transferStep = cptDemoTransferStep(name);
    run.schedule.warmupSteps = annealer::cptWarmupSteps(run.schedule);
    return run;
}
