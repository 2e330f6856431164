#include "FitTitle.h"

#include "fit/FitDoubts.h"

#include <QObject>

namespace annealer {

QString fitTitle(const FitResult& fit, int index, bool stale) {
    QString runs;
    for (std::size_t i = 0; i < fit.runs.size() && i < 3; ++i)
        runs += (i ? QStringLiteral(", ") : QString()) + fit.runs[i].name;
    if (fit.runs.size() > 3) runs += QStringLiteral(", …");
    QString title = QObject::tr("Fit %1: %2 on %3").arg(index + 1).arg(fit.lawId, runs);
    if (!fitDoubts(fit).isEmpty()) title += QObject::tr(" (doubtful)");
    if (stale) title += QObject::tr(" (stale)");
    return title;
}

}  // namespace annealer
