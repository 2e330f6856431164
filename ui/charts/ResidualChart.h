#pragma once

#include "RunFitCurve.h"
#include "SeriesPool.h"

#include <QChartView>

#include <vector>

class QLineSeries;
class QValueAxis;

namespace annealer {

// The residuals of a fit: (predicted - observed) / observed, in percent, at every point inside
// the fit's window, one colour per run; fitted runs as dots, held-out runs as squares. A law
// that fits leaves them scattered about zero; a pattern is what it misses.
class ResidualChart : public QChartView {
    Q_OBJECT
public:
    explicit ResidualChart(QWidget* parent = nullptr);

    void setCurves(const std::vector<RunFitCurve>& curves);
    int pointCount() const { return points_; }

protected:
    void changeEvent(QEvent* event) override;

private:
    QChart* chart_;
    QValueAxis* xAxis_;
    QValueAxis* yAxis_;
    QLineSeries* zero_;
    SeriesPool runs_;
    int points_ = 0;
};

}  // namespace annealer
