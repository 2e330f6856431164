#pragma once

#include "optimize/CptPlanner.h"

#include <QFutureWatcher>
#include <QWidget>

#include <atomic>
#include <memory>

class QCheckBox;
class QLabel;
class QPushButton;
class QChartView;
class QLineSeries;
class QScatterSeries;
class QValueAxis;
class QLogValueAxis;

namespace annealer {

class CptDocument;
class TickLabelAxis;
class CptPredictions;

// "Find best CPT schedule": predicts, on a worker thread, every candidate CPT phase (re-warm
// peaks from 2% to 200% of the PT peak, cosine / linear / WSD with several decay fractions, the
// selected schedule's length or, if asked, half to twice it) with the selected schedule's
// re-warm length and floor ratio; then reports the best at the project's weight and its gain
// over the baseline, offers to add it, and plots the best re-warm peak against the weight.
// The candidates' outcomes do not depend on the weight, so moving the slider re-reads them.
class CptOptimizerPanel : public QWidget {
    Q_OBJECT
public:
    CptOptimizerPanel(CptDocument* document, CptPredictions* predictions,
                      QWidget* parent = nullptr);
    ~CptOptimizerPanel() override;

    // Starts the search (what the button does); finished() when done.
    void findBest();
    bool running() const { return watcher_.isRunning(); }
    // The best candidate at the project's weight, if a search has finished.
    const CptCandidate* best() const;
    // The plotted (w, best peak) points.
    const std::vector<WeightedPeak>& peakByWeight() const { return peakByWeight_; }

signals:
    void finished();

private:
    void showResult();

    CptDocument* document_;
    CptPredictions* predictions_;
    QPushButton* find_;
    QCheckBox* searchLength_;
    QLabel* result_;
    QPushButton* add_;
    QChartView* chart_;
    QLineSeries* curve_;
    QScatterSeries* marker_;
    QValueAxis* wAxis_;
    QLogValueAxis* peakAxis_;
    TickLabelAxis* peakLabels_ = nullptr;  // "1e-4", "3e-4": the peak axis's labels
    QFutureWatcher<Result<std::vector<CptCandidate>>> watcher_;
    std::shared_ptr<std::atomic_bool> cancel_;
    std::vector<CptCandidate> candidates_;
    std::vector<WeightedPeak> peakByWeight_;
    QString searchedFor_;  // the inputs of the search, to say when the project has moved on
};

}  // namespace annealer
