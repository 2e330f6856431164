#include "LawComparisonView.h"

#include "FitCurvesChart.h"
#include "ProjectDocument.h"
#include "SwatchIcons.h"
#include "TableCells.h"
#include "fit/PredictionBand.h"
#include "law/LossLaw.h"

#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <cmath>
#include <limits>

namespace annealer {

namespace {

const double kNoValue = std::numeric_limits<double>::quiet_NaN();

// The runs a comparison is judged on: the held-out ones, or the fitted ones if none were.
const std::vector<FittedRun>& judgedRuns(const FitResult& fit) {
    return fit.heldOut.empty() ? fit.runs : fit.heldOut;
}

// The height that shows every row of a table (the chart takes the rest).
int contentHeight(const QTableWidget* table) {
    int height = table->horizontalHeader()->height() + 2 * table->frameWidth() + 2;
    for (int row = 0; row < table->rowCount(); ++row) height += table->rowHeight(row);
    return height;
}

const FittedRun* findRun(const std::vector<FittedRun>& runs, const QString& name) {
    for (const FittedRun& run : runs)
        if (run.name == name) return &run;
    return nullptr;
}

// Each schedule's loss at its last step, with its sigma, under both fits.
std::vector<LawComparisonView::ScheduleFinal> predictFinals(
    const FitResult* fits[2], const std::vector<ProjectSchedule>& schedules) {
    std::vector<LawComparisonView::ScheduleFinal> finals;
    for (const ProjectSchedule& entry : schedules) {
        LawComparisonView::ScheduleFinal final;
        final.name = entry.schedule.name;
        final.colour = entry.colour;
        if (Status valid = entry.schedule.validate(); !valid) {
            final.error = valid.error();
            finals.push_back(final);
            continue;
        }
        const SampledSchedule sampled = entry.schedule.sample();
        const std::int64_t last = sampled.steps() - 1;
        for (int k = 0; k < 2; ++k) {
            auto law = makeLaw(fits[k]->lawId);
            if (!law) {
                final.error = law.error();
                break;
            }
            const PredictionBand band = predictBand(*(*law)->prepare(sampled), fits[k]->parameters,
                                                    fits[k]->covariance, std::span(&last, 1));
            final.loss[k] = band.values[0];
            final.sigma[k] = band.sigma[0];
        }
        finals.push_back(final);
    }
    return finals;
}

QString lossWithBand(double loss, double sigma) {
    if (!std::isfinite(loss)) return QStringLiteral("–");
    QString text = QString::number(loss, 'f', 4);
    if (sigma > 0.0) text += QStringLiteral(" ± ") + QString::number(kBandSigmas * sigma, 'f', 4);
    return text;
}

}  // namespace

LawComparisonView::LawComparisonView(ProjectDocument* document, QWidget* parent)
    : QWidget(parent),
      document_(document),
      caption_(new QLabel(this)),
      splitter_(new QSplitter(Qt::Vertical, this)),
      runs_(new QTableWidget(this)),
      schedules_(new QTableWidget(this)),
      chart_(new FitCurvesChart(this)) {
    setObjectName(QStringLiteral("lawComparison"));
    caption_->setWordWrap(true);
    setUpReadOnlyTable(runs_, {tr("Run"), QString(), QString(), QString(), QString()});
    setUpReadOnlyTable(schedules_, {tr("Schedule"), QString(), QString(), QString()});
    // Stacked, each as wide as the tab: the tables have a column per law.
    splitter_->addWidget(runs_);
    splitter_->addWidget(schedules_);
    splitter_->addWidget(chart_);
    splitter_->setStretchFactor(2, 1);
    splitter_->setChildrenCollapsible(false);
    runs_->setMinimumHeight(110);
    schedules_->setMinimumHeight(80);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(caption_);
    layout->addWidget(splitter_, 1);
    connect(&watcher_, &QFutureWatcher<Predictions>::finished, this, &LawComparisonView::predicted);
    connect(document_, &ProjectDocument::runsChanged, this, [this] { predict(); });
    connect(document_, &ProjectDocument::scheduleChanged, this, [this] { predict(); });
    connect(document_, &ProjectDocument::scheduleInserted, this, [this] { predict(); });
    connect(document_, &ProjectDocument::scheduleRemoved, this, [this] { predict(); });
    compare(-1, -1);
}

void LawComparisonView::compare(int first, int second) {
    const int count = static_cast<int>(document_->project().fits.size());
    const bool valid = first >= 0 && second >= 0 && first < count && second < count;
    first_ = valid ? first : -1;
    second_ = valid ? second : -1;
    fillRunTable();
    predict();
}

void LawComparisonView::fillRunTable() {
    runs_->setRowCount(0);
    schedules_->setRowCount(0);
    if (first_ < 0) {
        caption_->setText(tr("Fit both laws (“Fit Both Laws”) to compare them here."));
        return;
    }
    const FitResult* fits[2] = {&document_->project().fits[static_cast<std::size_t>(first_)],
                                &document_->project().fits[static_cast<std::size_t>(second_)]};
    const bool heldOut = !fits[0]->heldOut.empty() || !fits[1]->heldOut.empty();
    caption_->setText(
        heldOut ? tr("Fit %1 (%2, solid) against fit %3 (%4, dashed) on the runs they did not "
                     "see. Lower PredE is better; the better value is in bold.")
                      .arg(first_ + 1)
                      .arg(fits[0]->lawId)
                      .arg(second_ + 1)
                      .arg(fits[1]->lawId)
                : tr("Fit %1 (%2, solid) against fit %3 (%4, dashed). No runs were held out: "
                     "these are the fitted runs, which say less about prediction.")
                      .arg(first_ + 1)
                      .arg(fits[0]->lawId)
                      .arg(second_ + 1)
                      .arg(fits[1]->lawId));
    runs_->setHorizontalHeaderLabels(
        {tr("Run"), tr("PredE, %1").arg(fits[0]->lawId), tr("PredE, %1").arg(fits[1]->lawId),
         tr("Final error, %1").arg(fits[0]->lawId), tr("Final error, %1").arg(fits[1]->lawId)});
    schedules_->setHorizontalHeaderLabels({tr("Schedule"), tr("Final loss, %1").arg(fits[0]->lawId),
                                           tr("Final loss, %1").arg(fits[1]->lawId),
                                           tr("Difference")});

    QStringList names;
    for (const FitResult* fit : fits)
        for (const FittedRun& run : judgedRuns(*fit))
            if (!names.contains(run.name)) names << run.name;
    QFont bold = runs_->font();
    bold.setBold(true);
    double sums[2] = {0.0, 0.0};
    int counts[2] = {0, 0};
    for (const QString& name : names) {
        const int row = runs_->rowCount();
        runs_->insertRow(row);
        runs_->setItem(row, 0, textCell(name));
        double predE[2] = {kNoValue, kNoValue};
        for (int k = 0; k < 2; ++k) {
            const FittedRun* run = findRun(judgedRuns(*fits[k]), name);
            if (!run) {
                runs_->setItem(row, 1 + k, numberCell(kNoValue, 5));
                runs_->setItem(row, 3 + k, numberCell(kNoValue, 4));
                continue;
            }
            if (k == 0)
                if (const ProjectRun* entry = document_->runOfFit(*run))
                    runs_->item(row, 0)->setIcon(dotSwatch(QColor(entry->colour)));
            predE[k] = run->metrics.predE;
            sums[k] += predE[k];
            ++counts[k];
            runs_->setItem(row, 1 + k, numberCell(predE[k], 5));
            runs_->setItem(row, 3 + k, numberCell(run->metrics.finalError, 4, true));
        }
        if (std::isfinite(predE[0]) && std::isfinite(predE[1]) && predE[0] != predE[1])
            runs_->item(row, predE[0] < predE[1] ? 1 : 2)->setFont(bold);
    }
    const int row = runs_->rowCount();
    runs_->insertRow(row);
    runs_->setItem(row, 0, textCell(tr("mean")));
    double means[2];
    for (int k = 0; k < 2; ++k) {
        means[k] = counts[k] > 0 ? sums[k] / counts[k] : kNoValue;
        runs_->setItem(row, 1 + k, numberCell(means[k], 5));
    }
    QFont italic = runs_->font();
    italic.setItalic(true);
    runs_->item(row, 0)->setFont(italic);
    if (std::isfinite(means[0]) && std::isfinite(means[1]) && means[0] != means[1]) {
        QFont boldItalic = italic;
        boldItalic.setBold(true);
        runs_->item(row, means[0] < means[1] ? 1 : 2)->setFont(boldItalic);
    }
    fitTables();
}

void LawComparisonView::fitTables() {
    const int total = splitter_->height();
    const int runs = std::min(contentHeight(runs_), total / 3);
    const int schedules = std::min(contentHeight(schedules_), total / 4);
    splitter_->setSizes({runs, schedules, std::max(200, total - runs - schedules)});
}

void LawComparisonView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    fitTables();
}

