#pragma once

#include "AxisZoom.h"
#include "LossLegend.h"
#include "XAxisScale.h"
#include "project/Project.h"

#include <QChartView>

#include <map>
#include <optional>
#include <utility>
#include <vector>

class QAreaSeries;
class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace annealer {

class LivePrediction;
class ProjectDocument;
class TickLabelAxis;

// The loss chart, on the same x axis as the LR chart: the predicted loss of every visible
// schedule (as LivePrediction delivers it), shaded with its uncertainty band when the law comes
// from a fit, and the observed points of every visible run.
class LossChartView : public QChartView {
    Q_OBJECT
public:
    LossChartView(ProjectDocument* document, LivePrediction* prediction, QWidget* parent = nullptr);

    QLineSeries* curveSeries(ItemId scheduleId) const;
    QAreaSeries* bandSeries(ItemId scheduleId) const;
    QScatterSeries* runSeries(ItemId runId) const;
    // Pixel columns of the plot area, for the resolution predictions are made at.
    int columns() const;

    // Zoom and pan of the loss axis (wheel; middle button or Shift+drag) and back to the range
    // that fits the curves (double click, Home, View > Fit Charts to View).
    void fitToView();
    bool isZoomed() const;

    // While the user drags, the loss axis holds still instead of rescaling with every frame.
    void setInteractionActive(bool active);

    // The focus view: the last kFocusFraction of the steps, the loss axis fitted to what the
    // curves and runs do there, so that final-loss gaps of a few hundredths show as gaps.
    static constexpr double kFocusFraction = 0.25;
    void setFocusOnEnd(bool on);
    bool focusOnEnd() const { return focusOnEnd_; }
    const XAxisScale& xScale() const { return xScale_; }
    TickLabelAxis* xLabels() const { return xLabels_; }  // the axis carrying the step labels
    // The legend as drawn: its entries and their places, in chart coordinates.
    const LossLegend& legend() const { return legend_; }

    // The step under the crosshair (the mouse over the plot), if any.
    std::optional<double> crosshairStep() const;
    // Each drawn schedule curve's predicted loss at `step` (linear between its points), in the
    // order of the project's schedules; curves hidden from the legend or not reaching it skipped.
    std::vector<std::pair<ItemId, double>> curveValuesAt(double step) const;

    // Where a schedule leaves the range the fit saw (fit/FitRange.h): the marker on its curve,
    // in viewport coordinates (none when the curve stays inside or the step is out of view),
    // and what its tooltip says. Beyond the marker the band is drawn dashed: extrapolation.
    std::optional<QPointF> extrapolationMarker(ItemId scheduleId) const;
    QString extrapolationTip(ItemId scheduleId) const;

signals:
    void statusMessage(const QString& text);
    void columnsChanged(int columns);

protected:
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void drawForeground(QPainter* painter, const QRectF& rect) override;

private:
    void rebuild();
    void updateCurve(ItemId id);
    void updateRuns();
    void updateAxes();
    void updateRanges();
    void updateLegend();
    void layoutPlot();
    void toggleLegendEntry(const LossLegend::Entry& entry);
    void drawCrosshair(QPainter* painter) const;
    void drawExtrapolation(QPainter* painter) const;
    QPointF toScene(double displayX, double loss) const;     // chart values to scene coordinates
    QPointF valueAt(const QPointF& viewportPosition) const;  // (display x, loss)

    ProjectDocument* document_;
    LivePrediction* prediction_;
    QChart* chart_;
    QValueAxis* xAxis_;
    TickLabelAxis* xLabels_ = nullptr;  // the step labels
    QValueAxis* yAxis_;
    XAxisScale xScale_;
    std::map<ItemId, QLineSeries*> curves_;
    std::map<ItemId, QAreaSeries*> bands_;
    QAreaSeries* bandInLegend_ = nullptr;  // the band whose legend entry explains the shading
    bool bandShown_ = false;               // ... shown while it has a band to explain
    std::map<ItemId, QScatterSeries*> runs_;
    LossLegend legend_;
    bool interactionActive_ = false;
    AxisZoom lossZoom_;  // set by the wheel and drags; else the range is automatic
    bool focusOnEnd_ = false;
    std::optional<double> crosshair_;  // display x under the mouse
};

}  // namespace annealer
