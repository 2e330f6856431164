#include "LossChartView.h"

#include "ChartStyle.h"
#include "LivePrediction.h"
#include "ProjectDocument.h"
#include "TickLabelAxis.h"
#include "fit/PredictionBand.h"

#include <QAreaSeries>
#include <QChart>
#include <QKeyEvent>
#include <QLineSeries>
#include <QMouseEvent>
#include <QPainter>
#include <QScatterSeries>
#include <QToolTip>
#include <QValueAxis>
#include <QWheelEvent>

#include <cmath>
#include <limits>

namespace annealer {

LossChartView::LossChartView(ProjectDocument* document, LivePrediction* prediction, QWidget* parent)
    : QChartView(parent),
      document_(document),
      prediction_(prediction),
      chart_(new QChart),
      xAxis_(new QValueAxis),
      yAxis_(new QValueAxis) {
    setObjectName(QStringLiteral("lossChart"));
    chart_->setMargins(QMargins(0, 0, 0, 0));
    chart_->addAxis(xAxis_, Qt::AlignBottom);
    chart_->addAxis(yAxis_, Qt::AlignLeft);
    yAxis_->setTitleText(tr("validation loss"));
    yAxis_->setLabelFormat(QStringLiteral("%.2f"));
    xLabels_ = new TickLabelAxis(chart_, xAxis_, nullptr);
    chart_->legend()->hide();  // the chart draws its own (LossLegend): every schedule listed
    setChart(chart_);
    setRenderHint(QPainter::Antialiasing);
    setMouseTracking(true);
    viewport()->setMouseTracking(true);
    setMinimumHeight(160);
    setFocusPolicy(Qt::StrongFocus);  // keys: Home fits the view again
    repaintOnFocusChange(this);
    setToolTip(
        tr("The wheel zooms the loss axis, the middle button or Shift+drag moves it; a "
           "double click or Home fits it again (View > Fit Charts to View); click a "
           "legend entry to hide its curve"));

    connect(document_, &ProjectDocument::projectReset, this, [this] {
        lossZoom_.reset();
        rebuild();
    });
    connect(document_, &ProjectDocument::scheduleAppearanceChanged, this, &LossChartView::rebuild);
    connect(document_, &ProjectDocument::scheduleInserted, this, &LossChartView::rebuild);
    connect(document_, &ProjectDocument::scheduleRemoved, this, &LossChartView::rebuild);
    connect(document_, &ProjectDocument::runsChanged, this, &LossChartView::rebuild);
    connect(document_, &ProjectDocument::viewChanged, this, &LossChartView::rebuild);
    connect(document_, &ProjectDocument::scheduleChanged, this, [this](ItemId id) {
        // A rename shows in the legend; a new length may move the shared x axis.
        if (QLineSeries* series = curveSeries(id))
            if (const ProjectSchedule* entry = document_->project().findSchedule(id))
                series->setName(entry->schedule.name);
        if (!interactionActive_) updateAxes();
    });
    connect(prediction_, &LivePrediction::curveChanged, this, [this](ItemId id) {
        updateCurve(id);
        if (!interactionActive_) updateAxes();
    });
    connect(prediction_, &LivePrediction::curvesCleared, this, &LossChartView::rebuild);
    connect(prediction_, &LivePrediction::problemChanged, this, [this] { viewport()->update(); });
    styleChart(chart_, palette());
    rebuild();
}

QLineSeries* LossChartView::curveSeries(ItemId scheduleId) const {
    const auto found = curves_.find(scheduleId);
    return found == curves_.end() ? nullptr : found->second;
}

QAreaSeries* LossChartView::bandSeries(ItemId scheduleId) const {
    const auto found = bands_.find(scheduleId);
    return found == bands_.end() ? nullptr : found->second;
}

QScatterSeries* LossChartView::runSeries(ItemId runId) const {
    const auto found = runs_.find(runId);
    return found == runs_.end() ? nullptr : found->second;
}

int LossChartView::columns() const {
    return std::max(64, static_cast<int>(chart_->plotArea().width() * devicePixelRatioF()));
}

void LossChartView::setInteractionActive(bool active) {
    interactionActive_ = active;
    if (active) cacheChartItems(scene(), true);
    if (!active) updateAxes();
}

void LossChartView::rebuild() {
    chart_->removeAllSeries();
    curves_.clear();
    bands_.clear();
    bandInLegend_ = nullptr;
    bandShown_ = false;
    runs_.clear();
    const Project& project = document_->project();
    // Observed points first, so the predicted lines are drawn over them.
    for (const ProjectRun& entry : project.runs) {
        if (!entry.visible) continue;
        auto* series = new QScatterSeries;
        series->setName(tr("%1 (observed)").arg(entry.run.name));
        QColor colour(entry.colour.isEmpty() ? QStringLiteral("#7f7f7f") : entry.colour);
        colour.setAlphaF(0.55f);
        series->setColor(colour);
        series->setBorderColor(Qt::transparent);
        series->setMarkerSize(5.0);
        chart_->addSeries(series);
        series->attachAxis(xAxis_);
        series->attachAxis(yAxis_);
        runs_[entry.id] = series;
    }
    // Bands under every line: a wide band must not hide another schedule's curve. The first
    // band's legend entry stands for all of them while there are bands to see.
    for (const ProjectSchedule& entry : project.schedules) {
        if (!entry.visible) continue;
        auto* band = new QAreaSeries(new QLineSeries, new QLineSeries);
        band->setName(tr("±%1σ: the fit's uncertainty").arg(kBandSigmas));
        QColor fill(entry.colour.isEmpty() ? QStringLiteral("#1f77b4") : entry.colour);
        fill.setAlphaF(0.22f);
        band->setBrush(fill);
        band->setPen(Qt::NoPen);
        chart_->addSeries(band);
        band->attachAxis(xAxis_);
        band->attachAxis(yAxis_);
        if (bands_.empty()) bandInLegend_ = band;
        bands_[entry.id] = band;
    }
    for (const ProjectSchedule& entry : project.schedules) {
        if (!entry.visible) continue;
        auto* series = new QLineSeries;
        series->setName(entry.schedule.name);
        QPen pen(QColor(entry.colour.isEmpty() ? QStringLiteral("#1f77b4") : entry.colour), 2.0);
        // In device-independent pixels (thicker on a high-DPI screen); flat caps keep the
        // segment-by-segment drawing on the rasterizer's fast path.
        pen.setCapStyle(Qt::FlatCap);
        series->setPen(pen);
        chart_->addSeries(series);
        series->attachAxis(xAxis_);
        series->attachAxis(yAxis_);
        curves_[entry.id] = series;
    }
    xScale_ = XAxisScale::of(project);
    updateRuns();
    for (const auto& entry : curves_) updateCurve(entry.first);
    updateAxes();
    updateLegend();
    cacheChartItems(scene(), true);
    viewport()->update();
}

void LossChartView::toggleLegendEntry(const LossLegend::Entry& entry) {
    // A click on a legend entry hides its curve (and band) or run, or shows it again; the entry
    // stays, faded, to be clicked back. "observed runs (N)" hides all runs, or shows them all
    // again when none is shown. The band's entry only explains. The project's own visibility
    // is left alone.
    const bool show = !entry.shown;
    switch (entry.kind) {
    case LossLegend::Kind::Schedule:
        if (QLineSeries* curve = curveSeries(entry.id)) curve->setVisible(show);
        if (QAreaSeries* band = bandSeries(entry.id)) band->setVisible(show);
        break;
    case LossLegend::Kind::Run:
        if (QScatterSeries* run = runSeries(entry.id)) run->setVisible(show);
        break;
    case LossLegend::Kind::AllRuns:
        for (const auto& [id, run] : runs_) run->setVisible(show);
        break;
    case LossLegend::Kind::Band:
        return;
    }
    updateAxes();
    viewport()->update();
}

void LossChartView::setFocusOnEnd(bool on) {
    if (on == focusOnEnd_) return;
    focusOnEnd_ = on;
    lossZoom_.reset();
    updateAxes();
    viewport()->update();
}

QPointF LossChartView::valueAt(const QPointF& viewportPosition) const {
    const QPointF inChart =
        chart_->mapFromScene(viewportTransform().inverted().map(viewportPosition));
    const QRectF plot = chart_->plotArea();
    const double x = xAxis_->min() + (inChart.x() - plot.left()) / plot.width() *
                                         (xAxis_->max() - xAxis_->min());
    const double loss = yAxis_->max() - (inChart.y() - plot.top()) / plot.height() *
                                            (yAxis_->max() - yAxis_->min());
    return QPointF(x, loss);
}

std::optional<double> LossChartView::crosshairStep() const {
    if (!crosshair_) return std::nullopt;
    return xScale_.toStep(*crosshair_);
}

std::vector<std::pair<ItemId, double>> LossChartView::curveValuesAt(double step) const {
    std::vector<std::pair<ItemId, double>> values;
    const double x = xScale_.toDisplay(step);
    for (const ProjectSchedule& entry : document_->project().schedules) {
        QLineSeries* series = curveSeries(entry.id);
        if (!series || !series->isVisible()) continue;
        const QList<QPointF> points = series->points();
        const auto after = std::lower_bound(points.begin(), points.end(), x,
                                            [](const QPointF& p, double at) { return p.x() < at; });
        if (after == points.end() || (after == points.begin() && after->x() > x)) continue;
        double value = after->y();
        if (after != points.begin() && after->x() > x) {
            const QPointF& before = *(after - 1);
            const double t = (x - before.x()) / (after->x() - before.x());
            value = before.y() + t * (after->y() - before.y());
        }
        values.emplace_back(entry.id, value);
    }
    return values;
}

void LossChartView::updateRuns() {
    const Project& project = document_->project();
    for (const auto& [id, series] : runs_) {
        const ProjectRun* entry = project.findRun(id);
        if (!entry) continue;
        QList<QPointF> points;
        points.reserve(static_cast<qsizetype>(entry->run.loss.size()));
        for (std::size_t i = 0; i < entry->run.loss.size(); ++i)
            points.append(QPointF(xScale_.toDisplay(static_cast<double>(entry->run.lossSteps[i])),
                                  entry->run.loss[i]));
        series->replace(points);
    }
}

void LossChartView::updateCurve(ItemId id) {
    QLineSeries* series = curveSeries(id);
    if (!series) return;
    const PredictedCurve* curve = prediction_->curve(id);
    const bool drawn = curve && curve->error.isEmpty();
    const auto display = [this](const std::vector<QPointF>& from) {
        QList<QPointF> points;
        points.reserve(static_cast<qsizetype>(from.size()));
        for (const QPointF& point : from)
            points.append(QPointF(xScale_.toDisplay(point.x()), point.y()));
        return points;
    };
    series->replace(drawn ? display(curve->points) : QList<QPointF>());
    if (QAreaSeries* band = bandSeries(id)) {
        band->upperSeries()->replace(drawn ? display(curve->bandUpper) : QList<QPointF>());
        band->lowerSeries()->replace(drawn ? display(curve->bandLower) : QList<QPointF>());
        if (band == bandInLegend_ && bandShown_ != (drawn && !curve->bandUpper.empty())) {
            bandShown_ = !bandShown_;
            updateLegend();
        }
    }
}

void LossChartView::updateAxes() {
    updateRanges();
    updateLegend();  // its corner depends on where the curves now lie
}

void LossChartView::updateRanges() {
    const XAxisScale scale = XAxisScale::of(document_->project());
    if (scale.perStep != xScale_.perStep) {
        xScale_ = scale;
        updateRuns();
        for (const auto& entry : curves_) updateCurve(entry.first);
    }
    xScale_ = scale;
    // The x window: everything, or in the focus view the last quarter of the longest predicted
    // curve, where the final losses the table compares lie (a longer observed run would move
    // them out of the window); of the longest run when no curve is shown.
    double xLow = 0.0;
    double xHigh = xScale_.maximum;
    if (focusOnEnd_) {
        double end = 0.0;
        for (const auto& [id, series] : curves_)
            if (series->isVisible() && !series->points().isEmpty())
                end = std::max(end, series->points().back().x());
        if (end == 0.0)
            for (const auto& [id, series] : runs_)
                if (series->isVisible() && !series->points().isEmpty())
                    end = std::max(end, series->points().back().x());
        if (end > 0.0) {
            const NiceRange window = niceRange((1.0 - kFocusFraction) * end, end);
            xLow = window.low;
            xHigh = window.high;
            setValueAxis(xAxis_, xLow, xHigh, window.tickCount, QStringLiteral("%g"),
                         xScale_.title);
        }
    }
    if (!focusOnEnd_ || xLow == 0.0)
        setValueAxis(xAxis_, 0.0, xScale_.maximum, xScale_.tickCount, QStringLiteral("%g"),
                     xScale_.title);
    xLabels_->setFormat([scale = xScale_](double display) { return scale.tickLabel(display); });

    if (lossZoom_.isActive()) {
        const auto [low, high] = *lossZoom_.range();
        const double interval = (high - low) / 5;
        setValueAxis(yAxis_, low, high, 6,
                     interval < 0.01 ? QStringLiteral("%.3f") : QStringLiteral("%.2f"),
                     tr("validation loss"));
        return;
    }
    // The loss range: everything observed, and the predicted curves past the first 5% of the
    // axis (the power law's start runs off towards infinity).
    double low = std::numeric_limits<double>::infinity();
    double high = -low;
    // Only what is shown counts: visible series, inside the x window.
    const double from = std::max(xLow, 0.05 * xScale_.maximum);
    const auto inWindow = [&](const QPointF& point) {
        return point.x() >= xLow && point.x() <= xHigh && std::isfinite(point.y());
    };
    for (const auto& [id, series] : runs_) {
        if (!series->isVisible()) continue;
        for (const QPointF& point : series->points()) {
            if (!inWindow(point)) continue;
            low = std::min(low, point.y());
            high = std::max(high, point.y());
        }
    }
    for (const auto& [id, series] : curves_) {
        if (!series->isVisible()) continue;
        for (const QPointF& point : series->points()) {
            if (!inWindow(point)) continue;
            low = std::min(low, point.y());
            if (point.x() >= from) high = std::max(high, point.y());
        }
    }
    if (!std::isfinite(low) || !std::isfinite(high) || high <= low) {
        if (std::isfinite(low)) {
            high = low + 1.0;
        } else {
            low = 2.0;
            high = 5.0;
        }
    }
    const double pad = 0.02 * (high - low);
    const NiceRange range = niceRange(low - pad, high + pad);
    setValueAxis(yAxis_, range.low, range.high, range.tickCount, range.labelFormat(),
                 tr("validation loss"));
}


void LossChartView::updateLegend() {
    std::vector<LossLegend::Entry> entries;
    const Project& project = document_->project();
    for (const ProjectSchedule& schedule : project.schedules) {
        QLineSeries* curve = curveSeries(schedule.id);
        if (!curve) continue;
        entries.push_back({LossLegend::Kind::Schedule, curve->name(), curve->pen().color(),
                           curve->isVisible(), schedule.id, {}});
    }
    if (bandShown_ && bandInLegend_)
        entries.push_back({LossLegend::Kind::Band, bandInLegend_->name(),
                           bandInLegend_->brush().color(), true, 0, {}});
    for (const ProjectRun& run : project.runs) {
        QScatterSeries* series = runSeries(run.id);
        if (!series) continue;
        QColor colour = series->color();
        colour.setAlphaF(1.0f);
        entries.push_back({LossLegend::Kind::Run, series->name(), colour, series->isVisible(),
                           run.id, {}});
    }
    // Where the drawn points lie, in chart coordinates: the curve ends (never covered if the
    // legend can help it) and every point (covered as little as it can).
    const QRectF plot = chart_->plotArea();
    const double xSpan = xAxis_->max() - xAxis_->min(), ySpan = yAxis_->max() - yAxis_->min();
    std::vector<QPointF> ends, points;
    const auto toChart = [&](const QPointF& point) {
        return QPointF(plot.left() + (point.x() - xAxis_->min()) / xSpan * plot.width(),
                       plot.bottom() - (point.y() - yAxis_->min()) / ySpan * plot.height());
    };
    if (xSpan > 0.0 && ySpan > 0.0) {
        for (const auto& [id, series] : curves_) {
            if (!series->isVisible() || series->points().isEmpty()) continue;
            const QList<QPointF> drawn = series->points();
            ends.push_back(toChart(drawn.back()));
            for (const QPointF& point : drawn) points.push_back(toChart(point));
        }
        for (const auto& [id, series] : runs_)
            if (series->isVisible())
                for (const QPointF& point : series->points()) points.push_back(toChart(point));
    }
    legend_.arrange(std::move(entries), font(), plot, ends, points);
    viewport()->update();
}

void LossChartView::layoutPlot() {
    layoutSharedPlotArea(chart_, font());
}

void LossChartView::resizeEvent(QResizeEvent* event) {
    QChartView::resizeEvent(event);
    layoutPlot();
    updateLegend();
    emit columnsChanged(columns());
}

void LossChartView::changeEvent(QEvent* event) {
    QChartView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange) {
        styleChart(chart_, palette());
        viewport()->update();
    } else if (event->type() == QEvent::FontChange) {
        layoutPlot();
        updateLegend();
    }
}

