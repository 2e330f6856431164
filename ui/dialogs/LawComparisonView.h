#pragma once

#include "RunFitCurve.h"

#include <QFutureWatcher>
#include <QWidget>

#include <vector>

class QLabel;
class QSplitter;
class QTableWidget;

namespace annealer {

class FitCurvesChart;
class ProjectDocument;

// Two fits of different laws side by side: each law's metrics on the held-out runs (on the
// fitted runs when none were held out), the final loss each predicts for the project's
// schedules with its +-2 sigma, and the runs' curves as each law predicts them (solid: the
// first fit, dashed: the second). Predictions are made off the GUI thread.
class LawComparisonView : public QWidget {
    Q_OBJECT
public:
    explicit LawComparisonView(ProjectDocument* document, QWidget* parent = nullptr);

    // Compares the project's fits number `first` and `second`; -1 for either clears the view.
    void compare(int first, int second);
    std::pair<int, int> fits() const { return {first_, second_}; }
    bool isPredicting() const { return predicting_; }

    QTableWidget* runTable() const { return runs_; }
    QTableWidget* scheduleTable() const { return schedules_; }
    FitCurvesChart* chart() const { return chart_; }

    // A schedule's final loss under each law, with one standard deviation.
    struct ScheduleFinal {
        QString name;
        QString colour;
        double loss[2] = {0.0, 0.0};
        double sigma[2] = {0.0, 0.0};
        QString error;
    };
    struct Predictions {
        std::vector<RunFitCurve> curves[2];
        std::vector<ScheduleFinal> schedules;
    };

signals:
    void predictionsReady();

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void fillRunTable();
    void predict();
    void predicted();
    void fitTables();  // the tables as tall as their rows, within reason

    ProjectDocument* document_;
    QLabel* caption_;
    QSplitter* splitter_;
    QTableWidget* runs_;
    QTableWidget* schedules_;
    FitCurvesChart* chart_;
    int first_ = -1;
    int second_ = -1;
    QFutureWatcher<Predictions> watcher_;
    bool predicting_ = false;  // until the newest predictions are shown
};

}  // namespace annealer
