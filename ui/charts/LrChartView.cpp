#include "LrChartView.h"

#include "ChartStyle.h"
#include "EditScheduleCommand.h"
#include "FreeFormConversion.h"
#include "LrCurveSampling.h"
#include "NumberText.h"
#include "PredictionRequest.h"
#include "ProjectDocument.h"
#include "TickLabelAxis.h"
#include "schedule/PolylineSimplifier.h"

#include <QChart>
#include <QContextMenuEvent>
#include <QKeyEvent>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>
#include <QValueAxis>
#include <QWheelEvent>

#include <cmath>
#include <limits>
#include <tuple>

namespace annealer {

namespace {

constexpr double kHandleRadius = 5.5;
constexpr double kHitRadius = 10.0;
constexpr double kStrokeTolerance = 2.5;  // pixels

// Three significant digits: what a person reads off a chart, and what they would type.
double roundLr(double lr) {
    if (!(lr > 0.0) || !std::isfinite(lr)) return std::max(lr, 0.0);
    // Divide by a whole power of ten: 300 / 1e6 is the double nearest 3e-4, 300 * 1e-6 is not.
    const double scale = std::pow(10.0, 2.0 - std::floor(std::log10(lr)));
    return std::round(lr * scale) / scale;
}

// A two-axis handle moved mostly along one axis keeps the other: a horizontal drag of the
// decay start should not nudge the peak by a pixel's worth.
constexpr double kAxisDeadZone = 6.0;  // pixels

}  // namespace

LrChartView::LrChartView(ProjectDocument* document, QWidget* parent)
    : QChartView(parent), document_(document), chart_(new QChart), xAxis_(new QValueAxis) {
    setObjectName(QStringLiteral("lrChart"));
    chart_->legend()->hide();
    chart_->setMargins(QMargins(0, 0, 0, 0));
    chart_->addAxis(xAxis_, Qt::AlignBottom);
    xLabels_ = new TickLabelAxis(chart_, xAxis_, nullptr);
    setChart(chart_);
    setRenderHint(QPainter::Antialiasing);
    setMouseTracking(true);
    viewport()->setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    repaintOnFocusChange(this);
    setMinimumHeight(160);

    connect(document_, &ProjectDocument::projectReset, this, [this] {
        drag_.reset();
        hovered_.reset();
        rebuild();
    });
    connect(document_, &ProjectDocument::scheduleChanged, this, [this](ItemId id) {
        if (!series_.contains(id)) return;
        updateSeries(id);
        updateAxes(!drag_);
        viewport()->update();
    });
    connect(document_, &ProjectDocument::scheduleAppearanceChanged, this, [this] { rebuild(); });
    connect(document_, &ProjectDocument::scheduleInserted, this, [this] { rebuild(); });
    connect(document_, &ProjectDocument::scheduleRemoved, this, [this](ItemId id) {
        if (current_ == id) current_.reset();
        drag_.reset();
        rebuild();
    });
    connect(document_, &ProjectDocument::runsChanged, this, [this] { updateAxes(true); });
    connect(document_, &ProjectDocument::viewChanged, this, [this] { rebuild(); });
    updateStyle();
    rebuild();
}

void LrChartView::setCurrentSchedule(std::optional<ItemId> id) {
    if (id == current_) return;
    current_ = id;
    drag_.reset();
    hovered_.reset();
    rebuild();
}

void LrChartView::setDrawMode(bool on) {
    if (on == drawMode_) return;
    drawMode_ = on;
    stroke_.clear();
    stroking_ = false;
    viewport()->setCursor(on ? Qt::CrossCursor : Qt::ArrowCursor);
    viewport()->update();
    emit drawModeChanged(on);
    emit statusMessage(on ? tr("Draw mode: draw the LR after warmup with the mouse; Esc leaves")
                          : QString());
}

const ProjectSchedule* LrChartView::currentEntry() const {
    return current_ ? document_->project().findSchedule(*current_) : nullptr;
}

std::vector<ScheduleHandle> LrChartView::handles() const {
    const ProjectSchedule* entry = currentEntry();
    return entry ? scheduleHandles(entry->schedule) : std::vector<ScheduleHandle>{};
}

QLineSeries* LrChartView::seriesOf(ItemId id) const {
    const auto found = series_.find(id);
    return found == series_.end() ? nullptr : found->second;
}

QRectF LrChartView::plotRect() const {
    return viewportTransform().mapRect(chart_->mapRectToScene(chart_->plotArea()));
}

int LrChartView::columns() const {
    return std::max(64, static_cast<int>(chart_->plotArea().width() * devicePixelRatioF()));
}

// ---------------------------------------------------------------------------------------------
// Series and axes

void LrChartView::rebuild() {
    chart_->removeAllSeries();
    series_.clear();
    sampled_.clear();
    const Project& project = document_->project();
    const ProjectSchedule* current = currentEntry();
    // The edited schedule last, so it is drawn on top.
    std::vector<const ProjectSchedule*> shown;
    for (const ProjectSchedule& entry : project.schedules)
        if (entry.visible && &entry != current) shown.push_back(&entry);
    if (current) shown.push_back(current);
    const QColor background = palette().color(QPalette::Base);
    for (const ProjectSchedule* entry : shown) {
        auto* series = new QLineSeries;
        series->setName(entry->schedule.name);
        const QColor colour(entry->colour.isEmpty() ? QStringLiteral("#1f77b4") : entry->colour);
        const bool isCurrent = entry == current;
        QPen pen(isCurrent ? colour : faded(colour, background, 0.45), isCurrent ? 2.0 : 1.0);
        pen.setCapStyle(Qt::FlatCap);
        series->setPen(pen);
        chart_->addSeries(series);
        series->attachAxis(xAxis_);
        series_[entry->id] = series;
    }
    for (const auto& entry : series_)
        if (const ProjectSchedule* schedule = project.findSchedule(entry.first))
            sampled_[entry.first] = lrCurvePoints(schedule->schedule, columns());
    updateAxes(true);
    // updateAxes attaches the series to a y axis it makes; attaching twice makes Qt warn.
    for (auto& [id, series] : series_)
        if (!series->attachedAxes().contains(yAxis_)) series->attachAxis(yAxis_);
    pushAllSeries();
    // The edited curve changes on every frame: only grid and tick lines are cached here.
    cacheChartItems(scene(), false);
    viewport()->update();
}

void LrChartView::updateSeries(ItemId id) {
    const ProjectSchedule* entry = document_->project().findSchedule(id);
    if (!series_.contains(id) || !entry) return;
    sampled_[id] = lrCurvePoints(entry->schedule, columns());
    pushSeries(id);
}

void LrChartView::pushAllSeries() {
    for (const auto& entry : series_) pushSeries(entry.first);
}

void LrChartView::pushSeries(ItemId id) {
    QLineSeries* series = seriesOf(id);
    const auto points = sampled_.find(id);
    if (!series || points == sampled_.end()) return;
    QList<QPointF> shown;
    shown.reserve(static_cast<qsizetype>(points->second.size()));
    for (const QPointF& point : points->second) {
        // A log axis cannot show 0: such points sit on its lower edge; points beyond the top
        // (only an LR no valid input has) on its upper edge.
        double lr = point.y() <= yMax_ ? point.y() : yMax_;
        if (logScale_) lr = std::max(lr, yMin_);
        shown.append(QPointF(xScale_.toDisplay(point.x()), lr * yFactor_));
    }
    series->replace(shown);
}

void LrChartView::updateAxes(bool allowShrink) {
    const Project& project = document_->project();
    xScale_ = XAxisScale::of(project);
    setValueAxis(xAxis_, 0.0, xScale_.maximum, xScale_.tickCount, QStringLiteral("%g"),
                 xScale_.title);
    xLabels_->setFormat([scale = xScale_](double display) { return scale.tickLabel(display); });

    double highest = 0.0;
    double lowestPositive = std::numeric_limits<double>::infinity();
    for (const auto& [id, points] : sampled_) {
        for (const QPointF& point : points) {
            if (!std::isfinite(point.y())) continue;
            highest = std::max(highest, point.y());
            if (point.y() > 0.0) lowestPositive = std::min(lowestPositive, point.y());
        }
    }
    if (const ProjectSchedule* entry = currentEntry())
        for (const ScheduleHandle& handle : scheduleHandles(entry->schedule))
            if (std::isfinite(handle.lr)) highest = std::max(highest, handle.lr);
    if (!(highest > 0.0)) highest = 1e-3;
    highest = std::min(highest, kAxisLimit);

    const bool wantLog = project.view.logLr;
    if (wantLog != logScale_ || !yAxis_) {
        if (yLabels_) {
            chart_->removeAxis(yLabels_);
            delete yLabels_;
            yLabels_ = nullptr;
        }
        if (yAxis_) {
            chart_->removeAxis(yAxis_);
            delete yAxis_;
        }
        logScale_ = wantLog;
        if (logScale_) {
            auto* axis = new QLogValueAxis;
            axis->setBase(10.0);
            yAxis_ = axis;
        } else {
            yAxis_ = new QValueAxis;
        }
        chart_->addAxis(yAxis_, Qt::AlignLeft);
        // Log ticks as "1e-4", "3e-4" (a log axis's own format pads the exponent: "1e-04").
        if (logScale_)
            yLabels_ = new TickLabelAxis(chart_, yAxis_, [](double lr) { return exponentText(lr); });
        lrZoom_.reset();  // a zoom of the other scale means nothing on this one
        for (auto& [id, series] : series_) series->attachAxis(yAxis_);
        styleAxis(yAxis_, palette());  // the labels' axis copies the style
        allowShrink = true;
        yMin_ = yMax_ = std::numeric_limits<double>::quiet_NaN();  // set the new axis below
    }

    double low = 0.0, high = 1.0;
    int ticks = 6;
    if (logScale_) {
        const DecadeRange decades = decadeRange(std::max(lowestPositive, highest * 1e-2), highest);
        low = decades.low;
        high = decades.high;
    } else {
        niceAxisEnd(highest * 1.04, high, ticks);
    }
    if (!allowShrink) {
        low = std::min(low, yMin_);
        high = std::max(high, yMax_);
        if (!logScale_) niceAxisEnd(high, high, ticks);
    }
    if (lrZoom_.isActive()) std::tie(low, high) = *lrZoom_.range();
    // Linear labels in a common power of ten ("LR (×10⁻⁴)": 0.5, 1.0, ...) read better than
    // 5e-05, 0.0001, ...; the short title fits beside a chart as low as the window allows.
    double factor = 1.0;
    const bool changed = low != yMin_ || high != yMax_;
    if (logScale_) {
        const QString title = tr("LR");
        if (yAxis_->titleText() != title) yAxis_->setTitleText(title);
        if (changed) yAxis_->setRange(low, high);
    } else {
        const LrAxisLabels labels = lrAxisLabels(high, ticks);
        factor = labels.factor;
        setValueAxis(static_cast<QValueAxis*>(yAxis_), low * factor, high * factor, ticks,
                     labels.labelFormat, labels.title);
    }
    const bool rescaled = changed || factor != yFactor_;
    yMin_ = low;
    yMax_ = high;
    yFactor_ = factor;
    if (rescaled) pushAllSeries();
}

void LrChartView::updateStyle() {
    styleChart(chart_, palette());
}

void LrChartView::layoutPlot() {
    layoutSharedPlotArea(chart_, font());
}

void LrChartView::resizeEvent(QResizeEvent* event) {
    QChartView::resizeEvent(event);
    layoutPlot();
    for (const auto& entry : series_) updateSeries(entry.first);
}

void LrChartView::changeEvent(QEvent* event) {
    QChartView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange) {
        updateStyle();
        rebuild();
    } else if (event->type() == QEvent::FontChange) {
        layoutPlot();
    }
}