void LossChartView::mouseMoveEvent(QMouseEvent* event) {
    if (lossZoom_.isPanning()) {
        lossZoom_.panTo(event->position().y(), chart_->plotArea().height(), false);
        updateAxes();
        event->accept();
        return;
    }
    const QRectF plot = chart_->plotArea();
    const QPointF inChart =
        chart_->mapFromScene(viewportTransform().inverted().map(event->position()));
    std::optional<double> crosshair;
    if (plot.contains(inChart)) {
        const QPointF value = valueAt(event->position());
        crosshair = value.x();
        // The crosshair reads every curve at the hovered step.
        const double step = xScale_.toStep(value.x());
        QStringList readings;
        for (const auto& [id, loss] : curveValuesAt(step)) {
            const ProjectSchedule* entry = document_->project().findSchedule(id);
            if (!entry) continue;
            const PredictedCurve* curve = prediction_->curve(id);
            const auto outside = curve ? curve->outside.firstStepOutside() : std::nullopt;
            readings << QStringLiteral("%1 %2%3")
                            .arg(entry->schedule.name)
                            .arg(loss, 0, 'f', 4)
                            .arg(outside && step >= static_cast<double>(*outside)
                                     ? tr(" (extrapolated)")
                                     : QString());
        }
        // Over a marker, its tooltip says how the schedule leaves the fit's range.
        for (const auto& [id, series] : curves_) {
            const std::optional<QPointF> marker = extrapolationMarker(id);
            if (marker && QLineF(*marker, event->position()).length() <= 10.0) {
                QToolTip::showText(event->globalPosition().toPoint(), extrapolationTip(id),
                                   viewport());
                break;
            }
        }
        emit statusMessage(tr("step %L1: %2")
                               .arg(static_cast<qlonglong>(std::llround(step)))
                               .arg(readings.isEmpty() ? tr("loss %1").arg(value.y(), 0, 'f', 3)
                                                       : readings.join(QStringLiteral(", "))));
    }
    if (crosshair != crosshair_) {
        crosshair_ = crosshair;
        viewport()->update();
    }
    QChartView::mouseMoveEvent(event);
}

