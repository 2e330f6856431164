#pragma once

// The accuracy protocols of the public curve sets (read in place, see SharedData.h): which
// runs a fit sees and which it must predict.
// - multipower 25M / 100M (shared/data/multipower/README.md): fit cosine_24000 + constant_24000
//   + wsdcon_9, predict the other six;
// - schaipp124m (shared/data/schaipp124m/README.md): fit constant_50000 + cos10_50000, predict
//   twelve cosine and cooldown runs.
#include "run/LogImport.h"
#include "run/Run.h"

#include "SharedData.h"

#include <QString>
#include <QStringList>
#include <QtGlobal>

#include <vector>

struct PublicProtocol {
    QString name;     // "25M", "100M", "124M"
    QString dataSet;  // folder under shared/data
    QString folder;   // inside it
    QStringList training;
    QStringList heldOut;

    QString path(const QString& run) const {
        return sharedDataPath(dataSet) + QStringLiteral("/") + folder + run + QStringLiteral(".csv");
    }
    // A run that cannot be read ends the test program: the figures stand on these files.
    annealer::Run read(const QString& run, const annealer::RunAssemblyOptions& options = {}) const {
        auto runs = annealer::readRuns(path(run), {}, options);
        if (!runs) qFatal("%s", qPrintable(runs.error()));
        return runs->front();
    }
    std::vector<annealer::Run> trainingRuns(const annealer::RunAssemblyOptions& options = {}) const {
        std::vector<annealer::Run> runs;
        for (const QString& run : training) runs.push_back(read(run, options));
        return runs;
    }
};

inline PublicProtocol multipowerProtocol(const QString& size) {
    return {size + QStringLiteral("M"), QStringLiteral("multipower"),
            QStringLiteral("csv_%1/").arg(size),
            {QStringLiteral("cosine_24000"), QStringLiteral("constant_24000"), QStringLiteral("wsdcon_9")},
            {QStringLiteral("constant_72000"), QStringLiteral("cosine_72000"),
             QStringLiteral("wsd_20000_24000"), QStringLiteral("wsdld_20000_24000"),
             QStringLiteral("wsdcon_3"), QStringLiteral("wsdcon_18")}};
}

inline PublicProtocol schaippProtocol() {
    return {QStringLiteral("124M"), QStringLiteral("schaipp124m"), QString(),
            {QStringLiteral("constant_50000"), QStringLiteral("cos10_50000")},
            {QStringLiteral("cos0_25000"), QStringLiteral("cos0_50000"), QStringLiteral("cos10_25000"),
             QStringLiteral("wsdlinear0.1_25000"), QStringLiteral("wsdlinear0.2_25000"),
             QStringLiteral("wsdlinear0.4_25000"), QStringLiteral("wsdlinear0.6_25000"),
             QStringLiteral("wsdlinear0.8_25000"), QStringLiteral("wsdlinear0.2_50000"),
             QStringLiteral("wsdlinear0.4_50000"), QStringLiteral("wsdsqrt0.2_25000"),
             QStringLiteral("wsdsqrt0.2_50000")}};
}

// Every public protocol, for tests of properties that must hold on any data.
inline std::vector<PublicProtocol> publicProtocols() {
    return {multipowerProtocol(QStringLiteral("25")), multipowerProtocol(QStringLiteral("100")),
            schaippProtocol()};
}
