#include "FitTask.h"

#include "fit/FitEvaluation.h"
#include "law/LossLaw.h"
#include "run/RunDataKey.h"

#include <QPromise>
#include <QtConcurrent>

namespace annealer {

namespace {

constexpr int kProgressSteps = 1000;

// The job itself, on a pool thread. `progress` takes the fraction done and says whether to go on.
FitOutcome runJob(const FitJob& job, const std::function<bool(double)>& progress) {
    FitOutcome outcome;
    const double share = 1.0 / static_cast<double>(std::max<qsizetype>(1, job.lawIds.size()));
    for (qsizetype i = 0; i < job.lawIds.size(); ++i) {
        auto law = makeLaw(job.lawIds[i]);
        if (!law) return FitOutcome{{}, law.error()};
        FitOptions options = job.options;
        const double begin = share * static_cast<double>(i);
        options.progress = [&progress, begin, share](double fraction) {
            return progress(begin + share * fraction);
        };
        auto fit = Fitter().fit(**law, job.fitted, options);
        if (!fit) {
            const QString prefix =
                job.lawIds.size() > 1 ? (*law)->displayName() + QStringLiteral(": ") : QString();
            return FitOutcome{{}, prefix + fit.error()};
        }
        for (std::size_t r = 0; r < job.fitted.size(); ++r)
            fit->runs[r].dataKey = runDataKey(job.fitted[r]);
        for (const Run& run : job.heldOut) {
            auto evaluated = evaluateHeldOutRun(**law, *fit, run);
            if (!evaluated)
                return FitOutcome{
                    {}, QObject::tr("held-out run %1: %2").arg(run.name, evaluated.error())};
            fit->heldOut.push_back(std::move(evaluated).value());
        }
        outcome.fits.push_back(std::move(fit).value());
        if (!progress(begin + share)) return outcome;
    }
    return outcome;
}

}  // namespace

FitTask::FitTask(QObject* parent) : QObject(parent) {
    qRegisterMetaType<annealer::FitOutcome>();
    connect(&watcher_, &QFutureWatcher<FitOutcome>::progressValueChanged, this, [this](int value) {
        emit progressChanged(value / static_cast<double>(kProgressSteps));
    });
    connect(&watcher_, &QFutureWatcher<FitOutcome>::finished, this, &FitTask::jobEnded);
}

FitTask::~FitTask() {
    // The job holds nothing of this object; cancelled, it ends at the solver's next iteration.
    watcher_.disconnect(this);
    watcher_.cancel();
}

bool FitTask::start(FitJob job) {
    if (running_) return false;
    running_ = true;
    emit runningChanged(true);
    emit progressChanged(0.0);
    watcher_.setFuture(QtConcurrent::run([job = std::move(job)](QPromise<FitOutcome>& promise) {
        promise.setProgressRange(0, kProgressSteps);
        // Called from the fit's worker threads, several at once: QPromise is thread-safe, and
        // keeps the highest value reported.
        FitOutcome outcome = runJob(job, [&promise](double fraction) {
            promise.setProgressValue(
                static_cast<int>(std::clamp(fraction, 0.0, 1.0) * kProgressSteps));
            return !promise.isCanceled();
        });
        promise.addResult(std::move(outcome));  // dropped if cancelled meanwhile
    }));
    return true;
}

void FitTask::cancel() {
    if (running_) watcher_.cancel();
}

void FitTask::jobEnded() {
    running_ = false;
    const QFuture<FitOutcome> future = watcher_.future();
    const bool hasResult = !future.isCanceled() && future.resultCount() > 0;
    const FitOutcome outcome = hasResult ? future.result() : FitOutcome{};
    emit runningChanged(false);
    if (hasResult)
        emit finished(outcome);
    else
        emit cancelled();
}

}  // namespace annealer
