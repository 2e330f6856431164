#pragma once

#include "CptChartView.h"

namespace annealer {

class CptDocument;
class CptPredictions;

// One of the CPT designer's loss charts, over the same steps as its LR chart: the predicted
// loss on the pre-training data, on the new data, or their weighted sum w * L_pt + (1 - w) * L_cpt,
// of every visible schedule, the selected one bold with its ±2σ band, with the observed
// losses of a schedule's run as dots.
class CptLossChart : public CptChartView {
    Q_OBJECT
public:
    enum class Measure { PretrainingData, NewData, Weighted };
    CptLossChart(Measure measure, CptDocument* document, CptPredictions* predictions,
                 QWidget* parent = nullptr);

    Measure measure() const { return measure_; }
    // The selected schedule's predicted curve as drawn (step, loss), for tests.
    QList<QPointF> selectedCurve() const { return selectedCurve_; }

private:
    void redraw();
    QString title() const;

    Measure measure_;
    CptDocument* document_;
    CptPredictions* predictions_;
    QList<QPointF> selectedCurve_;
};

}  // namespace annealer
