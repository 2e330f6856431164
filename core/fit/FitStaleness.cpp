#include "fit/FitStaleness.h"

#include <QObject>

#include <algorithm>

namespace annealer {

namespace {

QString problemWith(const FittedRun& used, bool heldOut, std::span<const RunIdentity> runs) {
    const auto sameName = [&](const RunIdentity& run) { return run.name == used.name; };
    if (used.dataKey.isEmpty()) {
        if (std::any_of(runs.begin(), runs.end(), sameName)) return {};
    } else if (std::any_of(runs.begin(), runs.end(),
                           [&](const RunIdentity& run) { return run.dataKey == used.dataKey; })) {
        return {};
    }
    const QString role = heldOut ? QObject::tr("held-out run") : QObject::tr("fitted run");
    if (std::any_of(runs.begin(), runs.end(), sameName))
        return QObject::tr("the %1 %2 now holds other data").arg(role, used.name);
    return QObject::tr("the %1 %2 is no longer in the project").arg(role, used.name);
}

}  // namespace

QStringList fitStaleness(const FitResult& fit, std::span<const RunIdentity> runs) {
    QStringList problems;
    for (const FittedRun& used : fit.runs)
        if (QString problem = problemWith(used, false, runs); !problem.isEmpty())
            problems << problem;
    for (const FittedRun& used : fit.heldOut)
        if (QString problem = problemWith(used, true, runs); !problem.isEmpty())
            problems << problem;
    return problems;
}

}  // namespace annealer
