#pragma once

#include "fit/FitRange.h"
#include "project/Project.h"

#include <QByteArray>
#include <QMetaType>
#include <QPointF>
#include <QString>

#include <cstdint>
#include <vector>

namespace annealer {

// The predicted loss of one schedule, ready to draw: (step, loss) points decimated to about two
// per pixel column, and the loss at the last step; with parameters from a fit, also the band of
// +-kBandSigmas standard deviations the fit's uncertainty leaves (fit/PredictionBand.h).
struct PredictedCurve {
    ItemId id = 0;
    QByteArray scheduleKey;
    QByteArray lawKey;
    int columns = 0;
    // false: from the block-sampled schedule (a preview while dragging); true: every step.
    bool exact = false;
    std::vector<QPointF> points;
    std::int64_t finalStep = 0;
    double finalLoss = 0.0;
    // The band's edges at a few hundred steps (it is smooth); empty without a covariance.
    std::vector<QPointF> bandLower;
    std::vector<QPointF> bandUpper;
    double finalSigma = 0.0;  // one standard deviation of finalLoss; 0 without a covariance
    // Where the schedule leaves the range the fit saw (fit/FitRange.h): from there on the curve
    // and its band are extrapolation. `outsideText` says how, for tooltips; empty inside.
    RangeExit outside;
    QString outsideText;
    // How the band beyond the exit was treated (extrapolationBandNote in fit/FitRange.h): widened
    // by the fit's cross-validated error from there on, or why it could not be; empty inside.
    QString bandNote;
    QString error;            // why there is no curve (the law failed on this schedule)
};

}  // namespace annealer

Q_DECLARE_METATYPE(annealer::PredictedCurve)
