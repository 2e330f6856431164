// Megatron-LM (megatron/core/optimizer_param_scheduler.py, OptimizerParamScheduler.get_lr).
// The scheduler is stepped once at construction with 0 and after every iteration, so iteration
// s runs at get_lr(num_steps = s). Its warmup is inclusive (num_steps <= warmup) and linear from
// --lr-warmup-init; the decay reads decay_ratio = (s - warmup) / (decay_iters - warmup). Megatron
// counts in samples (iterations x global batch size); the ratios are the same in iterations.
#include "export/ExportSupport.h"
#include "export/Exporters.h"

#include "NumberText.h"

#include <algorithm>
#include <cmath>

namespace annealer {

namespace {

using namespace exporting;

struct MegatronConfig {
    std::int64_t trainIters = 0;
    double lr = 0.0, minLr = 0.0, warmupInit = 0.0;
    std::int64_t warmupIters = 0, decayIters = 0, wsdDecayIters = 0;
    QString style;     // constant, linear, cosine, inverse-square-root, WSD
    QString wsdStyle;  // linear, cosine, exponential, minus_sqrt
};

// get_lr(num_steps = step), transcribed.
double megatronLr(const MegatronConfig& c, std::int64_t step) {
    const double maxLr = c.lr;
    const double minLr = c.minLr;
    if (c.warmupIters > 0 && step <= c.warmupIters)
        // init + (max - init) * step / warmup
        return c.warmupInit + ((maxLr - c.warmupInit) * asDouble(step) / asDouble(c.warmupIters));
    if (c.style == QLatin1String("constant")) return maxLr;
    if (step > c.decayIters) return minLr;
    if (c.style == QLatin1String("inverse-square-root")) {
        // max(min, max_lr * sqrt(max(warmup, 1)) / sqrt(max(step, 1)))
        const double warmup = asDouble(std::max<std::int64_t>(c.warmupIters, 1));
        const double steps = asDouble(std::max<std::int64_t>(step, 1));
        return std::max(minLr, maxLr * std::pow(warmup, 0.5) / std::pow(steps, 0.5));
    }
    const double ratio = asDouble(step - c.warmupIters) / asDouble(c.decayIters - c.warmupIters);
    const double delta = maxLr - minLr;
    double coeff = 1.0;
    if (c.style == QLatin1String("linear")) {
        coeff = 1.0 - ratio;
    } else if (c.style == QLatin1String("cosine")) {
        coeff = 0.5 * (std::cos(kPi * ratio) + 1.0);
    } else if (c.style == QLatin1String("WSD")) {
        const std::int64_t annealStart = c.decayIters - c.wsdDecayIters;
        if (step > annealStart) {
            const double r = asDouble(step - annealStart) / asDouble(c.wsdDecayIters);
            if (c.wsdStyle == QLatin1String("linear"))
                coeff = 1.0 - r;
            else if (c.wsdStyle == QLatin1String("cosine"))
                coeff = 0.5 * (std::cos(kPi * r) + 1.0);
            else if (c.wsdStyle == QLatin1String("exponential"))
                coeff = 2.0 * std::pow(0.5, r) - 1.0;
            else if (c.wsdStyle == QLatin1String("minus_sqrt"))
                coeff = 1.0 - std::sqrt(r);
        }
    }
    // min + coeff * (max - min)
    return minLr + coeff * delta;
}

MegatronConfig configFor(const Schedule& schedule, QStringList& reasons) {
    MegatronConfig c;
    const std::int64_t warmup = schedule.warmupSteps;
    c.trainIters = schedule.totalSteps();
    c.decayIters = c.trainIters;
    c.lr = schedule.peak;
    c.warmupIters = warmup;
    c.warmupInit = schedule.warmupInit;
    const double floorLr = schedule.floorLr();
    const auto floorBelowPeak = [&] {
        if (floorLr <= schedule.peak) return;
        reasons << QStringLiteral("Megatron-LM needs --min-lr <= --lr");
        c.minLr = schedule.peak;
    };

    switch (schedule.family) {
        case ScheduleFamily::Constant:
            c.style = QStringLiteral("constant");
            break;
        case ScheduleFamily::Cosine:
            c.style = QStringLiteral("cosine");
            c.minLr = floorLr;
            floorBelowPeak();
            break;
        case ScheduleFamily::Wsd:
            c.style = QStringLiteral("WSD");
            c.minLr = floorLr;
            c.wsdDecayIters = schedule.wsdDecaySteps();
            floorBelowPeak();
            switch (wsdShape(schedule)) {
                case DecayShape::Linear:
                    c.wsdStyle = QStringLiteral("linear");
                    break;
                case DecayShape::Cosine:
                    c.wsdStyle = QStringLiteral("cosine");
                    break;
                case DecayShape::OneMinusSqrt:
                    c.wsdStyle = QStringLiteral("minus_sqrt");
                    break;
                case DecayShape::Exponential:
                    c.wsdStyle = QStringLiteral("exponential");
                    reasons << QStringLiteral(
                        "Megatron-LM's exponential WSD decay is min + (2 * 0.5^r - 1)(max - "
                        "min), not the geometric peak * (floor / peak)^r");
                    break;
                case DecayShape::Polynomial:
                case DecayShape::Rex:
                    c.wsdStyle = QStringLiteral("linear");
                    reasons << QStringLiteral(
                                   "Megatron-LM's WSD decays linear, cosine, exponential or "
                                   "minus_sqrt, not %1")
                                   .arg(decayShapeName(schedule.decayShape));
                    break;
            }
            break;
        case ScheduleFamily::InverseSqrt: {
            c.style = QStringLiteral("inverse-square-root");
            const std::int64_t timescale = inverseSqrtTimescale(schedule);
            if (warmup == 0)
                reasons << QStringLiteral(
                    "without warmup Megatron-LM's inverse-square-root decay is lr / sqrt(max(step, "
                    "1)), one step behind lr * sqrt(1 / (step + 1))");
            else if (timescale != warmup)
                reasons << QStringLiteral(
                               "Megatron-LM's inverse-square-root timescale is the warmup (%1), "
                               "not %2")
                               .arg(warmup)
                               .arg(timescale);
            break;
        }
        default:
            if (isLinearDecay(schedule)) {
                c.style = QStringLiteral("linear");
                c.minLr = floorLr;
                floorBelowPeak();
                break;
            }
            reasons << QStringLiteral(
                           "Megatron-LM has no %1 decay style; the nearest is a linear decay to "
                           "the final LR")
                           .arg(familyName(schedule.family));
            const Outline outline = outlineOf(schedule);
            c.style = QStringLiteral("linear");
            c.lr = outline.peak;
            c.minLr = outline.endLr;
            c.warmupIters = outline.warmup;
            c.warmupInit = std::min(outline.warmupInit, outline.peak);
            return c;
    }
    if (warmup > 0 && schedule.warmupShape != WarmupShape::Linear)
        reasons << QStringLiteral("Megatron-LM warms up linearly, not %1")
                       .arg(warmupShapeName(schedule.warmupShape));
    if (schedule.warmupInit > schedule.peak && warmup > 0) {
        reasons << QStringLiteral("Megatron-LM needs --lr-warmup-init <= --lr");
        c.warmupInit = schedule.peak;
    }
    return c;
}

QString configText(const Schedule& schedule, const MegatronConfig& c, const ExportResult& result) {
    QStringList lines = headerComment(schedule, result, QStringLiteral("as Megatron-LM arguments"));
    lines << QStringLiteral(
        "# source this file, then: pretrain_gpt.py ... \"${ANNEALER_LR_ARGS[@]}\"");
    lines << QStringLiteral("ANNEALER_LR_ARGS=(");
    const auto arg = [&](const char* name, const QString& value) {
        lines << QStringLiteral("    --%1 %2").arg(QLatin1String(name), value);
    };
    arg("train-iters", shortestText(c.trainIters));
    arg("lr", floatLiteral(c.lr));
    if (c.style != QLatin1String("constant")) arg("min-lr", floatLiteral(c.minLr));
    arg("lr-decay-style", c.style);
    arg("lr-decay-iters", shortestText(c.decayIters));
    if (c.style == QLatin1String("WSD")) {
        arg("lr-wsd-decay-style", c.wsdStyle);
        arg("lr-wsd-decay-iters", shortestText(c.wsdDecayIters));
    }
    arg("lr-warmup-iters", shortestText(c.warmupIters));
    if (c.warmupIters > 0) arg("lr-warmup-init", floatLiteral(c.warmupInit));
    lines << QStringLiteral(")");
    return textOfLines(lines);
}

}  // namespace

ExportResult MegatronExporter::exportSchedule(const Schedule& schedule) const {
    ExportResult result = newResult();
    const MegatronConfig config = configFor(schedule, result.reasons);
    result.preview =
        perStepPreview(config.trainIters, [&](std::int64_t s) { return megatronLr(config, s); });
    result.notes << QStringLiteral(
        "Megatron-LM counts these in samples (x global batch size): keep the batch size constant "
        "(no --rampup-batch-size).");
    judge(result, schedule.sample().lr);
    result.text = configText(schedule, config, result);
    // Megatron-LM takes no per-step schedule; the table is what a patched scheduler reads.
    offerTableFallback(
        result, schedule,
        QStringLiteral("csv: the LR of every step, for a patched OptimizerParamScheduler.get_lr"));
    return result;
}

}  // namespace annealer
