#include "CptOptimizerPanel.h"

#include "ChartStyle.h"
#include "CptDocument.h"
#include "CptPredictions.h"
#include "ItemColours.h"
#include "NumberText.h"
#include "TickLabelAxis.h"
#include "schedule/ScheduleJson.h"

#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QJsonDocument>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPushButton>
#include <QScatterSeries>
#include <QVBoxLayout>
#include <QValueAxis>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>

namespace annealer {

namespace {

constexpr int kWeights = 21;  // points of the best-peak-against-w plot

// What a search depends on besides the weight: the pre-training, checkpoint, fits' parameters.
QString searchInputs(const CptProject& project) {
    QString key = QString::fromUtf8(
        QJsonDocument(scheduleToJson(project.pretraining)).toJson(QJsonDocument::Compact));
    key += QString::number(project.transferStep);
    for (const auto* fit : {&project.ptFit, &project.cptFit})
        if (*fit)
            for (const double p : (*fit)->parameters)
                key += QLatin1Char(',') + QString::number(p, 'g', 17);
    return key;
}

}  // namespace

CptOptimizerPanel::CptOptimizerPanel(CptDocument* document, CptPredictions* predictions,
                                     QWidget* parent)
    : QWidget(parent),
      document_(document),
      predictions_(predictions),
      find_(new QPushButton(tr("Find best CPT schedule"))),
      searchLength_(new QCheckBox(tr("Search the CPT length too (half to twice)"))),
      result_(new QLabel),
      add_(new QPushButton(tr("Add the best as a schedule"))),
      chart_(new QChartView),
      curve_(new QLineSeries),
      marker_(new QScatterSeries),
      wAxis_(new QValueAxis),
      peakAxis_(new QLogValueAxis) {
    find_->setObjectName(QStringLiteral("cptFindBest"));
    add_->setObjectName(QStringLiteral("cptAddBest"));
    result_->setObjectName(QStringLiteral("cptBestResult"));
    result_->setWordWrap(true);
    result_->setText(
        tr("Searches the re-warm peak, the decay shape and length for the balance weight."));
    searchLength_->setToolTip(
        tr("A longer CPT run always learns more of the new data: search it only when its "
           "length is free"));
    add_->setEnabled(false);
    auto* chart = new QChart;
    chart->setTitle(tr("Best re-warm peak against the weight w"));
    chart->legend()->hide();
    chart->setMargins(QMargins(0, 0, 0, 0));
    chart->addAxis(wAxis_, Qt::AlignBottom);
    chart->addAxis(peakAxis_, Qt::AlignLeft);
    wAxis_->setRange(0.0, 1.0);
    wAxis_->setTickCount(6);
    wAxis_->setLabelFormat(QStringLiteral("%.1f"));
    wAxis_->setTitleText(tr("w (weight of the old data)"));
    peakAxis_->setTitleText(tr("best peak LR"));
    peakLabels_ = new TickLabelAxis(chart, peakAxis_, [](double lr) { return exponentText(lr); });
    chart->addSeries(curve_);
    chart->addSeries(marker_);
    for (QAbstractSeries* series :
         {static_cast<QAbstractSeries*>(curve_), static_cast<QAbstractSeries*>(marker_)}) {
        series->attachAxis(wAxis_);
        series->attachAxis(peakAxis_);
    }
    marker_->setMarkerSize(10.0);
    chart_->setChart(chart);
    chart_->setRenderHint(QPainter::Antialiasing);
    chart_->setMinimumHeight(200);
    styleChart(chart, palette());
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(find_);
    layout->addWidget(searchLength_);
    layout->addWidget(result_);
    layout->addWidget(add_);
    layout->addWidget(chart_, 1);

    connect(find_, &QPushButton::clicked, this, &CptOptimizerPanel::findBest);
    connect(&watcher_, &QFutureWatcherBase::finished, this, [this] {
        find_->setEnabled(true);
        auto outcome = watcher_.result();
        if (!outcome) {
            result_->setText(tr("The search stopped: %1").arg(outcome.error()));
        } else {
            candidates_ = std::move(*outcome);
            peakByWeight_ = bestPeakByWeight(candidates_, kWeights);
        }
        showResult();
        emit finished();
    });
    connect(predictions_, &CptPredictions::updated, this, &CptOptimizerPanel::showResult);
    connect(add_, &QPushButton::clicked, this, [this] {
        const CptCandidate* candidate = best();
        if (!candidate) return;
        CptProject project = document_->project();
        CptDesignedSchedule entry;
        entry.name = tr("best at w=%1").arg(project.weight, 0, 'f', 2);
        entry.phase = candidate->phase;
        QStringList used;
        for (const CptDesignedSchedule& other : project.schedules) used << other.colour;
        entry.colour = nextScheduleColour(used);
        project.schedules.push_back(entry);
        document_->edit(project, tr("Add the best CPT schedule"));
        document_->setCurrentSchedule(static_cast<int>(project.schedules.size()) - 1);
    });
}

CptOptimizerPanel::~CptOptimizerPanel() {
    if (cancel_) cancel_->store(true);
    watcher_.waitForFinished();
}

void CptOptimizerPanel::findBest() {
    if (watcher_.isRunning()) return;
    const CptProject& project = document_->project();
    if (!document_->laws()) {
        result_->setText(document_->laws().error());
        return;
    }
    const int current = document_->currentSchedule();
    if (current >= static_cast<int>(project.schedules.size())) return;
    auto pretraining = project.pretrainingToCheckpoint();
    if (!pretraining) {
        result_->setText(pretraining.error());
        return;
    }
    const CptPhase& base = project.schedules[static_cast<std::size_t>(current)].phase;
    CptSearch search;
    for (int i = 0; i < 40; ++i) search.peakFractions.push_back(0.02 * std::pow(100.0, i / 39.0));
    search.decayFractions = {0.1, 0.2, 0.3, 0.5};
    search.rewarmSteps = base.rewarmSteps;
    search.floorRatio = base.peak > 0.0 ? base.floor / base.peak : 0.1;
    search.lengths = {base.steps};
    if (searchLength_->isChecked())
        for (const double factor : {0.5, 0.75, 1.5, 2.0})
            search.lengths.push_back(std::max<std::int64_t>(
                base.rewarmSteps + 2, std::llround(factor * static_cast<double>(base.steps))));
    cancel_ = std::make_shared<std::atomic_bool>(false);
    searchedFor_ = searchInputs(project);
    find_->setEnabled(false);
    result_->setText(tr("Searching %1 candidates...")
                         .arg(search.peakFractions.size() * 6 * search.lengths.size()));
    watcher_.setFuture(
        QtConcurrent::run([laws = *document_->laws(), pt = *pretraining, search, cancel = cancel_] {
            return evaluateCptCandidates(laws, pt, search, [cancel] { return cancel->load(); });
        }));
}

const CptCandidate* CptOptimizerPanel::best() const {
    if (candidates_.empty()) return nullptr;
    return &bestCptCandidate(candidates_, document_->project().weight);
}

void CptOptimizerPanel::showResult() {
    const CptProject& project = document_->project();
    const CptCandidate* candidate = best();
    add_->setEnabled(candidate != nullptr);
    if (!candidate) return;
    const double w = project.weight;
    const double weighted = candidate->outcome.weighted(w);
    std::optional<double> baseline;
    if (project.baseline && static_cast<std::size_t>(*project.baseline) < predictions_->count())
        if (const auto& curves = predictions_->curves(static_cast<std::size_t>(*project.baseline)))
            baseline = curves->final.weighted(w);
    const CptPhase& phase = candidate->phase;
    QString text =
        tr("Best at w = %1: %2, re-warm peak %3, floor %4, %5 steps%6: weighted final loss %7")
            .arg(w, 0, 'f', 2)
            .arg(phase.shape == QLatin1String("wsd")
                     ? tr("WSD (decay over the last %1%)")
                           .arg(phase.decayFraction * 100.0, 0, 'f', 0)
                     : phase.shape)
            .arg(phase.peak, 0, 'g', 3)
            .arg(phase.floor, 0, 'g', 3)
            .arg(phase.steps)
            .arg(phase.rewarmSteps > 0 ? tr(" (re-warm %1)").arg(phase.rewarmSteps) : QString())
            .arg(weighted, 0, 'f', 4);
    if (baseline)
        text += tr(", a gain of %1 over the baseline (%2).")
                    .arg(*baseline - weighted, 0, 'f', 4)
                    .arg(*baseline, 0, 'f', 4);
    else
        text += QLatin1Char('.');
    if (searchInputs(project) != searchedFor_)
        text += tr(" The checkpoint or the fits changed since: search again.");
    result_->setText(text);

    QList<QPointF> points;
    double low = 1e300, high = 0.0;
    for (const WeightedPeak& point : peakByWeight_) {
        points << QPointF(point.weight, point.peak);
        low = std::min(low, point.peak);
        high = std::max(high, point.peak);
    }
    curve_->replace(points);
    marker_->replace(QList<QPointF>{QPointF(w, phase.peak)});
    if (high > 0.0)
        peakAxis_->setRange(std::pow(10.0, std::floor(std::log10(low))),
                            std::pow(10.0, std::ceil(std::log10(high * 1.0001))));
}

}  // namespace annealer