void LawComparisonView::predict() {
    const Project& project = document_->project();
    if (first_ < 0 || first_ >= static_cast<int>(project.fits.size()) ||
        second_ >= static_cast<int>(project.fits.size())) {
        watcher_.setFuture(QFuture<Predictions>());
        predicting_ = false;
        chart_->setCurves({}, {});
        return;
    }
    const FitResult fits[2] = {project.fits[static_cast<std::size_t>(first_)],
                               project.fits[static_cast<std::size_t>(second_)]};
    // The judged runs of the first fit, drawn for both laws.
    FitResult judged = fits[0];
    if (!judged.heldOut.empty()) judged.runs.clear();
    std::vector<RunToPredict> runs = runsToPredict(*document_, judged);
    std::vector<ProjectSchedule> schedules;
    for (const ProjectSchedule& entry : project.schedules)
        if (entry.visible) schedules.push_back(entry);
    predicting_ = true;
    watcher_.setFuture(QtConcurrent::run(
        [a = fits[0], b = fits[1], runs = std::move(runs), schedules = std::move(schedules)] {
            Predictions result;
            result.curves[0] = predictRunCurves(a, runs);
            result.curves[1] = predictRunCurves(b, runs);
            const FitResult* both[2] = {&a, &b};
            result.schedules = predictFinals(both, schedules);
            return result;
        }));
}