// ---------------------------------------------------------------------------------------------
// Mapping between viewport positions and (step, lr)

QPointF LrChartView::positionOf(double step, double lr) const {
    const QRectF plot = chart_->plotArea();
    const double x = plot.left() + xScale_.toDisplay(step) / xScale_.maximum * plot.width();
    double fraction = 0.0;
    if (logScale_) {
        const double value = std::max(lr, yMin_);
        fraction =
            (std::log10(value) - std::log10(yMin_)) / (std::log10(yMax_) - std::log10(yMin_));
    } else {
        fraction = (lr - yMin_) / (yMax_ - yMin_);
    }
    const double y = plot.bottom() - fraction * plot.height();
    return viewportTransform().map(chart_->mapToScene(QPointF(x, y)));
}

QPointF LrChartView::valueAt(const QPointF& position) const {
    const QRectF plot = chart_->plotArea();
    const QPointF inChart = chart_->mapFromScene(viewportTransform().inverted().map(position));
    const double display = (inChart.x() - plot.left()) / plot.width() * xScale_.maximum;
    const double fraction = (plot.bottom() - inChart.y()) / plot.height();
    double lr = 0.0;
    if (logScale_)
        lr = std::pow(10.0, std::log10(yMin_) + fraction * (std::log10(yMax_) - std::log10(yMin_)));
    else
        lr = yMin_ + fraction * (yMax_ - yMin_);
    return QPointF(xScale_.toStep(display), lr);
}

