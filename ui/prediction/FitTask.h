#pragma once

#include "fit/FitResult.h"
#include "fit/Fitter.h"
#include "run/Run.h"

#include <QFutureWatcher>
#include <QMetaType>
#include <QObject>
#include <QStringList>

#include <vector>

namespace annealer {

// What to fit: one law, or several to compare, on the same runs, window and objective.
struct FitJob {
    QStringList lawIds;
    std::vector<Run> fitted;
    std::vector<Run> heldOut;  // predicted with each fit's parameters, not fitted on
    FitOptions options;        // its progress callback is the task's own
};

// How a fit job ended: a fit per law (with held-out metrics and the runs' data keys), or why
// not. Cancelled jobs report nothing.
struct FitOutcome {
    std::vector<FitResult> fits;
    QString error;
};

// Runs a fit job off the GUI thread (QtConcurrent with a QPromise): progressChanged() follows it
// and cancel() stops the solver at its next iteration. One job at a time. finished() reports a
// job that ran to its end, successful or not; cancelled() one that was stopped, with nothing.
class FitTask : public QObject {
    Q_OBJECT
public:
    explicit FitTask(QObject* parent = nullptr);
    ~FitTask() override;

    // False (and nothing started) while another job runs.
    bool start(FitJob job);
    void cancel();
    bool isRunning() const { return running_; }

signals:
    void progressChanged(double fraction);
    void finished(const annealer::FitOutcome& outcome);
    void cancelled();
    void runningChanged(bool running);

private:
    void jobEnded();

    QFutureWatcher<FitOutcome> watcher_;
    bool running_ = false;
};

}  // namespace annealer

Q_DECLARE_METATYPE(annealer::FitOutcome)
