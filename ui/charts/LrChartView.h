#pragma once

#include "AxisZoom.h"
#include "ScheduleHandles.h"
#include "XAxisScale.h"
#include "project/Project.h"

#include <QChartView>

#include <map>
#include <optional>
#include <vector>

class QLineSeries;
class QValueAxis;
class QAbstractAxis;

namespace annealer {

class ProjectDocument;
class TickLabelAxis;

// The learning-rate chart: the selected schedule drawn boldly with drag handles for its
// parameters, the other visible schedules faded behind it. Dragging a handle edits the schedule
// through one undoable command per drag; in draw mode a mouse stroke becomes control points.
class LrChartView : public QChartView {
    Q_OBJECT
public:
    explicit LrChartView(ProjectDocument* document, QWidget* parent = nullptr);

    void setCurrentSchedule(std::optional<ItemId> id);
    std::optional<ItemId> currentSchedule() const { return current_; }

    void setDrawMode(bool on);
    bool drawMode() const { return drawMode_; }

    // The handles of the selected schedule and where they are drawn (viewport coordinates).
    std::vector<ScheduleHandle> handles() const;
    QPoint handlePosition(const ScheduleHandle& handle) const;
    // Viewport position of a (step, lr) point, and back.
    QPointF positionOf(double step, double lr) const;
    QPointF valueAt(const QPointF& position) const;  // (step, lr)

    QLineSeries* seriesOf(ItemId id) const;
    const XAxisScale& xScale() const { return xScale_; }
    // The axes carrying the labels shown: the step axis's, the LR axis's on a log scale (null
    // on a linear one).
    TickLabelAxis* xLabels() const { return xLabels_; }
    TickLabelAxis* yLabels() const { return yLabels_; }
    // Axis units per LR: the y axis shows LR * yFactor (a common power of ten, in its title).
    double yFactor() const { return yFactor_; }
    QRectF plotRect() const;  // the plot area in viewport coordinates

    // Zoom and pan of the LR axis (wheel; middle button or Shift+drag) and back to the range
    // that fits the schedules (Home, View > Fit Charts to View).
    void fitToView();
    bool isZoomed() const;

signals:
    void interactionStarted(annealer::ItemId id);
    void interactionFinished(annealer::ItemId id);
    void statusMessage(const QString& text);
    void drawModeChanged(bool on);

protected:
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;
    bool viewportEvent(QEvent* event) override;
    void drawForeground(QPainter* painter, const QRectF& rect) override;

private:
    struct Drag {
        ScheduleHandle startHandle;  // as it was when pressed: kind, index, step and LR
        QPointF pressedAt;
        int mergeKey = 0;
    };

    void rebuild();
    void updateSeries(ItemId id);  // samples the schedule again
    void pushSeries(ItemId id);    // shows the sampled points in the current axis units
    void pushAllSeries();
    void updateAxes(bool allowShrink);
    void updateStyle();
    void layoutPlot();
    int columns() const;
    std::optional<ScheduleHandle> handleAt(const QPointF& position) const;
    void dragTo(const QPointF& position);
    void finishStroke();
    // Free-form curves: a double click adds a control point, the context menu removes one.
    void addControlPoint(const QPointF& position);
    void removeControlPoint(int index);
    double snapStep(double step) const;
    const ProjectSchedule* currentEntry() const;

    ProjectDocument* document_;
    QChart* chart_;
    AxisZoom lrZoom_;
    QValueAxis* xAxis_;
    QAbstractAxis* yAxis_ = nullptr;
    TickLabelAxis* xLabels_ = nullptr;  // the step labels
    TickLabelAxis* yLabels_ = nullptr;  // the log LR labels (a linear axis labels itself)
    bool logScale_ = false;
    double yMin_ = 0.0, yMax_ = 1.0;  // in LR
    double yFactor_ = 1.0;            // axis units per LR (a common power of ten)
    XAxisScale xScale_;
    std::map<ItemId, QLineSeries*> series_;
    std::map<ItemId, std::vector<QPointF>> sampled_;  // (step, lr) per series
    std::optional<ItemId> current_;
    std::optional<Drag> drag_;
    std::optional<ScheduleHandle> hovered_;
    bool drawMode_ = false;
    std::vector<QPointF> stroke_;  // viewport coordinates
    bool stroking_ = false;
};

}  // namespace annealer