void LawComparisonView::predicted() {
    if (watcher_.future().resultCount() == 0 || first_ < 0) return;
    const Predictions result = watcher_.result();
    predicting_ = false;
    const auto& fits = document_->project().fits;
    chart_->setCurves({result.curves[0], result.curves[1]},
                      {fits[static_cast<std::size_t>(first_)].lawId,
                       fits[static_cast<std::size_t>(second_)].lawId});
    schedules_->setRowCount(static_cast<int>(result.schedules.size()));
    for (std::size_t i = 0; i < result.schedules.size(); ++i) {
        const ScheduleFinal& final = result.schedules[i];
        const int row = static_cast<int>(i);
        QTableWidgetItem* name = textCell(final.name);
        name->setIcon(lineSwatch(QColor(final.colour)));
        schedules_->setItem(row, 0, name);
        for (int k = 0; k < 2; ++k) {
            QTableWidgetItem* cell =
                textCell(final.error.isEmpty() ? lossWithBand(final.loss[k], final.sigma[k])
                                               : QStringLiteral("–"));
            cell->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            cell->setToolTip(final.error.isEmpty()
                                 ? tr("± %1σ from the fit's parameter uncertainty").arg(kBandSigmas)
                                 : final.error);
            schedules_->setItem(row, 1 + k, cell);
        }
        schedules_->setItem(
            row, 3,
            numberCell(final.error.isEmpty() ? final.loss[1] - final.loss[0] : kNoValue, 4, true));
    }
    fitTables();
    emit predictionsReady();
}

}  // namespace annealer