QPoint LrChartView::handlePosition(const ScheduleHandle& handle) const {
    return positionOf(static_cast<double>(handle.step), handle.lr).toPoint();
}

std::optional<ScheduleHandle> LrChartView::handleAt(const QPointF& position) const {
    std::optional<ScheduleHandle> nearest;
    double best = kHitRadius;
    for (const ScheduleHandle& handle : handles()) {
        const QPointF at = positionOf(static_cast<double>(handle.step), handle.lr);
        const double distance = std::hypot(at.x() - position.x(), at.y() - position.y());
        // Later handles win ties: they are drawn on top.
        if (distance <= best) {
            best = distance;
            nearest = handle;
        }
    }
    return nearest;
}

double LrChartView::snapStep(double step) const {
    const double stepsPerPixel =
        xScale_.toStep(xScale_.maximum) / std::max(1.0, chart_->plotArea().width());
    const double unit = std::max(1.0, std::pow(10.0, std::floor(std::log10(stepsPerPixel))));
    return std::round(step / unit) * unit;
}

// ---------------------------------------------------------------------------------------------
// Mouse

void LrChartView::mousePressEvent(QMouseEvent* event) {
    // The middle button, or Shift with the left one, drags the LR axis (handles need the left).
    const bool pan =
        event->button() == Qt::MiddleButton ||
        (event->button() == Qt::LeftButton && (event->modifiers() & Qt::ShiftModifier));
    if (pan && !drawMode_ && plotRect().contains(event->position())) {
        setFocus(Qt::MouseFocusReason);
        lrZoom_.beginPan(event->position().y(), yMin_, yMax_);
        viewport()->setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    if (event->button() != Qt::LeftButton || !currentEntry()) {
        QChartView::mousePressEvent(event);
        return;
    }
    setFocus(Qt::MouseFocusReason);
    if (drawMode_) {
        stroking_ = true;
        stroke_ = {event->position()};
        event->accept();
        return;
    }
    if (auto handle = handleAt(event->position())) {
        drag_ = Drag{*handle, event->position(), EditScheduleCommand::newMergeKey()};
        cacheChartItems(scene(), false);
        emit interactionStarted(*current_);
        event->accept();
        return;
    }
    QChartView::mousePressEvent(event);
}

void LrChartView::mouseMoveEvent(QMouseEvent* event) {
    const QPointF position = event->position();
    if (lrZoom_.isPanning()) {
        lrZoom_.panTo(position.y(), plotRect().height(), logScale_);
        updateAxes(true);
        event->accept();
        return;
    }
    if (stroking_) {
        stroke_.push_back(position);
        viewport()->update();
        event->accept();
        return;
    }
    if (drag_) {
        dragTo(position);
        event->accept();
        return;
    }
    const QPointF value = valueAt(position);
    const auto hovered = handleAt(position);
    if (hovered != hovered_) {
        hovered_ = hovered;
        viewport()->update();
    }
    if (!drawMode_) {
        Qt::CursorShape shape = Qt::ArrowCursor;
        if (hovered_) {
            shape = hovered_->movesStep && hovered_->movesLr ? Qt::SizeAllCursor
                    : hovered_->movesStep                    ? Qt::SizeHorCursor
                                                             : Qt::SizeVerCursor;
        }
        viewport()->setCursor(shape);
    }
    if (hovered_)
        emit statusMessage(hovered_->description() + tr(" — drag to change"));
    else if (plotRect().contains(position))
        emit statusMessage(tr("step %L1, LR %2")
                               .arg(static_cast<qlonglong>(std::llround(value.x())))
                               .arg(roundedText(value.y())));
    QChartView::mouseMoveEvent(event);
}

void LrChartView::dragTo(const QPointF& position) {
    const ProjectSchedule* entry = currentEntry();
    if (!entry || !drag_) return;
    const QPointF value = valueAt(position);
    const QPointF moved = position - drag_->pressedAt;
    const auto step = std::abs(moved.x()) < kAxisDeadZone
                          ? drag_->startHandle.step
                          : static_cast<std::int64_t>(snapStep(value.x()));
    const double lr =
        std::abs(moved.y()) < kAxisDeadZone ? drag_->startHandle.lr : roundLr(value.y());
    Schedule changed = moveHandle(entry->schedule, drag_->startHandle, step, lr);
    for (const ScheduleHandle& handle : scheduleHandles(changed))
        if (handle == drag_->startHandle) emit statusMessage(handle.description());
    if (scheduleIdentity(changed) == scheduleIdentity(entry->schedule)) return;
    static const QMap<ScheduleHandle::Kind, QString> names{
        {ScheduleHandle::Kind::WarmupEnd, tr("Move end of warmup")},
        {ScheduleHandle::Kind::DecayStart, tr("Move start of decay")},
        {ScheduleHandle::Kind::Floor, tr("Move floor")},
        {ScheduleHandle::Kind::StepDrop, tr("Move step drop")},
        {ScheduleHandle::Kind::Milestone, tr("Move milestone")},
        {ScheduleHandle::Kind::CycleEnd, tr("Move cycle end")},
        {ScheduleHandle::Kind::Timescale, tr("Move timescale")},
        {ScheduleHandle::Kind::ControlPoint, tr("Move control point")},
    };
    document_->undoStack()->push(new EditScheduleCommand(document_, entry->id, std::move(changed),
                                                         names.value(drag_->startHandle.kind),
                                                         drag_->mergeKey));
}

void LrChartView::mouseReleaseEvent(QMouseEvent* event) {
    if (lrZoom_.isPanning()) {
        lrZoom_.endPan();
        viewport()->unsetCursor();
        event->accept();
        return;
    }
    if (event->button() == Qt::LeftButton && stroking_) {
        stroke_.push_back(event->position());
        finishStroke();
        event->accept();
        return;
    }
    if (event->button() == Qt::LeftButton && drag_) {
        dragTo(event->position());
        drag_.reset();
        updateAxes(true);
        viewport()->update();
        if (current_) emit interactionFinished(*current_);
        event->accept();
        return;
    }
    QChartView::mouseReleaseEvent(event);
}

void LrChartView::finishStroke() {
    stroking_ = false;
    const ProjectSchedule* entry = currentEntry();
    std::vector<QPointF> stroke = std::move(stroke_);
    stroke_.clear();
    viewport()->update();
    if (!entry || stroke.size() < 2) return;
    std::vector<ControlPoint> points;
    std::vector<double> xs, ys;
    for (const QPointF& position : stroke) {
        xs.push_back(position.x());
        ys.push_back(position.y());
    }
    for (std::size_t index :
         simplifyPolyline(xs, ys, kStrokeTolerance, SimplifyDistance::Perpendicular)) {
        const QPointF value = valueAt(stroke[index]);
        points.push_back({static_cast<std::int64_t>(std::llround(snapStep(value.x()))),
                          roundLr(std::max(value.y(), 0.0))});
    }
    Schedule drawn = withStroke(entry->schedule, std::move(points));
    if (!drawn.validate()) {
        emit statusMessage(tr("The stroke gives no valid curve: %1").arg(drawn.validate().error()));
        return;
    }
    document_->undoStack()->push(
        new EditScheduleCommand(document_, entry->id, std::move(drawn), tr("Draw curve")));
    emit statusMessage(tr("Drawn as control points; leave draw mode to drag them"));
}

void LrChartView::mouseDoubleClickEvent(QMouseEvent* event) {
    const ProjectSchedule* entry = currentEntry();
    if (event->button() == Qt::LeftButton && !drawMode_ && entry &&
        entry->schedule.family == ScheduleFamily::FreeForm &&
        plotRect().contains(event->position()) && !handleAt(event->position())) {
        addControlPoint(event->position());
        event->accept();
        return;
    }
    QChartView::mouseDoubleClickEvent(event);
}

void LrChartView::contextMenuEvent(QContextMenuEvent* event) {
    const auto handle = handleAt(event->pos());
    const ProjectSchedule* entry = currentEntry();
    if (!entry || drawMode_) return;
    QMenu menu(this);
    if (handle && handle->kind == ScheduleHandle::Kind::ControlPoint) {
        QAction* remove = menu.addAction(tr("Delete Control Point"));
        remove->setEnabled(entry->schedule.points.size() > 1);
        const int index = handle->index;
        connect(remove, &QAction::triggered, this, [this, index] { removeControlPoint(index); });
    } else if (entry->schedule.family == ScheduleFamily::FreeForm) {
        const QPointF at = event->pos();
        connect(menu.addAction(tr("Add Control Point Here")), &QAction::triggered, this,
                [this, at] { addControlPoint(at); });
    } else {
        return;
    }
    menu.exec(event->globalPos());
}

void LrChartView::addControlPoint(const QPointF& position) {
    const ProjectSchedule* entry = currentEntry();
    if (!entry) return;
    const QPointF value = valueAt(position);
    Schedule changed = entry->schedule;
    const auto step = std::clamp<std::int64_t>(static_cast<std::int64_t>(snapStep(value.x())), 0,
                                               changed.steps - 1);
    auto& points = changed.points;
    const auto after = std::lower_bound(
        points.begin(), points.end(), step,
        [](const ControlPoint& point, std::int64_t at) { return point.step < at; });
    if (after != points.end() && after->step == step) return;
    points.insert(after, ControlPoint{step, roundLr(std::max(value.y(), 0.0))});
    if (!changed.validate()) return;
    document_->undoStack()->push(
        new EditScheduleCommand(document_, entry->id, std::move(changed), tr("Add control point")));
}

void LrChartView::removeControlPoint(int index) {
    const ProjectSchedule* entry = currentEntry();
    if (!entry || index < 0 || index >= static_cast<int>(entry->schedule.points.size()) ||
        entry->schedule.points.size() < 2)
        return;
    Schedule changed = entry->schedule;
    changed.points.erase(changed.points.begin() + index);
    hovered_.reset();
    document_->undoStack()->push(new EditScheduleCommand(document_, entry->id, std::move(changed),
                                                         tr("Delete control point")));
}

void LrChartView::wheelEvent(QWheelEvent* event) {
    if (!plotRect().contains(event->position()) || event->angleDelta().y() == 0) {
        QChartView::wheelEvent(event);
        return;
    }
    // Zoom the LR axis about the LR under the cursor; the x axis stays shared with the loss.
    const double at = valueAt(event->position()).y();
    if (lrZoom_.zoom(yMin_, yMax_, at, std::pow(0.85, event->angleDelta().y() / 120.0), logScale_))
        updateAxes(true);
    event->accept();
}

void LrChartView::fitToView() {
    lrZoom_.reset();
    updateAxes(true);
}

bool LrChartView::isZoomed() const {
    return lrZoom_.isActive();
}

void LrChartView::keyPressEvent(QKeyEvent* event) {
    if (event->key() == Qt::Key_Home) {
        fitToView();
        event->accept();
        return;
    }
    if (event->key() == Qt::Key_Escape && (drawMode_ || stroking_)) {
        setDrawMode(false);
        event->accept();
        return;
    }
    QChartView::keyPressEvent(event);
}

void LrChartView::leaveEvent(QEvent* event) {
    if (hovered_) {
        hovered_.reset();
        viewport()->update();
    }
    emit statusMessage(QString());
    QChartView::leaveEvent(event);
}

bool LrChartView::viewportEvent(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        if (auto handle = handleAt(help->pos())) {
            QString text = handle->description();
            if (handle->kind == ScheduleHandle::Kind::ControlPoint)
                text +=
                    tr("\nDouble-click the chart to add a point; right-click a point to "
                       "delete it");
            QToolTip::showText(help->globalPos(), text, viewport());
        } else if (drawMode_) {
            QToolTip::showText(help->globalPos(),
                               tr("Draw the LR curve; the stroke becomes control points"),
                               viewport());
        } else {
            QToolTip::hideText();
        }
        return true;
    }
    return QChartView::viewportEvent(event);
}

