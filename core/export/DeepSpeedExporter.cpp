// DeepSpeed (deepspeed/runtime/lr_schedules.py). A configured scheduler sets the optimizer's LR
// when constructed, at last_batch_iteration -1 (warmup_min_lr; WarmupCosineLR: 0), and the
// engine calls step() after every optimizer step. So optimizer step s runs at the scheduler's
// value for iteration s - 1: every schedule arrives one step late, and only a constant LR
// without warmup comes out exact.
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

struct DeepSpeedConfig {
    QString type;  // WarmupLR, WarmupDecayLR, WarmupCosineLR
    std::int64_t totalSteps = 0;
    std::int64_t warmupSteps = 0;
    double minLr = 0.0, maxLr = 0.0;                                    // WarmupLR, WarmupDecayLR
    double optimizerLr = 0.0, warmupMinRatio = 0.0, cosMinRatio = 0.0;  // WarmupCosineLR
};

// The scheduler's LR at last_batch_iteration `i` (i = -1 before the first step()).
double deepSpeedLr(const DeepSpeedConfig& c, std::int64_t i) {
    const std::int64_t warmup = std::max<std::int64_t>(2, c.warmupSteps);  // max(2, warmup)
    if (c.type == QLatin1String("WarmupCosineLR")) {
        if (i < 0) return 0.0;
        double ratio = 0.0;
        if (i < warmup) {
            // warmup_min_ratio + (i / warmup) * (1 - warmup_min_ratio)
            ratio = asDouble(i) / asDouble(warmup);
            ratio = c.warmupMinRatio + ratio * (1.0 - c.warmupMinRatio);
        } else {
            // progress = min(1, (i - warmup + 1) / max(1, total - warmup))
            const double progress =
                std::min(1.0, asDouble(i - warmup + 1) /
                                  asDouble(std::max<std::int64_t>(1, c.totalSteps - warmup)));
            ratio = (1.0 + std::cos(kPi * progress)) / 2.0;
            ratio = std::max(0.0, c.cosMinRatio + (1.0 - c.cosMinRatio) * ratio);
        }
        return c.optimizerLr * ratio;
    }
    if (i < 0) return c.minLr;
    // linear warmup: gamma = i / warmup
    double gamma = 1.0;
    if (i < warmup)
        gamma = asDouble(i) / asDouble(warmup);
    else if (c.type == QLatin1String("WarmupDecayLR"))
        // max(0, (total - i) / max(1, total - warmup))
        gamma = std::max(
            0.0, asDouble(c.totalSteps - i) / std::max(1.0, asDouble(c.totalSteps - warmup)));
    // min_lr + (max_lr - min_lr) * gamma
    return c.minLr + ((c.maxLr - c.minLr) * gamma);
}

