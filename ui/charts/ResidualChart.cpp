#include "ResidualChart.h"

#include "ChartStyle.h"
#include "NumberText.h"
#include "TickLabelAxis.h"

#include <QChart>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace annealer {

ResidualChart::ResidualChart(QWidget* parent)
    : QChartView(parent),
      chart_(new QChart),
      xAxis_(new QValueAxis),
      yAxis_(new QValueAxis),
      zero_(new QLineSeries),
      runs_(chart_, true) {
    chart_->addAxis(xAxis_, Qt::AlignBottom);
    chart_->addAxis(yAxis_, Qt::AlignLeft);
    // The step labels ("0", "5k"); the chart owns the axis carrying them.
    new TickLabelAxis(chart_, xAxis_, [](double step) { return compactNumber(step); });
    chart_->legend()->setAlignment(Qt::AlignRight);
    chart_->setMargins(QMargins(4, 4, 4, 4));
    chart_->addSeries(zero_);
    zero_->attachAxis(xAxis_);
    zero_->attachAxis(yAxis_);
    for (QLegendMarker* marker : chart_->legend()->markers(zero_)) marker->setVisible(false);
    setChart(chart_);
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(320, 220);
    styleChart(chart_, palette());
    setCurves({});
}

void ResidualChart::setCurves(const std::vector<RunFitCurve>& curves) {
    std::vector<const RunFitCurve*> drawn;
    for (const RunFitCurve& curve : curves)
        if (!curve.predicted.empty()) drawn.push_back(&curve);
    runs_.resize(drawn.size(), [] { return new QScatterSeries; });
    points_ = 0;
    double largest = 0.0, lastStep = 1.0;
    for (std::size_t r = 0; r < drawn.size(); ++r) {
        const RunFitCurve& curve = *drawn[r];
        auto* series = static_cast<QScatterSeries*>(runs_.at(r));
        series->setName(curve.heldOut ? tr("%1 (held out)").arg(curve.name) : curve.name);
        series->setColor(QColor(curve.colour));
        series->setBorderColor(Qt::transparent);
        series->setMarkerShape(curve.heldOut ? QScatterSeries::MarkerShapeRectangle
                                             : QScatterSeries::MarkerShapeCircle);
        series->setMarkerSize(curve.heldOut ? 5.0 : 6.0);
        QList<QPointF> points;
        for (std::size_t i = 0; i < curve.steps.size(); ++i) {
            const double percent =
                100.0 * (curve.predicted[i] - curve.observed[i]) / curve.observed[i];
            if (!std::isfinite(percent)) continue;
            points.append(QPointF(static_cast<double>(curve.steps[i]), percent));
            largest = std::max(largest, std::abs(percent));
            lastStep = std::max(lastStep, static_cast<double>(curve.steps[i]));
        }
        points_ += static_cast<int>(points.size());
        series->replace(points);
    }
    const NiceRange steps = niceRange(0.0, lastStep);
    QColor zeroColour = palette().color(QPalette::Text);
    zeroColour.setAlphaF(0.5f);
    zero_->setPen(QPen(zeroColour, 1.0, Qt::DashLine));
    zero_->replace(QList<QPointF>{{0.0, 0.0}, {steps.high, 0.0}});

    // Symmetric about zero, so over- and under-prediction read alike.
    const double reach = std::max(largest, 0.05) * 1.05;
    const NiceRange range = niceRange(-reach, reach);
    setValueAxis(yAxis_, range.low, range.high, range.tickCount, range.labelFormat(),
                 tr("(predicted − observed) / observed, %"));
    setValueAxis(xAxis_, 0.0, steps.high, steps.tickCount, QStringLiteral("%g"), tr("step"));
    chart_->legend()->setVisible(points_ > 0);
    styleChart(chart_, palette());
}

void ResidualChart::changeEvent(QEvent* event) {
    QChartView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) styleChart(chart_, palette());
}

}  // namespace annealer
