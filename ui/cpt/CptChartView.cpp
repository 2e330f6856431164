#include "CptChartView.h"

#include "ChartStyle.h"
#include "NumberText.h"
#include "TickLabelAxis.h"

#include <QAreaSeries>
#include <QChart>
#include <QEvent>
#include <QFontMetricsF>
#include <QLegend>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace annealer {

CptChartView::CptChartView(const QString& title, QWidget* parent)
    : QChartView(parent), xAxis_(new QValueAxis), yAxis_(new QValueAxis) {
    auto* chart = new QChart;
    chart->setMargins(QMargins(0, 0, 0, 0));
    chart->setTitle(title);
    chart->addAxis(xAxis_, Qt::AlignBottom);
    chart->addAxis(yAxis_, Qt::AlignLeft);
    chart->legend()->hide();
    xLabels_ = new TickLabelAxis(chart, xAxis_, [](double step) { return compactNumber(step); });
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(120);
    styleChart(chart, palette());
}

namespace {

// The interval of 1, 2, 2.5 or 5 times a power of ten that splits [low, high] into at most
// maxIntervals parts.
double tickInterval(double low, double high, int maxIntervals) {
    const double span = high - low;
    double power = std::pow(10.0, std::floor(std::log10(span / std::max(maxIntervals, 1))));
    for (;; power *= 10.0)
        for (const double unit : {1.0, 2.0, 2.5, 5.0})
            if (span / (unit * power) <= maxIntervals + 1e-9) return unit * power;
}

}  // namespace

// Ticks at round values (dynamic ticks from 0), as many as the axis has room for.
int CptChartView::roomForTicks(Qt::Orientation orientation) const {
    const QFontMetricsF metrics(font());
    const QRectF plot = chart()->plotArea();
    return orientation == Qt::Horizontal
               ? std::clamp(
                     static_cast<int>(plot.width() /
                                      (metrics.horizontalAdvance(QStringLiteral("000000")) + 12.0)),
                     2, 8)
               : std::clamp(static_cast<int>(plot.height() / (metrics.height() * 1.8)), 2, 7);
}

void CptChartView::setStepRange(double first, double last) {
    if (!(last > first)) return;
    stepRange_ = {first, last};
    // The window's own ends (not widened): every chart shows exactly the same steps.
    const double interval = tickInterval(first, last, roomForTicks(Qt::Horizontal));
    xAxis_->setTickType(QValueAxis::TicksDynamic);
    xAxis_->setTickAnchor(0.0);
    // The coarser interval first: a wide range with the old fine interval would make thousands
    // of tick items for a moment.
    if (interval > xAxis_->tickInterval()) xAxis_->setTickInterval(interval);
    if (xAxis_->min() != first || xAxis_->max() != last) xAxis_->setRange(first, last);
    if (interval != xAxis_->tickInterval()) xAxis_->setTickInterval(interval);
    if (xAxis_->titleText() != tr("step")) xAxis_->setTitleText(tr("step"));
}

void CptChartView::setValueRange(double low, double high, const QString& labelFormat,
                                 const QString& title) {
    if (!(high > low)) return;
    valueRange_ = {low, high, labelFormat, title};
    const double interval = tickInterval(low, high, roomForTicks(Qt::Vertical));
    const double niceLow = std::floor(low / interval + 1e-9) * interval;
    const double niceHigh = std::ceil(high / interval - 1e-9) * interval;
    setValueAxis(yAxis_, niceLow, niceHigh,
                 static_cast<int>(std::llround((niceHigh - niceLow) / interval)) + 1, labelFormat,
                 title);
}

QPointF CptChartView::positionOf(double step, double value) const {
    const QPointF scene = chart()->mapToPosition(QPointF(step, value));
    return mapFromScene(chart()->mapToScene(scene));
}

QPointF CptChartView::valueAt(const QPointF& position) const {
    const QPointF scene = mapToScene(position.toPoint());
    return chart()->mapToValue(chart()->mapFromScene(scene));
}

template <typename Series>
Series* CptChartView::attached(Series* series) {
    chart()->addSeries(series);
    series->attachAxis(xAxis_);
    series->attachAxis(yAxis_);
    return series;
}

void CptChartView::beginCurves() {
    usedLines_ = usedBands_ = usedDots_ = 0;
}

QLineSeries* CptChartView::nextLine(const QColor& colour, double width, Qt::PenStyle style) {
    if (usedLines_ == lines_.size()) lines_.push_back(attached(new QLineSeries));
    QLineSeries* series = lines_[usedLines_++];
    QPen pen(colour, width, style);
    pen.setCosmetic(true);
    if (series->pen() != pen) series->setPen(pen);
    series->setVisible(true);
    return series;
}

std::pair<QLineSeries*, QLineSeries*> CptChartView::nextBand(const QColor& colour) {
    if (usedBands_ == bands_.size()) {
        auto* band = new QAreaSeries(new QLineSeries, new QLineSeries);
        band->setPen(Qt::NoPen);
        bands_.push_back(attached(band));
    }
    QAreaSeries* band = bands_[usedBands_++];
    QColor fill = colour;
    fill.setAlphaF(0.22f);
    band->setBrush(fill);
    band->setVisible(true);
    return {band->lowerSeries(), band->upperSeries()};
}

QScatterSeries* CptChartView::nextDots(const QColor& colour) {
    if (usedDots_ == dots_.size()) {
        auto* dots = new QScatterSeries;
        dots->setMarkerSize(5.0);
        dots->setPen(Qt::NoPen);
        dots_.push_back(attached(dots));
    }
    QScatterSeries* dots = dots_[usedDots_++];
    dots->setBrush(colour);
    dots->setVisible(true);
    return dots;
}

void CptChartView::setPoints(QXYSeries* series, const QList<QPointF>& points) {
    if (series->points() != points) series->replace(points);
}

void CptChartView::endCurves() {
    for (std::size_t i = usedLines_; i < lines_.size(); ++i) lines_[i]->setVisible(false);
    for (std::size_t i = usedBands_; i < bands_.size(); ++i) bands_[i]->setVisible(false);
    for (std::size_t i = usedDots_; i < dots_.size(); ++i) dots_[i]->setVisible(false);
}

QList<QLineSeries*> CptChartView::visibleLines() const {
    QList<QLineSeries*> visible;
    for (std::size_t i = 0; i < usedLines_; ++i) visible << lines_[i];
    return visible;
}

void CptChartView::resizeEvent(QResizeEvent* event) {
    QChartView::resizeEvent(event);
    layoutSharedPlotArea(chart(), font());
    // The ticks that fit depend on the size.
    if (stepRange_.second > stepRange_.first) setStepRange(stepRange_.first, stepRange_.second);
    if (valueRange_.high > valueRange_.low)
        setValueRange(valueRange_.low, valueRange_.high, valueRange_.labelFormat,
                      valueRange_.title);
}

void CptChartView::changeEvent(QEvent* event) {
    QChartView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) styleChart(chart(), palette());
}

}  // namespace annealer
