#pragma once

#include "RunFitCurve.h"
#include "SeriesPool.h"

#include <QChartView>
#include <QStringList>

#include <vector>

class QValueAxis;

namespace annealer {

// Runs' observed points with a fitted law's prediction through them, shaded with its
// uncertainty band: a fit's curves, or several laws' predictions of the same runs side by side
// (one line style per law: solid, dashed, dotted).
class FitCurvesChart : public QChartView {
    Q_OBJECT
public:
    explicit FitCurvesChart(QWidget* parent = nullptr);

    // predictions[k]: law k's curves of the runs (the observed points come from the first), drawn
    // solid, dashed, dotted; the legend names the runs once. lawNames is for the tooltip.
    void setCurves(const std::vector<std::vector<RunFitCurve>>& predictions,
                   const QStringList& lawNames);
    int predictionSeriesCount() const { return predictionSeries_; }

protected:
    void changeEvent(QEvent* event) override;

private:
    QChart* chart_;
    QValueAxis* xAxis_;
    QValueAxis* yAxis_;
    SeriesPool observed_;
    SeriesPool bands_;
    SeriesPool lines_;
    int predictionSeries_ = 0;
};

}  // namespace annealer
