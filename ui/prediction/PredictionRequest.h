#pragma once

#include "fit/FitRange.h"
#include "project/Project.h"

#include <QByteArray>
#include <QString>

#include <limits>
#include <vector>

namespace annealer {

// One schedule whose predicted curve is wanted.
struct PredictionJob {
    ItemId id = 0;
    Schedule schedule;
    QByteArray scheduleKey;    // scheduleIdentity(schedule): what caches and results are keyed by
    bool interactive = false;  // being dragged: a quick block-sampled preview is enough for now
};

// What the views want predicted, as a whole: a newer request replaces an older one.
struct PredictionRequest {
    QString lawId;
    std::vector<double> parameters;
    std::vector<double> covariance;   // of the parameters, from their fit; empty: no band
    QByteArray lawKey;                // lawIdentity(lawId, parameters, covariance)
    std::vector<PredictionJob> jobs;  // schedules whose shown curve is out of date
    std::vector<ItemId> liveIds;      // every schedule still in the project (for the cache)
    int columns = 800;                // device pixels across the loss chart's plot area
    // What the fit in use saw (unknown for parameters typed in): each curve says where its
    // schedule leaves it. Part of lawKey, as it changes what a curve says.
    FitRange fitRange;
    // The fit's leave-one-run-out PredE (FitResult::crossValidatedPredE; NaN without one) and
    // how many runs it was made on: beyond fitRange a band is widened by that error
    // (widenBeyondRange in fit/PredictionBand.h), or says why it could not be. Part of lawKey.
    double crossValidatedPredE = std::numeric_limits<double>::quiet_NaN();
    int fittedRuns = 0;
};

// Compact identities, cheap to compare: equal keys mean equal predictions.
QByteArray scheduleIdentity(const Schedule& schedule);
QByteArray lawIdentity(const QString& lawId, const std::vector<double>& parameters,
                       const std::vector<double>& covariance = {});

}  // namespace annealer
