#include "FitCurvesChart.h"

#include "ChartStyle.h"
#include "NumberText.h"
#include "TickLabelAxis.h"
#include "fit/PredictionBand.h"

#include <QAreaSeries>
#include <QChart>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <limits>

namespace annealer {

namespace {

constexpr Qt::PenStyle kLawStyles[] = {Qt::SolidLine, Qt::DashLine, Qt::DotLine};
const char* const kLawStyleNames[] = {QT_TRANSLATE_NOOP("FitCurvesChart", "solid"),
                                      QT_TRANSLATE_NOOP("FitCurvesChart", "dashed"),
                                      QT_TRANSLATE_NOOP("FitCurvesChart", "dotted")};

}  // namespace

FitCurvesChart::FitCurvesChart(QWidget* parent)
    : QChartView(parent),
      chart_(new QChart),
      xAxis_(new QValueAxis),
      yAxis_(new QValueAxis),
      observed_(chart_, false),
      bands_(chart_, false),
      lines_(chart_, true) {
    chart_->addAxis(xAxis_, Qt::AlignBottom);
    chart_->addAxis(yAxis_, Qt::AlignLeft);
    // The step labels ("0", "5k"); the chart owns the axis carrying them.
    new TickLabelAxis(chart_, xAxis_, [](double step) { return compactNumber(step); });
    chart_->legend()->setAlignment(Qt::AlignRight);
    chart_->setMargins(QMargins(4, 4, 4, 4));
    setChart(chart_);
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(320, 220);
    styleChart(chart_, palette());
    setCurves({}, {});
}

void FitCurvesChart::setCurves(const std::vector<std::vector<RunFitCurve>>& predictions,
                               const QStringList& lawNames) {
    const std::vector<RunFitCurve> none;
    const std::vector<RunFitCurve>& runs = predictions.empty() ? none : predictions.front();
    std::vector<std::pair<std::size_t, const RunFitCurve*>> predicted;  // (law, curve)
    for (std::size_t law = 0; law < predictions.size(); ++law)
        for (const RunFitCurve& curve : predictions[law])
            if (!curve.predicted.empty()) predicted.emplace_back(law, &curve);

    // The legend lays itself out again for every series added: only once, at the end.
    chart_->legend()->setVisible(false);
    observed_.resize(runs.size(), [] { return new QScatterSeries; });
    bands_.resize(predicted.size(),
                  [] { return new QAreaSeries(new QLineSeries, new QLineSeries); });
    lines_.resize(predicted.size(), [] { return new QLineSeries; });
    predictionSeries_ = static_cast<int>(predicted.size());

    double low = std::numeric_limits<double>::infinity(), high = -low, lastStep = 1.0;
    for (std::size_t r = 0; r < runs.size(); ++r) {
        const RunFitCurve& curve = runs[r];
        auto* series = static_cast<QScatterSeries*>(observed_.at(r));
        QColor colour(curve.colour);
        colour.setAlphaF(0.6f);
        series->setColor(colour);
        series->setBorderColor(Qt::transparent);
        series->setMarkerSize(5.0);
        QList<QPointF> points;
        points.reserve(static_cast<qsizetype>(curve.steps.size()));
        for (std::size_t i = 0; i < curve.steps.size(); ++i) {
            points.append(QPointF(static_cast<double>(curve.steps[i]), curve.observed[i]));
            low = std::min(low, curve.observed[i]);
            high = std::max(high, curve.observed[i]);
            lastStep = std::max(lastStep, static_cast<double>(curve.steps[i]));
        }
        series->replace(points);
    }
    bool anyFitted = false, anyHeldOut = false;
    for (const auto& [law, curve] : predicted) (curve->heldOut ? anyHeldOut : anyFitted) = true;
    for (std::size_t k = 0; k < predicted.size(); ++k) {
        const auto [law, curve] = predicted[k];
        const QColor colour(curve->colour);
        auto* band = static_cast<QAreaSeries*>(bands_.at(k));
        QColor fill = colour;
        fill.setAlphaF(0.2f);
        band->setBrush(fill);
        band->setPen(Qt::NoPen);
        auto* line = static_cast<QLineSeries*>(lines_.at(k));
        QPen pen(colour, 1.8);
        pen.setStyle(kLawStyles[law % std::size(kLawStyles)]);
        line->setPen(pen);
        line->setName(curve->heldOut && anyFitted ? tr("%1 (held out)").arg(curve->name)
                                                  : curve->name);
        // One legend entry per run; which law draws which line style, the caller says.
        for (QLegendMarker* marker : chart_->legend()->markers(line)) marker->setVisible(law == 0);
        QList<QPointF> values, upper, lower;
        for (std::size_t i = 0; i < curve->steps.size(); ++i) {
            const auto x = static_cast<double>(curve->steps[i]);
            const double half = kBandSigmas * curve->sigma[i];
            values.append(QPointF(x, curve->predicted[i]));
            upper.append(QPointF(x, curve->predicted[i] + half));
            lower.append(QPointF(x, curve->predicted[i] - half));
        }
        line->replace(values);
        band->upperSeries()->replace(upper);
        band->lowerSeries()->replace(lower);
    }

    if (!std::isfinite(low) || !(high > low)) {
        low = 2.0;
        high = 5.0;
    }
    const double pad = 0.03 * (high - low);
    const NiceRange loss = niceRange(low - pad, high + pad);
    setValueAxis(yAxis_, loss.low, loss.high, loss.tickCount, loss.labelFormat(), tr("loss"));
    const NiceRange steps = niceRange(0.0, lastStep);
    setValueAxis(xAxis_, 0.0, steps.high, steps.tickCount, QStringLiteral("%g"), tr("step"));
    chart_->legend()->setVisible(predictionSeries_ > 0);
    QStringList styles;
    for (qsizetype law = 0; law < lawNames.size() && predictions.size() > 1; ++law)
        styles << tr("%1: %2").arg(tr(kLawStyleNames[law % 3]), lawNames[law]);
    setToolTip(styles.join(QStringLiteral(", ")));
    styleChart(chart_, palette());
}

void FitCurvesChart::changeEvent(QEvent* event) {
    QChartView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) styleChart(chart_, palette());
}

}  // namespace annealer
