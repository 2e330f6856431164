#include "CptLrChart.h"

#include "ChartStyle.h"
#include "CptDocument.h"
#include "CptPredictions.h"

#include <QLineSeries>
#include <QMouseEvent>
#include <QPainter>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace annealer {

namespace {

constexpr double kHandleRadius = 6.0;
// Merge keys of drags: every move of one drag merges into one undoable edit.
int nextDragKey() {
    static int key = 0x43505400;  // "CPT\0"
    return ++key;
}

}  // namespace

CptLrChart::CptLrChart(CptDocument* document, CptPredictions* predictions, QWidget* parent)
    : CptChartView(
          tr("Learning rate: end of pre-training, then the CPT schedules (drag the handles)"),
          parent),
      document_(document),
      predictions_(predictions) {
    setObjectName(QStringLiteral("cptLrChart"));
    setMouseTracking(true);
    connect(predictions_, &CptPredictions::updated, this, &CptLrChart::redraw);
    connect(document_, &CptDocument::currentScheduleChanged, this, &CptLrChart::redraw);
}

void CptLrChart::redraw() {
    const CptProject& project = document_->project();
    const CptStepWindow& window = predictions_->window();
    double highest = 0.0;
    for (std::size_t i = 0; i < predictions_->count(); ++i)
        if (const auto& curves = predictions_->curves(i))
            for (const double lr : curves->lr) highest = std::max(highest, lr);
    if (!(highest > 0.0)) highest = 1.0;
    const LrAxisLabels labels = lrAxisLabels(highest, 2);  // "LR (×10⁻³)", as the designer's
    yFactor_ = labels.factor;

    beginCurves();
    const int current = document_->currentSchedule();
    // Pre-training, drawn once (it is the same in every schedule), then the CPT phases on top.
    for (std::size_t pass = 0; pass < 2; ++pass)
        for (std::size_t i = 0; i < predictions_->count(); ++i) {
            const auto& curves = predictions_->curves(i);
            const CptDesignedSchedule& entry = project.schedules[i];
            if (!curves || !entry.visible) continue;
            const bool selected = static_cast<int>(i) == current;
            if (pass == 0 && !selected) continue;  // one pre-training curve
            QList<QPointF> points;
            for (std::size_t k = 0; k < curves->steps.size(); ++k) {
                const bool cpt = curves->steps[k] > project.transferStep;
                if ((pass == 0) == cpt) continue;
                points << QPointF(static_cast<double>(curves->steps[k]), curves->lr[k] * yFactor_);
            }
            if (pass == 1 && !points.isEmpty()) {
                // Join the CPT curve to the checkpoint, so the jump of a re-warm shows.
                const auto at =
                    std::find(curves->steps.begin(), curves->steps.end(), project.transferStep);
                if (at != curves->steps.end())
                    points.prepend(
                        QPointF(static_cast<double>(*at),
                                curves->lr[static_cast<std::size_t>(at - curves->steps.begin())] *
                                    yFactor_));
            }
            QColor colour =
                pass == 0 ? palette().color(QPalette::WindowText) : QColor(entry.colour);
            if (pass == 0) colour.setAlphaF(0.55f);
            QLineSeries* series = nextLine(colour, selected && pass == 1 ? 3.0 : 1.6);
            setPoints(series, points);
        }
    endCurves();
    setStepRange(static_cast<double>(window.first), static_cast<double>(window.last));
    setValueRange(0.0, highest * yFactor_ * 1.08, QStringLiteral("%.2f"),
                  labels.title);
    viewport()->update();
}

std::vector<CptHandle> CptLrChart::handles() const {
    const CptProject& project = document_->project();
    const int current = document_->currentSchedule();
    if (current < 0 || current >= static_cast<int>(project.schedules.size())) return {};
    return cptHandles(project.schedules[static_cast<std::size_t>(current)].phase);
}

