#include "FitResultsView.h"

#include "FitCurvesChart.h"
#include "NumberText.h"
#include "ProjectDocument.h"
#include "ResidualChart.h"
#include "SwatchIcons.h"
#include "TableCells.h"
#include "law/LossLaw.h"

#include <QFont>
#include <QHeaderView>
#include <QTableWidget>
#include <QtConcurrent>

#include <cmath>

namespace annealer {

FitResultsView::FitResultsView(ProjectDocument* document, QWidget* parent)
    : QTabWidget(parent),
      document_(document),
      parameters_(new QTableWidget(this)),
      metrics_(new QTableWidget(this)),
      curvesChart_(new FitCurvesChart(this)),
      residualChart_(new ResidualChart(this)) {
    setObjectName(QStringLiteral("fitResults"));
    setUpReadOnlyTable(parameters_, {tr("Parameter"), tr("Value"), tr("± std. error"),
                                     tr("Relative"), tr("Meaning")});
    parameters_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    parameters_->horizontalHeader()->setSectionResizeMode(4, QHeaderView::Stretch);
    parameters_->horizontalHeaderItem(2)->setToolTip(
        tr("From s² (JᵀJ)⁻¹ at the optimum; 0 for a parameter held at a bound"));
    setUpReadOnlyTable(metrics_, {tr("Run"), tr("Role"), tr("Points"), tr("R²"), tr("MAE"),
                                  tr("PredE"), tr("WorstE"), tr("Final error")});
    metrics_->horizontalHeaderItem(5)->setToolTip(tr("Mean |predicted − observed| / observed"));
    metrics_->horizontalHeaderItem(6)->setToolTip(tr("Largest |predicted − observed| / observed"));
    metrics_->horizontalHeaderItem(7)->setToolTip(
        tr("Predicted − observed at the run's last point inside the window"));
    addTab(parameters_, tr("Parameters"));
    addTab(metrics_, tr("Runs"));
    addTab(curvesChart_, tr("Curves"));
    addTab(residualChart_, tr("Residuals"));
    connect(&watcher_, &QFutureWatcher<std::vector<RunFitCurve>>::finished, this,
            &FitResultsView::curvesPredicted);
    connect(this, &QTabWidget::currentChanged, this, &FitResultsView::updateVisibleChart);
    // Removing or restoring a run changes what can be drawn.
    connect(document_, &ProjectDocument::runsChanged, this, [this] { predictCurves(); });
}

void FitResultsView::showFit(int index) {
    const auto& fits = document_->project().fits;
    index_ = index >= 0 && index < static_cast<int>(fits.size()) ? index : -1;
    const FitResult* fit = index_ < 0 ? nullptr : &fits[static_cast<std::size_t>(index_)];
    fillParameters(fit);
    fillMetrics(fit);
    predictCurves();
}

void FitResultsView::fillParameters(const FitResult* fit) {
    parameters_->setRowCount(0);
    if (!fit) return;
    auto law = makeLaw(fit->lawId);
    parameters_->setRowCount(static_cast<int>(fit->parameters.size()));
    for (std::size_t i = 0; i < fit->parameters.size(); ++i) {
        const int row = static_cast<int>(i);
        const double value = fit->parameters[i];
        const double error = i < fit->standardErrors.size() ? fit->standardErrors[i] : 0.0;
        parameters_->setItem(row, 0, textCell(fit->parameterNames[i]));
        if (law && i < (*law)->parameters().size())
            parameters_->setItem(row, 4, textCell((*law)->parameters()[i].meaning));
        QTableWidgetItem* valueCell = textCell(QString::number(value, 'g', 6));
        valueCell->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        valueCell->setToolTip(QString::number(value, 'g', 17));
        parameters_->setItem(row, 1, valueCell);
        QTableWidgetItem* errorCell =
            textCell(error > 0.0 ? QString::number(error, 'g', 3) : tr("at a bound"));
        errorCell->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        parameters_->setItem(row, 2, errorCell);
        QTableWidgetItem* relative =
            textCell(error > 0.0 && value != 0.0
                         ? roundedText(100.0 * error / std::abs(value), 2) + QLatin1Char('%')
                         : QStringLiteral("–"));
        relative->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        parameters_->setItem(row, 3, relative);
    }
}

void FitResultsView::fillMetrics(const FitResult* fit) {
    metrics_->setRowCount(0);
    if (!fit) return;
    struct Group {
        const std::vector<FittedRun>* runs;
        QString role;
    };
    int row = 0;
    QFont italic = metrics_->font();
    italic.setItalic(true);
    for (const Group& group :
         {Group{&fit->runs, tr("fitted")}, Group{&fit->heldOut, tr("held out")}}) {
        if (group.runs->empty()) continue;
        double predE = 0.0, worstE = 0.0, mae = 0.0;
        for (const FittedRun& run : *group.runs) {
            metrics_->insertRow(row);
            QTableWidgetItem* name = textCell(run.name);
            if (const ProjectRun* entry = document_->runOfFit(run))
                name->setIcon(dotSwatch(QColor(entry->colour)));
            name->setToolTip(run.source);
            const FitMetrics& m = run.metrics;
            metrics_->setItem(row, 0, name);
            metrics_->setItem(row, 1, textCell(group.role));
            metrics_->setItem(row, 2, numberCell(m.points, 0));
            metrics_->setItem(row, 3, numberCell(m.r2, 4));
            metrics_->setItem(row, 4, numberCell(m.mae, 5));
            metrics_->setItem(row, 5, numberCell(m.predE, 5));
            metrics_->setItem(row, 6, numberCell(m.worstE, 5));
            metrics_->setItem(row, 7, numberCell(m.finalError, 4, true));
            predE += m.predE;
            worstE = std::max(worstE, m.worstE);
            mae += m.mae;
            ++row;
        }
        const auto count = static_cast<double>(group.runs->size());
        metrics_->insertRow(row);
        metrics_->setItem(row, 0, textCell(tr("mean")));
        metrics_->setItem(row, 1, textCell(group.role));
        metrics_->setItem(row, 4, numberCell(mae / count, 5));
        metrics_->setItem(row, 5, numberCell(predE / count, 5));
        metrics_->setItem(row, 6, numberCell(worstE, 5));
        metrics_->item(row, 6)->setToolTip(tr("The largest of the runs' WorstE"));
        for (int column = 0; column < metrics_->columnCount(); ++column)
            if (QTableWidgetItem* item = metrics_->item(row, column)) item->setFont(italic);
        ++row;
    }
}

void FitResultsView::predictCurves() {
    const auto& fits = document_->project().fits;
    if (index_ < 0 || index_ >= static_cast<int>(fits.size())) {
        watcher_.setFuture(QFuture<std::vector<RunFitCurve>>());
        predicting_ = false;
        curves_.clear();
        curvesChartCurrent_ = residualChartCurrent_ = false;
        updateVisibleChart();
        return;
    }
    const FitResult fit = fits[static_cast<std::size_t>(index_)];
    std::vector<RunToPredict> runs = runsToPredict(*document_, fit);
    // A newer request replaces the watched one; the older finishes unseen.
    predicting_ = true;
    watcher_.setFuture(
        QtConcurrent::run([fit, runs = std::move(runs)] { return predictRunCurves(fit, runs); }));
}

void FitResultsView::curvesPredicted() {
    if (watcher_.future().resultCount() == 0) return;
    curves_ = watcher_.result();
    predicting_ = false;
    curvesChartCurrent_ = residualChartCurrent_ = false;
    updateVisibleChart();
    emit curvesReady();
}

void FitResultsView::updateVisibleChart() {
    if (currentWidget() == curvesChart_ && !curvesChartCurrent_) {
        curvesChart_->setCurves({curves_}, {});
        curvesChartCurrent_ = true;
    } else if (currentWidget() == residualChart_ && !residualChartCurrent_) {
        residualChart_->setCurves(curves_);
        residualChartCurrent_ = true;
    }
}

}  // namespace annealer
