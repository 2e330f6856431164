#include "CptLossChart.h"

#include "CptDocument.h"
#include "CptPredictions.h"

#include <QChart>
#include <QLineSeries>
#include <QScatterSeries>

#include <algorithm>
#include <limits>

namespace annealer {

CptLossChart::CptLossChart(Measure measure, CptDocument* document, CptPredictions* predictions,
                           QWidget* parent)
    : CptChartView(QString(), parent),
      measure_(measure),
      document_(document),
      predictions_(predictions) {
    setObjectName(measure == Measure::PretrainingData ? QStringLiteral("cptLossPtChart")
                  : measure == Measure::NewData       ? QStringLiteral("cptLossCptChart")
                                                      : QStringLiteral("cptWeightedChart"));
    // The title from the start (a chart whose plot area is fixed places a later one only when
    // it lays itself out again).
    chart()->setTitle(title());
    // The band first, so that it is drawn behind every curve and dot.
    beginCurves();
    nextBand(Qt::transparent);
    endCurves();
    connect(predictions_, &CptPredictions::updated, this, &CptLossChart::redraw);
    connect(document_, &CptDocument::currentScheduleChanged, this, &CptLossChart::redraw);
}

QString CptLossChart::title() const {
    switch (measure_) {
        case Measure::PretrainingData:
            return tr("Loss on the pre-training data (old): lower keeps more");
        case Measure::NewData:
            return tr("Loss on the new data: lower learns more");
        case Measure::Weighted:
            return tr("Weighted loss w * L old + (1 - w) * L new (w: the balance slider)");
    }
    return {};
}

void CptLossChart::redraw() {
    const CptProject& project = document_->project();
    const double w = project.weight;
    const int current = document_->currentSchedule();
    const CptStepWindow& window = predictions_->window();
    const auto value = [&](const CptCurves& curves, std::size_t k) {
        return measure_ == Measure::PretrainingData ? curves.lossPt[k]
               : measure_ == Measure::NewData       ? curves.lossCpt[k]
                                                    : curves.weighted(k, w);
    };
    const auto sigma = [&](const CptCurves& curves, std::size_t k) {
        return measure_ == Measure::PretrainingData ? curves.sigmaPt[k]
               : measure_ == Measure::NewData       ? curves.sigmaCpt[k]
                                                    : curves.weightedSigma(k, w);
    };
    const auto observed = [&](const CptObservedRun& run, std::size_t k) {
        return measure_ == Measure::PretrainingData ? run.lossPt[k]
               : measure_ == Measure::NewData       ? run.lossCpt[k]
                                              : w * run.lossPt[k] + (1.0 - w) * run.lossCpt[k];
    };

    double low = std::numeric_limits<double>::infinity(), high = -low;
    beginCurves();
    selectedCurve_.clear();
    // The selected schedule's band first (behind every curve), then the curves, selected last.
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < predictions_->count(); ++i)
        if (static_cast<int>(i) != current) order.push_back(i);
    if (current >= 0 && static_cast<std::size_t>(current) < predictions_->count())
        order.push_back(static_cast<std::size_t>(current));
    for (const std::size_t i : order) {
        const auto& curves = predictions_->curves(i);
        const CptDesignedSchedule& entry = project.schedules[i];
        if (!curves || !entry.visible) continue;
        const bool selected = static_cast<int>(i) == current;
        const QColor colour(entry.colour);
        QList<QPointF> line, lower, upper;
        for (std::size_t k = 0; k < curves->steps.size(); ++k) {
            const double step = static_cast<double>(curves->steps[k]);
            const double v = value(*curves, k);
            line << QPointF(step, v);
            low = std::min(low, v);
            high = std::max(high, v);
            if (selected) {
                const double s = 2.0 * sigma(*curves, k);
                lower << QPointF(step, v - s);
                upper << QPointF(step, v + s);
            }
        }
        if (selected) {
            auto [bandLow, bandHigh] = nextBand(colour);
            setPoints(bandLow, lower);
            setPoints(bandHigh, upper);
            selectedCurve_ = line;
        }
        if (entry.observed) {
            QList<QPointF> dots;
            const CptObservedRun& run = *entry.observed;
            for (std::size_t k = 0; k < run.steps.size(); ++k)
                if (run.steps[k] >= window.first && run.steps[k] <= window.last) {
                    const double v = observed(run, k);
                    dots << QPointF(static_cast<double>(run.steps[k]), v);
                    low = std::min(low, v);
                    high = std::max(high, v);
                }
            QColor dotColour = colour;
            dotColour.setAlphaF(selected ? 0.9f : 0.45f);
            setPoints(nextDots(dotColour), dots);
        }
        setPoints(nextLine(colour, selected ? 3.0 : 1.6), line);
    }
    endCurves();
    setStepRange(static_cast<double>(window.first), static_cast<double>(window.last));
    if (low < high) {
        const double margin = 0.05 * (high - low);
        setValueRange(low - margin, high + margin, QStringLiteral("%.2f"), tr("loss"));
    }
}

}  // namespace annealer
