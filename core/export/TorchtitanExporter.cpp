// torchtitan (torchtitan/components/lr_scheduler.py, linear_warmup_stable_decay): a LambdaLR on
// [optimizer] lr, so optimizer step s runs at lr * lambda(s). decay_steps = round(steps *
// decay_ratio) (steps - warmup_steps without decay_ratio), stable = steps - warmup - decay. It
// counts 1-based: the warmup is (s + 1) / (warmup + 1) - our linear warmup from peak / (warmup + 1)
// - and the decay progress (s + 1 - warmup - stable) / (decay + 1), which is ours with one step
// less of decay: a decay of D steps exports as decay_steps D - 1 (the step before it, at the
// peak, counts as stable).
#include "export/ExportSupport.h"
#include "export/Exporters.h"

#include "NumberText.h"

#include <algorithm>
#include <cmath>
#include <optional>

namespace annealer {

namespace {

using namespace exporting;

struct TitanConfig {
    std::int64_t steps = 0;
    double lr = 0.0;
    std::int64_t warmupSteps = 0;
    std::optional<double> decayRatio;
    QString decayType = QStringLiteral("linear");  // linear, sqrt, cosine
    double lrMin = 0.0;                            // a ratio of lr
};

// decay_steps as torchtitan derives it; Python's round() rounds halves to even, as nearbyint.
std::int64_t decayStepsOf(const TitanConfig& c) {
    if (!c.decayRatio) return c.steps - c.warmupSteps;
    std::int64_t decay =
        static_cast<std::int64_t>(std::nearbyint(asDouble(c.steps) * *c.decayRatio));
    // recent versions cut a decay that does not fit after the warmup
    if (c.warmupSteps + decay > c.steps) decay = c.steps - c.warmupSteps;
    return decay;
}

// lambda(step), transcribed.
double multiplier(const TitanConfig& c, std::int64_t step) {
    const std::int64_t warmup = c.warmupSteps;
    const std::int64_t decay = decayStepsOf(c);
    const std::int64_t warmupStable = c.steps - decay;
    step = std::min(step, warmupStable + decay);
    // (step + 1) / (warmup + 1)
    if (step < warmup) return asDouble(step + 1) / asDouble(warmup + 1);
    if (step < warmupStable || decay == 0) return 1.0;
    // progress = (step + 1 - warmup_stable) / (decay + 1)
    const double progress = asDouble(step + 1 - warmupStable) / asDouble(decay + 1);
    double adjustment = 1.0 - progress;  // linear
    if (c.decayType == QLatin1String("sqrt"))
        adjustment = 1.0 - std::sqrt(progress);
    else if (c.decayType == QLatin1String("cosine"))
        adjustment = 0.5 * (1.0 + std::cos(kPi * progress));
    // lr_min + (1 - lr_min) * adjustment
    return c.lrMin + (1.0 - c.lrMin) * adjustment;
}

// decay_ratio giving `decaySteps` back through round(steps * decay_ratio).
double ratioFor(std::int64_t decaySteps, std::int64_t steps) {
    return asDouble(decaySteps) / asDouble(steps);
}

TitanConfig configFor(const Schedule& schedule, QStringList& reasons) {
    TitanConfig c;
    c.steps = schedule.totalSteps();
    c.lr = schedule.peak;
    c.warmupSteps = schedule.warmupSteps;
    const std::int64_t warmup = schedule.warmupSteps;
    // A decay right after warmup: the first post-warmup step is the peak either way.
    const std::int64_t decayAfterWarmup = schedule.steps - warmup - 1;
    switch (schedule.family) {
        case ScheduleFamily::Constant:
            c.decayRatio = 0.0;
            break;
        case ScheduleFamily::Cosine:
            c.decayType = QStringLiteral("cosine");
            c.decayRatio = ratioFor(decayAfterWarmup, c.steps);
            c.lrMin = floorRatioOf(schedule);
            break;
        case ScheduleFamily::Wsd:
            c.decayRatio = ratioFor(schedule.wsdDecaySteps() - 1, c.steps);
            c.lrMin = floorRatioOf(schedule);
            switch (wsdShape(schedule)) {
                case DecayShape::Linear:
                    break;
                case DecayShape::Cosine:
                    c.decayType = QStringLiteral("cosine");
                    break;
                case DecayShape::OneMinusSqrt:
                    c.decayType = QStringLiteral("sqrt");
                    break;
                case DecayShape::Exponential:
                case DecayShape::Polynomial:
                case DecayShape::Rex:
                    reasons << QStringLiteral(
                                   "torchtitan decays linear, sqrt (1 - sqrt) or cosine, not %1")
                                   .arg(decayShapeName(schedule.decayShape));
                    break;
            }
            break;
        default:
            if (isLinearDecay(schedule)) {
                c.decayRatio = ratioFor(decayAfterWarmup, c.steps);
                c.lrMin = floorRatioOf(schedule);
                break;
            }
            reasons << QStringLiteral(
                           "torchtitan has no %1 decay; the nearest is a linear decay to the "
                           "final LR")
                           .arg(familyName(schedule.family));
            const Outline outline = outlineOf(schedule);
            c.lr = outline.peak;
            c.warmupSteps = outline.warmup;
            c.decayRatio = ratioFor(outline.steps - outline.warmup - 1, c.steps);
            c.lrMin = outline.endLr / outline.peak;
            return c;
    }
    const double theirInit = schedule.peak / asDouble(warmup + 1);
    if (warmup > 0 && (schedule.warmupShape != WarmupShape::Linear ||
                       !sameValue(schedule.warmupInit, theirInit, schedule.peak)))
        reasons << QStringLiteral(
                       "torchtitan warms up linearly from peak / (warmup_steps + 1) = %1 "
                       "((step + 1) / (warmup_steps + 1)); this schedule warms up %2 from %3")
                       .arg(shortestText(theirInit), warmupShapeName(schedule.warmupShape),
                            shortestText(schedule.warmupInit));
    return c;
}

QString configText(const Schedule& schedule, const TitanConfig& c, const ExportResult& result) {
    QStringList lines = headerComment(schedule, result, QStringLiteral("as torchtitan job config"));
    lines << QStringLiteral(
                 "# Merge into the job config: [training] steps and [optimizer] lr "
                 "belong to the schedule.")
          << QString() << QStringLiteral("[training]")
          << QStringLiteral("steps = %1").arg(shortestText(c.steps)) << QString()
          << QStringLiteral("[optimizer]") << QStringLiteral("lr = %1").arg(floatLiteral(c.lr))
          << QString() << QStringLiteral("[lr_scheduler]")
          << QStringLiteral("warmup_steps = %1").arg(shortestText(c.warmupSteps));
    if (c.decayRatio) lines << QStringLiteral("decay_ratio = %1").arg(floatLiteral(*c.decayRatio));
    lines << QStringLiteral("decay_type = \"%1\"").arg(c.decayType)
          << QStringLiteral("lr_min = %1").arg(floatLiteral(c.lrMin));
    return textOfLines(lines);
}

}  // namespace

ExportResult TorchtitanExporter::exportSchedule(const Schedule& schedule) const {
    ExportResult result = newResult();
    const TitanConfig config = configFor(schedule, result.reasons);
    // LambdaLR: lr * lambda(step)
    result.preview = perStepPreview(
        config.steps, [&](std::int64_t s) { return config.lr * multiplier(config, s); });
    judge(result, schedule.sample().lr);
    result.text = configText(schedule, config, result);
    offerPytorchFallback(result, schedule,
                         QStringLiteral("pytorch: make_scheduler(optimizer) from the exported "
                                        "Python, returned for each optimizer by a custom "
                                        "build_lr_schedulers"),
                         QStringLiteral("torchtitan: a custom build_lr_schedulers (TrainSpec) "
                                        "returning make_scheduler(optimizer) for each optimizer."));
    return result;
}

}  // namespace annealer
