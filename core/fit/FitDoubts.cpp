#include "fit/FitDoubts.h"

#include "law/LossLaw.h"

#include <cmath>

namespace annealer {

namespace {

QString percent(double fraction) {
    return QStringLiteral("%1%").arg(std::round(fraction * 100.0), 0, 'f', 0);
}

}  // namespace

QStringList fitDoubts(const FitResult& fit) {
    QStringList doubts;
    for (const FittedRun& run : fit.heldOut) {
        if (run.metrics.points > 0 && run.metrics.r2 < 0.0) {
            doubts << QStringLiteral("held-out run %1 has R² %2 (below 0: worse than its mean)")
                          .arg(run.name)
                          .arg(run.metrics.r2, 0, 'f', 2);
        }
    }
    const auto law = makeLaw(fit.lawId);
    const auto heldByPrior = [&](std::size_t i) {
        return law && fit.priorWeight > 0.0 && i < (*law)->parameters().size() &&
               (*law)->parameters()[i].priorWidth > 0.0;
    };
    for (std::size_t i = 0; i < fit.parameters.size() && i < fit.standardErrors.size(); ++i) {
        if (heldByPrior(i)) continue;
        const double value = std::abs(fit.parameters[i]);
        const double error = fit.standardErrors[i];
        if (!std::isfinite(error) || (value > 0.0 && error > kDoubtfulRelativeError * value)) {
            const QString name = i < fit.parameterNames.size() ? fit.parameterNames[i]
                                                               : QStringLiteral("#%1").arg(i + 1);
            doubts << QStringLiteral("parameter %1 has a standard error of %2 of its value")
                          .arg(name, std::isfinite(error) ? percent(error / value)
                                                          : QStringLiteral("infinity"));
        }
    }
    if (!fit.converged) {
        doubts << (fit.solverMessage.isEmpty()
                       ? QStringLiteral("the fit did not converge")
                       : QStringLiteral("the fit did not converge (%1)").arg(fit.solverMessage));
    }
    return doubts;
}

}  // namespace annealer
