#pragma once

#include <QChartView>

#include <utility>
#include <vector>

class QAreaSeries;
class QLineSeries;
class QXYSeries;
class QScatterSeries;
class QValueAxis;

namespace annealer {
class TickLabelAxis;
}

namespace annealer {

// The frame every chart of the CPT designer shares: a step axis at the bottom (the same window
// in every chart, and the same plot-area margins, so the charts line up step for step), a
// value axis at the left, the palette's colours, and series made and dropped as curves come
// and go.
class CptChartView : public QChartView {
    Q_OBJECT
public:
    explicit CptChartView(const QString& title, QWidget* parent = nullptr);

    QValueAxis* xAxis() const { return xAxis_; }
    QValueAxis* yAxis() const { return yAxis_; }
    TickLabelAxis* xLabels() const { return xLabels_; }  // the axis carrying the step labels
    void setStepRange(double first, double last);
    // Sets the value axis to a readable range holding [low, high].
    void setValueRange(double low, double high, const QString& labelFormat, const QString& title);
    // Viewport position of a (step, value) point, and back.
    QPointF positionOf(double step, double value) const;
    QPointF valueAt(const QPointF& position) const;

    // The curves drawn last (visible ones), for tests.
    QList<QLineSeries*> visibleLines() const;

protected:
    // Drawing the curves again: beginCurves(), then one next...() per curve (series are kept
    // and refilled, which costs far less in a drag than making new ones), then endCurves()
    // hides the ones not used this time.
    void beginCurves();
    QLineSeries* nextLine(const QColor& colour, double width, Qt::PenStyle style = Qt::SolidLine);
    // A band between two curves; fill both returned lines (lower, upper).
    std::pair<QLineSeries*, QLineSeries*> nextBand(const QColor& colour);
    QScatterSeries* nextDots(const QColor& colour);
    void endCurves();
    // Sets a series' points only if they differ (Qt Charts lays a series out again on any
    // replace: in a drag, only the dragged schedule's curves change).
    static void setPoints(QXYSeries* series, const QList<QPointF>& points);
    // How many tick intervals fit along an axis at the chart's size.
    int roomForTicks(Qt::Orientation orientation) const;
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    template <typename Series>
    Series* attached(Series* series);

    QValueAxis* xAxis_;
    QValueAxis* yAxis_;
    TickLabelAxis* xLabels_;
    std::vector<QLineSeries*> lines_;
    std::vector<QAreaSeries*> bands_;
    std::vector<QScatterSeries*> dots_;
    struct ValueRange {
        double low = 0.0, high = 0.0;
        QString labelFormat, title;
    };
    std::pair<double, double> stepRange_{0.0, 0.0};
    ValueRange valueRange_;
    std::size_t usedLines_ = 0, usedBands_ = 0, usedDots_ = 0;
};

}  // namespace annealer
