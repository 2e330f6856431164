#pragma once

#include "PredictedCurve.h"
#include "PredictionRequest.h"
#include "law/LossLaw.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <unordered_map>

namespace annealer {

// Computes predicted curves, keeping what it prepared per schedule so that an unchanged
// schedule is not prepared again. Not thread-safe: PredictionWorker runs one on its thread.
//
// Two qualities: a preview from the schedule sampled in blocks (SampledSchedule::stride, about
// kPreviewBlocks of them), evaluated at one point per pixel column, cheap enough for every
// mouse move on a million-step schedule; and the exact prediction from every step, evaluated at
// two points per column and min/max decimated, for when the user lets go.
class PredictionEngine {
public:
    PredictionEngine();
    ~PredictionEngine();

    // Schedules up to this many steps are always predicted exactly (that is fast enough).
    static constexpr std::int64_t kDirectSteps = 32768;
    static constexpr std::int64_t kPreviewBlocks = 8192;
    // Exact prepared schedules up to this size are kept for the next law change (a prepared
    // million-step multi-power schedule holds tens of megabytes).
    static constexpr std::int64_t kKeepExactSteps = 262144;
    // Points of the uncertainty band per curve: it is smooth, and each costs a Jacobian.
    static constexpr std::int64_t kBandPoints = 240;

    // Delivers a curve for every job of the request as it is ready: first previews (or cached
    // results), then the exact curves of jobs that are not interactive. Returns early, between
    // two curves, as soon as superseded() is true.
    void run(const PredictionRequest& request, const std::function<void(PredictedCurve)>& deliver,
             const std::function<bool()>& superseded);

    // What every engine of the process has done since it started: for tests that check that a
    // newer request, or closing the window, stops the work rather than waiting for it to end.
    struct WorkDone {
        std::int64_t exactCurves = 0;      // exact curves computed to their end
        std::int64_t requestsGivenUp = 0;  // requests left unfinished because superseded()
    };
    static WorkDone workDone();

private:
    struct Prepared {
        QString lawId;
        std::int64_t stride = 0;
        std::shared_ptr<const LawEvaluator> evaluator;
        // The schedule's LR as at most kPreviewBlocks block maxima, taken from the samples the
        // evaluator was prepared on: where it leaves the fit's range is read from them.
        std::vector<double> lrMaxima;
        std::int64_t lrMaximaStride = 1;
    };
    struct ScheduleState {
        QByteArray scheduleKey;
        Prepared preview;
        Prepared exact;
        PredictedCurve previewCurve;
        PredictedCurve exactCurve;
    };

    Result<std::shared_ptr<const LossLaw>> law(const QString& id);
    // run() without its count: false if it was left unfinished because superseded().
    bool runJobs(const PredictionRequest& request,
                 const std::function<void(PredictedCurve)>& deliver,
                 const std::function<bool()>& superseded);
    // Nothing if superseded() turned true on the way (between sampling, preparing and
    // evaluating an exact curve, each tens of milliseconds on a million steps).
    std::optional<PredictedCurve> predict(const PredictionJob& job,
                                          const PredictionRequest& request, const LossLaw& law,
                                          ScheduleState& state, bool exact,
                                          const std::function<bool()>& superseded);

    std::map<QString, std::shared_ptr<const LossLaw>> laws_;
    std::unordered_map<ItemId, ScheduleState> states_;
};

// The loss at a schedule's last step exactly as the engine predicts it for the final-loss table
// (the law prepared on every step, evaluated there), for dialogs that report a loss the table
// will show for the same schedule (Find Best).
Result<double> finalLossAsPredicted(const QString& lawId, const std::vector<double>& parameters,
                                    const Schedule& schedule);

}  // namespace annealer
