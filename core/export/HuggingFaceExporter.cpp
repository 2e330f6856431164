// Hugging Face transformers: TrainingArguments(learning_rate, max_steps, warmup_steps,
// lr_scheduler_type, lr_scheduler_kwargs). Every type is a LambdaLR (transformers/optimization.py),
// so optimizer step s runs at learning_rate * lambda(s). Their warmup is step / warmup_steps from
// 0, except warmup_stable_decay's, which starts at min_lr_ratio; cosine_warmup_with_min_lr shifts
// everything by one step ((step + 1) / warmup_steps), so it never matches our schedules and is
// not used.
#include "export/ExportSupport.h"
#include "export/Exporters.h"

#include "NumberText.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>

namespace annealer {

namespace {

using namespace exporting;

struct HfConfig {
    QString type;
    double learningRate = 0.0;
    std::int64_t maxSteps = 0;
    std::int64_t warmupSteps = 0;
    QJsonObject kwargs;      // what the file says; the fields below are what the preview reads
    double minLrRate = 0.0;  // cosine_with_min_lr, from min_lr_rate or min_lr / lr
    double lrEnd = 0.0, power = 1.0;  // polynomial
    std::int64_t numCycles = 1;       // cosine_with_restarts
    std::int64_t numDecaySteps = 0;   // warmup_stable_decay
    QString warmupType = QStringLiteral("linear"), decayType = QStringLiteral("cosine");
    double minLrRatio = 0.0;
};

// The multiplier transformers' lambda returns at `step` (a transcription of its lambdas).
double multiplier(const HfConfig& c, std::int64_t step) {
    const std::int64_t warmup = c.warmupSteps;
    const std::int64_t total = c.maxSteps;
    const double s = asDouble(step);
    // warmup of every type but constant and warmup_stable_decay: step / max(1, warmup)
    const auto warmupFactor = [&] { return s / asDouble(std::max<std::int64_t>(1, warmup)); };
    // progress = (step - warmup) / max(1, total - warmup)
    const auto progress = [&] {
        return asDouble(step - warmup) / asDouble(std::max<std::int64_t>(1, total - warmup));
    };
    if (c.type == QLatin1String("constant")) return 1.0;
    if (c.type == QLatin1String("warmup_stable_decay")) {
        const double r = c.minLrRatio;
        const std::int64_t stable = total - warmup - c.numDecaySteps;
        if (step < warmup) {
            const double p = s / asDouble(std::max<std::int64_t>(1, warmup));
            double factor = p;
            if (c.warmupType == QLatin1String("cosine"))
                factor = 0.5 * (1.0 - std::cos(kPi * p));
            else if (c.warmupType == QLatin1String("1-sqrt"))
                factor = 1.0 - std::sqrt(1.0 - p);
            // factor * (1 - min_lr_ratio) + min_lr_ratio
            return std::max(0.0, factor * (1.0 - r) + r);
        }
        if (step < warmup + stable) return 1.0;
        if (step < warmup + stable + c.numDecaySteps) {
            const double p = asDouble(step - warmup - stable) /
                             asDouble(std::max<std::int64_t>(1, c.numDecaySteps));
            double factor = 1.0 - p;  // linear
            if (c.decayType == QLatin1String("cosine"))
                factor = 0.5 * (1.0 + std::cos(kPi * 0.5 * 2.0 * p));
            else if (c.decayType == QLatin1String("1-sqrt"))
                factor = 1.0 - std::sqrt(p);
            return std::max(0.0, factor * (1.0 - r) + r);
        }
        return r;
    }
    if (step < warmup) return warmupFactor();
    if (c.type == QLatin1String("constant_with_warmup")) return 1.0;
    if (c.type == QLatin1String("linear"))
        // max(0, (total - step) / max(1, total - warmup))
        return std::max(
            0.0, asDouble(total - step) / asDouble(std::max<std::int64_t>(1, total - warmup)));
    if (c.type == QLatin1String("cosine"))
        // max(0, (1 + cos(pi * 0.5 * 2 * progress)) / 2)
        return std::max(0.0, 0.5 * (1.0 + std::cos(kPi * 0.5 * 2.0 * progress())));
    if (c.type == QLatin1String("cosine_with_min_lr")) {
        const double factor = 0.5 * (1.0 + std::cos(kPi * 0.5 * 2.0 * progress()));
        return std::max(0.0, factor * (1.0 - c.minLrRate) + c.minLrRate);
    }
    if (c.type == QLatin1String("cosine_with_restarts")) {
        const double p = progress();
        if (p >= 1.0) return 0.0;
        // (1 + cos(pi * ((cycles * progress) mod 1))) / 2
        return std::max(0.0,
                        0.5 * (1.0 + std::cos(kPi * std::fmod(asDouble(c.numCycles) * p, 1.0))));
    }
    if (c.type == QLatin1String("polynomial")) {
        const double init = c.learningRate;
        if (step > total) return c.lrEnd / init;
        // ((init - end) * (1 - (step - warmup) / (total - warmup))^power + end) / init
        const double remaining = 1.0 - asDouble(step - warmup) / asDouble(total - warmup);
        return ((init - c.lrEnd) * std::pow(remaining, c.power) + c.lrEnd) / init;
    }
    if (c.type == QLatin1String("inverse_sqrt")) {
        // 1 / sqrt((step + timescale - warmup) / timescale), timescale = warmup or 10000
        const std::int64_t timescale = warmup > 0 ? warmup : 10000;
        return 1.0 / std::sqrt(asDouble(step + (timescale - warmup)) / asDouble(timescale));
    }
    return 1.0;
}

QString warmupDescription(const Schedule& schedule) {
    return QStringLiteral("%1 from %2")
        .arg(warmupShapeName(schedule.warmupShape), shortestText(schedule.warmupInit));
}

// The nearest straight decay for a family transformers lacks.
void approximate(HfConfig& c, const Schedule& schedule) {
    const Outline outline = outlineOf(schedule);
    c.learningRate = outline.peak;
    c.warmupSteps = outline.warmup;
    if (outline.endLr <= 0.0) {
        c.type = QStringLiteral("linear");
    } else if (outline.endLr < outline.peak) {
        c.type = QStringLiteral("polynomial");
        c.lrEnd = outline.endLr;
        c.power = 1.0;
        c.kwargs = {{QStringLiteral("lr_end"), c.lrEnd}, {QStringLiteral("power"), c.power}};
    } else {
        c.type = outline.warmup > 0 ? QStringLiteral("constant_with_warmup")
                                    : QStringLiteral("constant");
    }
}

HfConfig configFor(const Schedule& schedule, QStringList& reasons) {
    HfConfig c;
    c.maxSteps = schedule.totalSteps();
    c.learningRate = schedule.peak;
    c.warmupSteps = schedule.warmupSteps;
    const double peak = schedule.peak;
    const double floorLr = schedule.floorLr();
    const std::int64_t warmup = schedule.warmupSteps;
    // Every type but warmup_stable_decay warms up as step / warmup_steps.
    bool usualWarmup = true;

    switch (schedule.family) {
        case ScheduleFamily::Constant:
            c.type =
                warmup > 0 ? QStringLiteral("constant_with_warmup") : QStringLiteral("constant");
            break;
        case ScheduleFamily::Linear:
        case ScheduleFamily::Polynomial:
            if (isLinearDecay(schedule) && floorLr == 0.0) {
                c.type = QStringLiteral("linear");
                break;
            }
            c.type = QStringLiteral("polynomial");
            c.lrEnd = floorLr;
            c.power = isLinearDecay(schedule) ? 1.0 : schedule.power;
            if (!(floorLr < peak)) {
                reasons << QStringLiteral(
                    "transformers' polynomial schedule needs an end LR below the peak");
                c.lrEnd = 0.0;
            }
            c.kwargs = {{QStringLiteral("lr_end"), c.lrEnd}, {QStringLiteral("power"), c.power}};
            break;
        case ScheduleFamily::Cosine:
            if (floorLr == 0.0) {
                c.type = QStringLiteral("cosine");
                break;
            }
            c.type = QStringLiteral("cosine_with_min_lr");
            // The ratio the user gave is kept as a ratio, an absolute floor as min_lr.
            if (schedule.floorRatio) {
                c.minLrRate = *schedule.floorRatio;
                c.kwargs = {{QStringLiteral("min_lr_rate"), c.minLrRate}};
            } else {
                c.minLrRate = floorLr / peak;  // what transformers computes from min_lr
                c.kwargs = {{QStringLiteral("min_lr"), floorLr}};
            }
            break;
        case ScheduleFamily::InverseSqrt: {
            c.type = QStringLiteral("inverse_sqrt");
            const std::int64_t timescale = inverseSqrtTimescale(schedule);
            const std::int64_t theirs = warmup > 0 ? warmup : 10000;
            if (timescale != theirs)
                reasons << QStringLiteral(
                               "transformers' inverse_sqrt takes its timescale from "
                               "warmup_steps (10000 without warmup): %1 here, %2 designed")
                               .arg(theirs)
                               .arg(timescale);
            break;
        }
        case ScheduleFamily::Wsd: {
            c.type = QStringLiteral("warmup_stable_decay");
            c.numDecaySteps = schedule.wsdDecaySteps();
            c.minLrRatio = floorRatioOf(schedule);
            switch (wsdShape(schedule)) {
                case DecayShape::Linear:
                    c.decayType = QStringLiteral("linear");
                    break;
                case DecayShape::Cosine:
                    c.decayType = QStringLiteral("cosine");
                    break;
                case DecayShape::OneMinusSqrt:
                    c.decayType = QStringLiteral("1-sqrt");
                    break;
                case DecayShape::Exponential:
                case DecayShape::Polynomial:
                case DecayShape::Rex:
                    c.decayType = QStringLiteral("linear");
                    reasons << QStringLiteral(
                                   "warmup_stable_decay decays linear, cosine or 1-sqrt, not %1")
                                   .arg(decayShapeName(schedule.decayShape));
                    break;
            }
            // Its warmup runs from min_lr_ratio * peak (the floor), linear or cosine.
            usualWarmup = false;
            if (warmup > 0) {
                const bool shapeOk = schedule.warmupShape == WarmupShape::Linear ||
                                     schedule.warmupShape == WarmupShape::Cosine;
                c.warmupType = schedule.warmupShape == WarmupShape::Cosine
                                   ? QStringLiteral("cosine")
                                   : QStringLiteral("linear");
                if (!shapeOk || !sameValue(schedule.warmupInit, c.minLrRatio * peak, peak))
                    reasons << QStringLiteral(
                                   "warmup_stable_decay warms up (linear or cosine) from the "
                                   "floor (min_lr_ratio x peak = %1); this schedule warms up %2")
                                   .arg(shortestText(floorLr), warmupDescription(schedule));
            }
            c.kwargs = {{QStringLiteral("num_decay_steps"), static_cast<qint64>(c.numDecaySteps)},
                        {QStringLiteral("decay_type"), c.decayType},
                        {QStringLiteral("min_lr_ratio"), c.minLrRatio}};
            if (warmup > 0) c.kwargs.insert(QStringLiteral("warmup_type"), c.warmupType);
            break;
        }
        case ScheduleFamily::Cyclic: {
            c.type = QStringLiteral("cosine_with_restarts");
            const std::int64_t afterWarmup = schedule.steps - warmup;
            const std::int64_t cycle = schedule.cycleSteps;
            c.numCycles =
                std::max<std::int64_t>(1, std::llround(asDouble(afterWarmup) / asDouble(cycle)));
            if (afterWarmup % cycle != 0)
                reasons << QStringLiteral(
                               "cosine_with_restarts fits whole cycles into the run: %1 steps "
                               "after warmup are not a multiple of the %2-step cycle")
                               .arg(afterWarmup)
                               .arg(cycle);
            if (floorLr != 0.0)
                reasons << QStringLiteral("cosine_with_restarts decays to 0, not to a floor");
            if (schedule.rewarmSteps != 0)
                reasons << QStringLiteral("cosine_with_restarts restarts without a re-warm");
            if (schedule.cycleDecay != 1.0)
                reasons << QStringLiteral(
                    "cosine_with_restarts restarts at the same peak (no cycle_decay)");
            c.kwargs = {{QStringLiteral("num_cycles"), static_cast<qint64>(c.numCycles)}};
            break;
        }
        case ScheduleFamily::Step:
        case ScheduleFamily::MultiStep:
        case ScheduleFamily::Exponential:
        case ScheduleFamily::FreeForm:
        case ScheduleFamily::Chain:
        case ScheduleFamily::Rex:
        case ScheduleFamily::PowerScheduler:
        case ScheduleFamily::OneCycle:
            reasons << QStringLiteral(
                           "transformers has no %1 schedule; the nearest is a straight "
                           "decay to the final LR")
                           .arg(familyName(schedule.family));
            approximate(c, schedule);
            return c;
    }
    const bool fromZero =
        warmup == 0 || (schedule.warmupShape == WarmupShape::Linear && schedule.warmupInit == 0.0);
    if (usualWarmup && !fromZero)
        reasons << QStringLiteral(
                       "transformers warms up linearly from 0 (step / warmup_steps); this "
                       "schedule warms up %1")
                       .arg(warmupDescription(schedule));
    return c;
}

QString configText(const HfConfig& c) {
    QJsonObject object{{QStringLiteral("learning_rate"), c.learningRate},
                       {QStringLiteral("lr_scheduler_type"), c.type},
                       {QStringLiteral("max_steps"), static_cast<qint64>(c.maxSteps)},
                       {QStringLiteral("warmup_steps"), static_cast<qint64>(c.warmupSteps)}};
    if (!c.kwargs.isEmpty()) object.insert(QStringLiteral("lr_scheduler_kwargs"), c.kwargs);
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented));
}

}  // namespace

ExportResult HuggingFaceExporter::exportSchedule(const Schedule& schedule) const {
    ExportResult result = newResult();
    const HfConfig config = configFor(schedule, result.reasons);
    // LambdaLR: learning_rate * lambda(step)
    result.preview = perStepPreview(config.maxSteps, [&](std::int64_t s) {
        return config.learningRate * multiplier(config, s);
    });
    judge(result, schedule.sample().lr);
    result.text = configText(config);
    offerPytorchFallback(result, schedule,
                         QStringLiteral("pytorch: make_scheduler(optimizer) from the exported "
                                        "Python, passed to Trainer(optimizers=(optimizer, "
                                        "scheduler))"),
                         QStringLiteral("transformers: Trainer(..., optimizers=(optimizer, "
                                        "make_scheduler(optimizer))); lr_scheduler_type is then "
                                        "unused."));
    return result;
}

}  // namespace annealer