// ---------------------------------------------------------------------------------------------
// Handles and strokes, painted over the chart

void LrChartView::drawForeground(QPainter* painter, const QRectF& rect) {
    QChartView::drawForeground(painter, rect);
    drawFocusFrame(painter, chart_, this);
    const ProjectSchedule* entry = currentEntry();
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QTransform toScene = viewportTransform().inverted();
    if (entry && !drawMode_) {
        const QColor colour(entry->colour.isEmpty() ? QStringLiteral("#1f77b4") : entry->colour);
        const QColor ring = palette().color(QPalette::Base);
        for (const ScheduleHandle& handle : scheduleHandles(entry->schedule)) {
            const QPointF at = toScene.map(positionOf(static_cast<double>(handle.step), handle.lr));
            const bool active =
                (drag_ && drag_->startHandle == handle) || (hovered_ && *hovered_ == handle);
            const double radius = active ? kHandleRadius + 2.0 : kHandleRadius;
            painter->setPen(QPen(ring, 2.0));
            painter->setBrush(colour);
            if (handle.movesStep && handle.movesLr) {
                painter->drawEllipse(at, radius, radius);
            } else {
                // Step-only or LR-only handles: a diamond, so their difference shows.
                QPainterPath diamond;
                diamond.moveTo(at + QPointF(0, -radius - 1));
                diamond.lineTo(at + QPointF(radius + 1, 0));
                diamond.lineTo(at + QPointF(0, radius + 1));
                diamond.lineTo(at + QPointF(-radius - 1, 0));
                diamond.closeSubpath();
                painter->drawPath(diamond);
            }
        }
    }
    if (!stroke_.empty()) {
        QPen pen(palette().color(QPalette::Highlight), 2.0);
        pen.setCosmetic(true);
        painter->setPen(pen);
        painter->setBrush(Qt::NoBrush);
        QPolygonF polyline;
        for (const QPointF& point : stroke_) polyline << toScene.map(point);
        painter->drawPolyline(polyline);
    }
    if (drawMode_) {
        const QRectF plot = toScene.mapRect(plotRect());
        painter->setPen(palette().color(QPalette::PlaceholderText));
        painter->drawText(plot.adjusted(8, 6, -8, -6), Qt::AlignTop | Qt::AlignLeft,
                          tr("Draw mode: draw the LR curve after warmup. Esc leaves."));
    }
    painter->restore();
}

}  // namespace annealer
