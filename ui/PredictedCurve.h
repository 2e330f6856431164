#pragma once

#include "project/Project.h"

#include <QByteArray>
#include <QMetaType>
#include <QPointF>
#include <QString>

#include <cstdint>
#include <vector>

namespace annealer {

// The predicted loss of one schedule, ready to draw: (step, loss) points decimated to about two
// per pixel column, and the loss at the last step.
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
    QString error;  // why there is no curve (the law failed on this schedule)
};

}  // namespace annealer

Q_DECLARE_METATYPE(annealer::PredictedCurve)