void LossChartView::wheelEvent(QWheelEvent* event) {
    const QRectF plot = chart_->plotArea();
    const QPointF inChart =
        chart_->mapFromScene(viewportTransform().inverted().map(event->position()));
    if (!plot.contains(inChart) || event->angleDelta().y() == 0) {
        QChartView::wheelEvent(event);
        return;
    }
    // Zoom the loss axis about the loss under the cursor; the x axis stays shared.
    const double low = yAxis_->min(), high = yAxis_->max();
    const double at = high - (inChart.y() - plot.top()) / plot.height() * (high - low);
    if (lossZoom_.zoom(low, high, at, std::pow(0.85, event->angleDelta().y() / 120.0), false))
        updateAxes();
    event->accept();
}

void LossChartView::mouseDoubleClickEvent(QMouseEvent* event) {
    fitToView();
    event->accept();
}

void LossChartView::fitToView() {
    lossZoom_.reset();
    updateAxes();
}

bool LossChartView::isZoomed() const {
    return lossZoom_.isActive();
}

void LossChartView::mousePressEvent(QMouseEvent* event) {
    // The middle button, or Shift with the left one, drags the loss axis.
    const bool pan =
        event->button() == Qt::MiddleButton ||
        (event->button() == Qt::LeftButton && (event->modifiers() & Qt::ShiftModifier));
    if (pan && chart_->plotArea().contains(
                   chart_->mapFromScene(viewportTransform().inverted().map(event->position())))) {
        setFocus(Qt::MouseFocusReason);
        lossZoom_.beginPan(event->position().y(), yAxis_->min(), yAxis_->max());
        viewport()->setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    if (event->button() == Qt::LeftButton) {
        const QPointF inChart =
            chart_->mapFromScene(viewportTransform().inverted().map(event->position()));
        if (const LossLegend::Entry* entry = legend_.entryAt(inChart)) {
            toggleLegendEntry(*entry);
            event->accept();
            return;
        }
    }
    QChartView::mousePressEvent(event);
}

void LossChartView::mouseReleaseEvent(QMouseEvent* event) {
    if (lossZoom_.isPanning()) {
        lossZoom_.endPan();
        viewport()->unsetCursor();
        event->accept();
        return;
    }
    QChartView::mouseReleaseEvent(event);
}

void LossChartView::keyPressEvent(QKeyEvent* event) {
    if (event->key() == Qt::Key_Home) {
        fitToView();
        event->accept();
        return;
    }
    QChartView::keyPressEvent(event);
}

void LossChartView::leaveEvent(QEvent* event) {
    if (crosshair_) {
        crosshair_.reset();
        viewport()->update();
    }
    emit statusMessage(QString());
    QChartView::leaveEvent(event);
}

void LossChartView::drawForeground(QPainter* painter, const QRectF& rect) {
    QChartView::drawForeground(painter, rect);
    drawFocusFrame(painter, chart_, this);
    drawExtrapolation(painter);
    if (crosshair_) drawCrosshair(painter);
    painter->save();  // the legend over the markers and the crosshair
    painter->translate(chart_->pos());  // the legend is laid out in chart coordinates
    QColor background = palette().color(QPalette::Base);
    background.setAlphaF(0.85f);
    legend_.paint(painter, palette().color(QPalette::Text), background,
                  palette().color(QPalette::Mid));
    painter->restore();
    QString message = prediction_->problem();
    if (message.isEmpty() && document_->project().schedules.empty())
        message = tr("Add a schedule to see its predicted loss.");
    if (message.isEmpty()) return;
    painter->save();
    painter->setPen(palette().color(QPalette::PlaceholderText));
    const QRectF plot = chart_->mapRectToScene(chart_->plotArea());
    painter->drawText(plot.adjusted(24, 24, -24, -24), Qt::AlignCenter | Qt::TextWordWrap, message);
    painter->restore();
}

QPointF LossChartView::toScene(double displayX, double loss) const {
    const QRectF plot = chart_->mapRectToScene(chart_->plotArea());
    const double fx = (displayX - xAxis_->min()) / (xAxis_->max() - xAxis_->min());
    const double fy = (loss - yAxis_->min()) / (yAxis_->max() - yAxis_->min());
    return QPointF(plot.left() + fx * plot.width(), plot.bottom() - fy * plot.height());
}

std::optional<QPointF> LossChartView::extrapolationMarker(ItemId scheduleId) const {
    const PredictedCurve* curve = prediction_->curve(scheduleId);
    QLineSeries* series = curveSeries(scheduleId);
    if (!curve || !curve->error.isEmpty() || !series || !series->isVisible()) return std::nullopt;
    const std::optional<std::int64_t> step = curve->outside.firstStepOutside();
    if (!step) return std::nullopt;
    // On the curve where it is drawn: not before its first point (the warmup is not drawn).
    const double first = curve->points.empty() ? 0.0 : curve->points.front().x();
    const double at = std::max(static_cast<double>(*step), first);
    for (const auto& [id, loss] : curveValuesAt(at)) {
        if (id != scheduleId) continue;
        const QPointF scene = toScene(xScale_.toDisplay(at), loss);
        if (!chart_->mapRectToScene(chart_->plotArea()).adjusted(-1, -1, 1, 1).contains(scene))
            return std::nullopt;
        return mapFromScene(scene);
    }
    return std::nullopt;
}

QString LossChartView::extrapolationTip(ItemId scheduleId) const {
    const PredictedCurve* curve = prediction_->curve(scheduleId);
    if (!curve || curve->outsideText.isEmpty()) return {};
    const ProjectSchedule* entry = document_->project().findSchedule(scheduleId);
    const QString name = entry ? entry->schedule.name : QString();
    if (curve->bandNote.isEmpty())
        return tr("%1 leaves the range the fit saw: %2. From here on the curve is extrapolation.")
            .arg(name, curve->outsideText);
    return tr("%1 leaves the range the fit saw: %2. From here on the curve is extrapolation; "
              "%3; the band is dashed from there.")
        .arg(name, curve->outsideText, curve->bandNote);
}

void LossChartView::drawExtrapolation(QPainter* painter) const {
    const QRectF plot = chart_->mapRectToScene(chart_->plotArea());
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setClipRect(plot);
    const QColor warning(QStringLiteral("#d62728"));
    for (const auto& [id, series] : curves_) {
        const std::optional<QPointF> marker = extrapolationMarker(id);
        if (!marker) continue;
        const PredictedCurve* curve = prediction_->curve(id);
        const double from = xScale_.toStep(xAxis_->min());
        const double start =
            std::max(static_cast<double>(*curve->outside.firstStepOutside()), from);
        // The band's edges beyond the marker, dashed: there the band also holds the law's own
        // error (widenBeyondRange), or could not, and the curve is extrapolation either way.
        // (Lines, not a hatched fill: a pattern fill on every frame of a drag costs more than
        // the frame.)
        QPen dashed(series->pen().color(), 1.2, Qt::DashLine);
        painter->setPen(dashed);
        painter->setBrush(Qt::NoBrush);
        for (const std::vector<QPointF>* edge : {&curve->bandUpper, &curve->bandLower}) {
            QPolygonF line;
            for (const QPointF& point : *edge)
                if (point.x() >= start) line << toScene(xScale_.toDisplay(point.x()), point.y());
            if (line.size() >= 2) painter->drawPolyline(line);
        }
        // The marker: a small warning triangle on the curve.
        const QPointF at = mapToScene(marker->toPoint());
        QPolygonF triangle;
        triangle << at + QPointF(0, -11) << at + QPointF(-7, 2) << at + QPointF(7, 2);
        painter->setPen(QPen(palette().color(QPalette::Base), 1.2));
        painter->setBrush(warning);
        painter->drawPolygon(triangle);
        painter->setPen(QPen(Qt::white, 1.6));
        painter->drawLine(at + QPointF(0, -7.5), at + QPointF(0, -2.5));
        painter->drawPoint(at + QPointF(0, -0.5));
    }
    painter->restore();
}

void LossChartView::drawCrosshair(QPainter* painter) const {
    const QRectF plot = chart_->mapRectToScene(chart_->plotArea());
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QColor line = palette().color(QPalette::Text);
    line.setAlphaF(0.35f);
    painter->setPen(QPen(line, 1.0, Qt::DashLine));
    const double x = toScene(*crosshair_, 0.0).x();
    painter->drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
    for (const auto& [id, loss] : curveValuesAt(xScale_.toStep(*crosshair_))) {
        const QPointF at = toScene(*crosshair_, loss);
        if (!plot.contains(at)) continue;
        painter->setPen(QPen(palette().color(QPalette::Base), 1.5));
        painter->setBrush(curveSeries(id)->pen().color());
        painter->drawEllipse(at, 4.0, 4.0);
    }
    painter->restore();
}

}  // namespace annealer
