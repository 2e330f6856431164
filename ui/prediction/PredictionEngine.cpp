#include "PredictionEngine.h"

#include "CurveDecimation.h"
#include "fit/PredictionBand.h"
#include "schedule/WarmupEnd.h"

#include <QObject>

#include <algorithm>
#include <atomic>
#include <cmath>

namespace annealer {

namespace {

bool matches(const PredictedCurve& curve, const PredictionRequest& request,
             const QByteArray& scheduleKey) {
    return !curve.scheduleKey.isEmpty() && curve.scheduleKey == scheduleKey &&
           curve.lawKey == request.lawKey && curve.columns == request.columns;
}

// Where the drawn curve starts: the end of warmup (the laws describe training after it), and
// not in the first half percent of the run, where the power law's term runs off to infinity.
std::int64_t firstDrawnStep(const Schedule& schedule) {
    const std::int64_t steps = schedule.totalSteps();
    return std::clamp<std::int64_t>(std::max(schedule.totalWarmupSteps(), steps / 200), 0,
                                    steps - 1);
}

// The largest LR of each of at most kPreviewBlocks blocks of the sampled schedule.
void blockMaxima(const SampledSchedule& sampled, std::vector<double>& maxima,
                 std::int64_t& stride) {
    const auto count = static_cast<std::int64_t>(sampled.lr.size());
    const std::int64_t group = std::max<std::int64_t>(
        1, (count + PredictionEngine::kPreviewBlocks - 1) / PredictionEngine::kPreviewBlocks);
    maxima.assign(static_cast<std::size_t>((count + group - 1) / group), 0.0);
    for (std::int64_t i = 0; i < count; ++i) {
        double& largest = maxima[static_cast<std::size_t>(i / group)];
        largest = std::max(largest, sampled.lr[static_cast<std::size_t>(i)]);
    }
    stride = group * sampled.stride;
}

std::vector<std::int64_t> evenSteps(std::int64_t first, std::int64_t last, std::int64_t count) {
    count = std::clamp<std::int64_t>(count, 1, last - first + 1);
    std::vector<std::int64_t> steps;
    steps.reserve(static_cast<std::size_t>(count));
    if (count == 1) return {last};
    for (std::int64_t i = 0; i < count; ++i)
        steps.push_back(first + (last - first) * i / (count - 1));
    return steps;
}

}  // namespace

PredictionEngine::PredictionEngine() = default;
PredictionEngine::~PredictionEngine() = default;

Result<std::shared_ptr<const LossLaw>> PredictionEngine::law(const QString& id) {
    if (auto found = laws_.find(id); found != laws_.end()) return found->second;
    auto made = makeLaw(id);
    if (made) laws_.emplace(id, *made);
    return made;
}

namespace {

std::atomic<std::int64_t> exactCurvesDone{0};
std::atomic<std::int64_t> requestsGivenUp{0};

}  // namespace

PredictionEngine::WorkDone PredictionEngine::workDone() {
    return WorkDone{exactCurvesDone.load(), requestsGivenUp.load()};
}

void PredictionEngine::run(const PredictionRequest& request,
                           const std::function<void(PredictedCurve)>& deliver,
                           const std::function<bool()>& superseded) {
    if (!runJobs(request, deliver, superseded)) ++requestsGivenUp;
}

bool PredictionEngine::runJobs(const PredictionRequest& request,
                               const std::function<void(PredictedCurve)>& deliver,
                               const std::function<bool()>& superseded) {
    // Forget schedules that are gone.
    std::erase_if(states_, [&](const auto& entry) {
        return std::find(request.liveIds.begin(), request.liveIds.end(), entry.first) ==
               request.liveIds.end();
    });
    auto madeLaw = law(request.lawId);
    if (!madeLaw || !(*madeLaw)->checkParameters(request.parameters)) {
        const QString problem =
            !madeLaw ? madeLaw.error() : (*madeLaw)->checkParameters(request.parameters).error();
        for (const PredictionJob& job : request.jobs) {
            PredictedCurve curve;
            curve.id = job.id;
            curve.scheduleKey = job.scheduleKey;
            curve.lawKey = request.lawKey;
            curve.columns = request.columns;
            curve.exact = true;
            curve.error = problem;
            deliver(curve);
        }
        return true;
    }
    const LossLaw& lossLaw = **madeLaw;

    std::vector<const PredictionJob*> refine;
    for (const PredictionJob& job : request.jobs) {
        if (superseded()) return false;
        ScheduleState& state = states_[job.id];
        if (state.scheduleKey != job.scheduleKey)
            state = ScheduleState{job.scheduleKey, {}, {}, {}, {}};
        if (matches(state.exactCurve, request, job.scheduleKey)) {
            deliver(state.exactCurve);
            continue;
        }
        const bool small = job.schedule.totalSteps() <= kDirectSteps;
        if (small) {
            if (job.interactive) {
                auto curve = predict(job, request, lossLaw, state, true, superseded);
                if (!curve) return false;
                state.exactCurve = std::move(*curve);
                deliver(state.exactCurve);
            } else {
                refine.push_back(&job);
            }
            continue;
        }
        if (!matches(state.previewCurve, request, job.scheduleKey)) {
            auto curve = predict(job, request, lossLaw, state, false, superseded);
            if (!curve) return false;
            state.previewCurve = std::move(*curve);
        }
        deliver(state.previewCurve);
        if (!job.interactive) refine.push_back(&job);
    }
    for (const PredictionJob* job : refine) {
        if (superseded()) return false;
        ScheduleState& state = states_[job->id];
        auto curve = predict(*job, request, lossLaw, state, true, superseded);
        if (!curve) return false;
        state.exactCurve = std::move(*curve);
        deliver(state.exactCurve);
    }
    return true;
}

std::optional<PredictedCurve> PredictionEngine::predict(const PredictionJob& job,
                                                        const PredictionRequest& request,
                                                        const LossLaw& law, ScheduleState& state,
                                                        bool exact,
                                                        const std::function<bool()>& superseded) {
    PredictedCurve curve;
    curve.id = job.id;
    curve.scheduleKey = job.scheduleKey;
    curve.lawKey = request.lawKey;
    curve.columns = request.columns;
    curve.exact = exact;
    const Schedule& schedule = job.schedule;
    const std::int64_t steps = schedule.totalSteps();
    if (!schedule.validate() || steps < 1) {
        curve.error = QObject::tr("the schedule is not valid");
        return curve;
    }

    Prepared& prepared = exact ? state.exact : state.preview;
    const std::int64_t stride =
        exact ? 1 : std::max<std::int64_t>(1, (steps + kPreviewBlocks - 1) / kPreviewBlocks);
    std::shared_ptr<const LawEvaluator> evaluator;
    if (prepared.evaluator && prepared.lawId == law.id() && prepared.stride == stride) {
        evaluator = prepared.evaluator;
    } else {
        // An exact 50M-step schedule takes seconds to sample and prepare: both ask `superseded`
        // on the way, so that a newer request, or closing the window, is not kept waiting.
        SampledSchedule sampled;
        if (exact) {
            sampled.lr.resize(static_cast<std::size_t>(steps));
            constexpr std::int64_t kChunk = std::int64_t{1} << 22;
            for (std::int64_t first = 0; first < steps; first += kChunk) {
                if (superseded()) return std::nullopt;
                schedule.sampleRange(first, sampled.lr.data() + first,
                                     std::min(kChunk, steps - first));
            }
            sampled.warmupSteps = warmupEndStep(sampled.lr);  // as Schedule::sample()
        } else {
            sampled = schedule.sampleBlocks(stride);
        }
        evaluator = law.prepareWithProgress(
            sampled, exact ? [&](double) { return !superseded(); } : LossLaw::PreparationProgress());
        if (!evaluator || (exact && superseded())) return std::nullopt;
        prepared = Prepared{law.id(), stride, evaluator, {}, 1};
        blockMaxima(sampled, prepared.lrMaxima, prepared.lrMaximaStride);
        // A prepared exact long schedule is not kept; its maxima are (for this curve).
        if (exact && steps > kKeepExactSteps) prepared.evaluator.reset();
    }

    const std::int64_t first = firstDrawnStep(schedule);
    const std::int64_t last = steps - 1;
    const int columns = std::max(request.columns, 16);
    const std::vector<std::int64_t> at = evenSteps(first, last, exact ? 2 * columns : columns);
    std::vector<double> values(at.size());
    evaluator->evaluate(request.parameters, at, values, nullptr);

    std::vector<QPointF> points;
    points.reserve(at.size());
    for (std::size_t i = 0; i < at.size(); ++i)
        if (std::isfinite(values[i])) points.emplace_back(static_cast<double>(at[i]), values[i]);
    if (exact && !points.empty()) {
        const auto [low, high] =
            std::minmax_element(points.begin(), points.end(),
                                [](const QPointF& a, const QPointF& b) { return a.y() < b.y(); });
        // A column's change under a pixel of a chart showing this curve alone: one point.
        const double tolerance = (high->y() - low->y()) / columns;
        curve.points = decimateMinMax(points, static_cast<double>(first), static_cast<double>(last),
                                      columns, tolerance);
    } else {
        curve.points = std::move(points);
    }
    curve.finalStep = last;
    curve.finalLoss = values.back();
    curve.outside =
        rangeExit(request.fitRange, prepared.lrMaxima, prepared.lrMaximaStride, steps);
    curve.outsideText = curve.outside.description(request.fitRange);
    if (!std::isfinite(curve.finalLoss))
        curve.error = QObject::tr("the law gives no finite loss at the last step");
    if (!request.covariance.empty()) {
        const std::vector<std::int64_t> bandAt =
            evenSteps(first, last, std::min<std::int64_t>(kBandPoints, columns));
        PredictionBand band =
            predictBand(*evaluator, request.parameters, request.covariance, bandAt);
        // Beyond the range the fit saw, the law's own error on schedules it has not seen too.
        if (!curve.outside.isInside()) {
            widenBeyondRange(band,
                             extrapolationReach(request.fitRange, curve.outside, prepared.lrMaxima,
                                                prepared.lrMaximaStride, bandAt),
                             request.crossValidatedPredE);
            curve.bandNote = extrapolationBandNote(curve.outside, request.crossValidatedPredE,
                                                   request.fittedRuns);
        }
        for (std::size_t i = 0; i < bandAt.size(); ++i) {
            if (!std::isfinite(band.values[i])) continue;
            const double x = static_cast<double>(bandAt[i]);
            const double half = kBandSigmas * band.sigma[i];
            curve.bandLower.emplace_back(x, band.values[i] - half);
            curve.bandUpper.emplace_back(x, band.values[i] + half);
        }
        curve.finalSigma = band.sigma.back();
    }
    if (exact) ++exactCurvesDone;
    return curve;
}

Result<double> finalLossAsPredicted(const QString& lawId, const std::vector<double>& parameters,
                                    const Schedule& schedule) {
    if (Status valid = schedule.validate(); !valid) return Error{valid.error()};
    auto law = makeLaw(lawId);
    if (!law) return Error{law.error()};
    if (Status ok = (*law)->checkParameters(parameters); !ok) return Error{ok.error()};
    const std::unique_ptr<LawEvaluator> evaluator = (*law)->prepare(schedule.sample());
    const std::int64_t last = schedule.totalSteps() - 1;
    double loss = 0.0;
    evaluator->evaluate(parameters, std::span<const std::int64_t>(&last, 1),
                        std::span<double>(&loss, 1), nullptr);
    if (!std::isfinite(loss))
        return Error{QObject::tr("the law gives no finite loss at the last step")};
    return loss;
}

}  // namespace annealer
