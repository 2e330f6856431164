#pragma once

#include "RunFitCurve.h"

#include <QFutureWatcher>
#include <QTabWidget>

#include <vector>

class QTableWidget;

namespace annealer {

class FitCurvesChart;
class ProjectDocument;
class ResidualChart;

// One stored fit of the project, in four tabs: its parameters with standard errors; the
// metrics of each run, fitted and held out apart (as recorded when the fit was made); the runs'
// observed points with the fitted curves and their bands; and the residuals. The curves are
// predicted off the GUI thread from the project's runs, and a chart takes them when it is shown
// (a chart's update costs tens of milliseconds, not worth it for a hidden tab).
class FitResultsView : public QTabWidget {
    Q_OBJECT
public:
    explicit FitResultsView(ProjectDocument* document, QWidget* parent = nullptr);

    // Shows the project's fit number `index`; -1 shows nothing.
    void showFit(int index);
    int fitIndex() const { return index_; }
    bool isPredicting() const { return predicting_; }
    const std::vector<RunFitCurve>& curves() const { return curves_; }

    QTableWidget* parameterTable() const { return parameters_; }
    QTableWidget* metricsTable() const { return metrics_; }
    FitCurvesChart* curvesChart() const { return curvesChart_; }
    ResidualChart* residualChart() const { return residualChart_; }

signals:
    void curvesReady();

private:
    void fillParameters(const FitResult* fit);
    void fillMetrics(const FitResult* fit);
    void predictCurves();
    void curvesPredicted();
    void updateVisibleChart();

    ProjectDocument* document_;
    QTableWidget* parameters_;
    QTableWidget* metrics_;
    FitCurvesChart* curvesChart_;
    ResidualChart* residualChart_;
    int index_ = -1;
    QFutureWatcher<std::vector<RunFitCurve>> watcher_;
    std::vector<RunFitCurve> curves_;
    bool predicting_ = false;          // until the newest prediction's curves are shown
    bool curvesChartCurrent_ = false;  // the chart shows curves_
    bool residualChartCurrent_ = false;
};

}  // namespace annealer