DeepSpeedConfig configFor(const Schedule& schedule, ExportResult& result) {
    QStringList& reasons = result.reasons;
    DeepSpeedConfig c;
    c.totalSteps = schedule.totalSteps();
    c.warmupSteps = schedule.warmupSteps;
    c.maxLr = schedule.peak;
    const double peak = schedule.peak;
    const std::int64_t warmup = schedule.warmupSteps;
    const QString late = QStringLiteral(
        "DeepSpeed's schedulers run one step late: the first optimizer step runs at the LR set "
        "before the scheduler's first step() (%1), step s at the scheduler's value for s - 1");

    if (schedule.family == ScheduleFamily::Constant && warmup == 0) {
        c.type = QStringLiteral("WarmupLR");
        c.minLr = peak;
        c.warmupSteps = 1;
        return c;  // min = max: the same LR at every iteration, -1 included
    }
    if (schedule.family == ScheduleFamily::Constant) {
        c.type = QStringLiteral("WarmupLR");
        c.minLr = schedule.warmupInit;
        reasons << late.arg(QStringLiteral("warmup_min_lr"));
    } else if (schedule.family == ScheduleFamily::Cosine) {
        c.type = QStringLiteral("WarmupCosineLR");
        c.optimizerLr = peak;
        c.warmupMinRatio = schedule.warmupInit / peak;
        c.cosMinRatio = floorRatioOf(schedule);
        c.warmupSteps = std::max<std::int64_t>(warmup, 1);  // it refuses 0
        reasons << late.arg(QStringLiteral("0 for WarmupCosineLR"));
        result.notes << QStringLiteral(
                            "WarmupCosineLR scales the optimizer's lr: set the optimizer's lr to "
                            "%1.")
                            .arg(shortestText(peak));
    } else {
        c.type = QStringLiteral("WarmupDecayLR");
        reasons << late.arg(QStringLiteral("warmup_min_lr"));
        if (schedule.family == ScheduleFamily::OneCycle)
            reasons << QStringLiteral(
                "DeepSpeed's OneCycle is a linear triangle with its own step sizes and decay, "
                "not PyTorch's OneCycleLR; the nearest is WarmupDecayLR's linear decay to the "
                "final LR");
        else if (!isLinearDecay(schedule))
            reasons << QStringLiteral(
                           "DeepSpeed has no %1 scheduler; the nearest is WarmupDecayLR's linear "
                           "decay to the final LR")
                           .arg(familyName(schedule.family));
        const Outline outline = outlineOf(schedule);
        c.maxLr = outline.peak;
        c.minLr = isLinearDecay(schedule) ? schedule.floorLr() : outline.endLr;
        c.warmupSteps = outline.warmup;
        if (outline.warmup > 0 && !sameValue(outline.warmupInit, c.minLr, outline.peak))
            reasons << QStringLiteral(
                "WarmupDecayLR warms up from warmup_min_lr, the LR it decays to");
    }
    if (warmup > 0 && schedule.warmupShape != WarmupShape::Linear)
        reasons << QStringLiteral("DeepSpeed warms up linearly or logarithmically, not %1")
                       .arg(warmupShapeName(schedule.warmupShape));
    if (warmup < 2) reasons << QStringLiteral("DeepSpeed warms up for at least 2 steps");
    return c;
}

QString configText(const DeepSpeedConfig& c) {
    QJsonObject params;
    if (c.type == QLatin1String("WarmupCosineLR")) {
        params = {{QStringLiteral("total_num_steps"), static_cast<qint64>(c.totalSteps)},
                  {QStringLiteral("warmup_min_ratio"), c.warmupMinRatio},
                  {QStringLiteral("warmup_num_steps"), static_cast<qint64>(c.warmupSteps)},
                  {QStringLiteral("cos_min_ratio"), c.cosMinRatio},
                  {QStringLiteral("warmup_type"), QStringLiteral("linear")}};
    } else {
        params = {{QStringLiteral("warmup_min_lr"), c.minLr},
                  {QStringLiteral("warmup_max_lr"), c.maxLr},
                  {QStringLiteral("warmup_num_steps"), static_cast<qint64>(c.warmupSteps)},
                  {QStringLiteral("warmup_type"), QStringLiteral("linear")}};
        if (c.type == QLatin1String("WarmupDecayLR"))
            params.insert(QStringLiteral("total_num_steps"), static_cast<qint64>(c.totalSteps));
    }
    const QJsonObject scheduler{{QStringLiteral("type"), c.type},
                                {QStringLiteral("params"), params}};
    const QJsonObject object{{QStringLiteral("scheduler"), scheduler}};
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented));
}

}  // namespace

ExportResult DeepSpeedExporter::exportSchedule(const Schedule& schedule) const {
    ExportResult result = newResult();
    const DeepSpeedConfig config = configFor(schedule, result);
    // one step late: optimizer step s runs at the scheduler's value for iteration s - 1
    result.preview = perStepPreview(config.totalSteps,
                                    [&](std::int64_t s) { return deepSpeedLr(config, s - 1); });
    judge(result, schedule.sample().lr);
    result.text = configText(config);
    offerPytorchFallback(
        result, schedule,
        QStringLiteral("pytorch: make_scheduler from the exported Python, passed to "
                       "deepspeed.initialize(lr_scheduler=make_scheduler) with no \"scheduler\" "
                       "in the config"),
        QStringLiteral("DeepSpeed: deepspeed.initialize(..., lr_scheduler=make_scheduler), and no "
                       "\"scheduler\" section in the config (it would take precedence)."));
    return result;
}

}  // namespace annealer