QPoint CptLrChart::handlePosition(const CptHandle& handle) const {
    const double step = static_cast<double>(document_->project().transferStep + handle.step);
    const double value =
        handle.kind == CptHandle::Kind::End ? yAxis()->min() : handle.lr * yFactor_;
    return positionOf(step, value).toPoint();
}

std::optional<CptHandle> CptLrChart::handleAt(const QPointF& position) const {
    std::optional<CptHandle> nearest;
    double best = 2.0 * kHandleRadius + 2.0;
    for (const CptHandle& handle : handles()) {
        const double distance = QLineF(position, handlePosition(handle)).length();
        if (distance <= best) {
            best = distance;
            nearest = handle;
        }
    }
    return nearest;
}

void CptLrChart::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton)
        if (auto handle = handleAt(event->position())) {
            dragged_ = handle;
            dragKey_ = nextDragKey();
            event->accept();
            return;
        }
    CptChartView::mousePressEvent(event);
}

void CptLrChart::mouseMoveEvent(QMouseEvent* event) {
    if (!dragged_) {
        const auto hovered = handleAt(event->position());
        setCursor(hovered ? Qt::OpenHandCursor : Qt::ArrowCursor);
        if (hovered) emit statusMessage(hovered->description());
        CptChartView::mouseMoveEvent(event);
        return;
    }
    CptProject project = document_->project();
    const int current = document_->currentSchedule();
    if (current < 0 || current >= static_cast<int>(project.schedules.size())) return;
    const QPointF value = valueAt(event->position());
    CptPhase& phase = project.schedules[static_cast<std::size_t>(current)].phase;
    const CptPhase moved =
        moveCptHandle(phase, dragged_->kind, value.x() - static_cast<double>(project.transferStep),
                      dragged_->movesLr ? value.y() / yFactor_ : std::nan(""));
    phase = moved;
    document_->edit(project,
                    tr("Drag %1").arg(dragged_->description().section(QLatin1Char(':'), 0, 0)),
                    dragKey_);
    for (const CptHandle& handle : handles())
        if (handle == *dragged_) emit statusMessage(handle.description());
    event->accept();
}

void CptLrChart::mouseReleaseEvent(QMouseEvent* event) {
    if (dragged_ && event->button() == Qt::LeftButton) {
        dragged_.reset();
        event->accept();
        return;
    }
    CptChartView::mouseReleaseEvent(event);
}

void CptLrChart::drawForeground(QPainter* painter, const QRectF& rect) {
    CptChartView::drawForeground(painter, rect);
    const int current = document_->currentSchedule();
    const CptProject& project = document_->project();
    if (current < 0 || current >= static_cast<int>(project.schedules.size())) return;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QColor colour(project.schedules[static_cast<std::size_t>(current)].colour);
    // The checkpoint: a dashed line at the transfer step.
    const QPointF top =
        mapToScene(positionOf(static_cast<double>(project.transferStep), yAxis()->max()).toPoint());
    const QPointF bottom =
        mapToScene(positionOf(static_cast<double>(project.transferStep), yAxis()->min()).toPoint());
    QColor line = palette().color(QPalette::WindowText);
    line.setAlphaF(0.5f);
    painter->setPen(QPen(line, 1.0, Qt::DashLine));
    painter->drawLine(top, bottom);
    painter->drawText(top + QPointF(4.0, 12.0),
                      tr("checkpoint (step %1)").arg(project.transferStep));
    for (const CptHandle& handle : handles()) {
        const QPointF centre = mapToScene(handlePosition(handle));
        painter->setPen(QPen(palette().color(QPalette::Base), 2.0));
        painter->setBrush(colour);
        if (handle.kind == CptHandle::Kind::End)
            painter->drawRect(QRectF(centre - QPointF(kHandleRadius, kHandleRadius),
                                     QSizeF(2 * kHandleRadius, 2 * kHandleRadius)));
        else
            painter->drawEllipse(centre, kHandleRadius, kHandleRadius);
    }
    painter->restore();
}

}  // namespace annealer
