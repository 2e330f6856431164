#include "run/RunAssembly.h"

#include "MessageText.h"

#include <QStringList>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace annealer {

QStringList lossMetricCandidates() {
    // Validation before training: the laws are fitted to validation loss when there is one.
    return {
        QStringLiteral("val_loss"),
        QStringLiteral("validation_loss"),
        QStringLiteral("valid_loss"),
        QStringLiteral("eval_loss"),
        QStringLiteral("validation/loss"),
        QStringLiteral("val/loss"),
        QStringLiteral("valid/loss"),
        QStringLiteral("eval/loss"),
        QStringLiteral("lm loss validation"),
        QStringLiteral("loss"),
        QStringLiteral("train_loss"),
        QStringLiteral("train/loss"),
        QStringLiteral("lm loss"),
        QStringLiteral("train/lm_loss"),
    };
}

QStringList lrMetricCandidates() {
    return {
        QStringLiteral("lr"),
        QStringLiteral("learning_rate"),
        QStringLiteral("train_lr"),
        QStringLiteral("learning-rate"),
        QStringLiteral("optim/learning_rate_group0"),
        QStringLiteral("lr-AdamW"),
        QStringLiteral("lr-Adam"),
        QStringLiteral("train/lr"),
        QStringLiteral("train/learning_rate"),
    };
}

QStringList stepColumnCandidates() {
    // trainer/global_step before _step: in a W&B export of a Lightning run both exist, and
    // _step only counts W&B log calls.
    return {
        QStringLiteral("step"),
        QStringLiteral("iter"),
        QStringLiteral("iteration"),
        QStringLiteral("global_step"),
        QStringLiteral("trainer/global_step"),
        QStringLiteral("_step"),
        QStringLiteral("Step"),
    };
}

namespace {


// The largest run rebuilt step by step (8 bytes a step); beyond it the "step" is most likely
// something else, such as a timestamp.
constexpr std::int64_t kMaxSteps = 200'000'000;

struct Found {
    const MetricSeries* series = nullptr;
    const LeftOutMetric* leftOut = nullptr;
    bool any() const { return series || leftOut; }
};

// An exact match first, then one that differs only in case.
Found findMetric(const LogRun& run, const QString& name) {
    for (Qt::CaseSensitivity cs : {Qt::CaseSensitive, Qt::CaseInsensitive}) {
        for (const MetricSeries& series : run.metrics) {
            if (series.name.compare(name, cs) == 0) return {&series, nullptr};
        }
        for (const LeftOutMetric& left : run.leftOut) {
            if (left.name.compare(name, cs) == 0) return {nullptr, &left};
        }
    }
    return {};
}

QString metricList(const LogRun& run) {
    QStringList names;
    for (const MetricSeries& series : run.metrics) names << series.name;
    return names.isEmpty() ? QStringLiteral("(none)") : names.join(QStringLiteral(", "));
}

struct Role {
    QString what;  // "loss" or "LR"
    QString flag;  // the command-line flag that names it
    QString requested;
    QStringList candidates;
};

Result<const MetricSeries*> pickMetric(const QString& source, const LogRun& run, const Role& role) {
    if (!role.requested.isEmpty()) {
        const Found found = findMetric(run, role.requested);
        if (found.leftOut) return Error{found.leftOut->problem};
        if (found.series) return found.series;
        return Error{
            formatMessage(QStringLiteral("%1: no metric '%2' (asked for as the %3); the metrics are: %4"),
                    source, role.requested, role.what, metricList(run))};
    }
    for (const QString& candidate : role.candidates) {
        const Found found = findMetric(run, candidate);
        if (found.leftOut) return Error{found.leftOut->problem};
        // A column that is there but blank throughout (a W&B export, say) is passed over.
        if (found.series && !found.series->steps.empty()) return found.series;
    }
    return Error{formatMessage(
        QStringLiteral("%1: no %2 metric found (looked for %3); the metrics are: %4; "
                       "name it with %5"),
        source, role.what, role.candidates.join(QStringLiteral(", ")), metricList(run), role.flag)};
}

Status checkSteps(const QString& source, const MetricSeries& series) {
    if (series.steps.size() != series.values.size()) {
        return Error{formatMessage(QStringLiteral("%1: metric '%2' has %3 steps but %4 values"), source,
                             series.name, series.steps.size(), series.values.size())};
    }
    for (std::size_t i = 0; i < series.steps.size(); ++i) {
        if (series.steps[i] < 0) {
            return Error{formatMessage(QStringLiteral("%1: %2 has a negative step (%3)"), source,
                                 series.name, series.steps[i])};
        }
        if (i > 0 && series.steps[i] <= series.steps[i - 1]) {
            return Error{formatMessage(QStringLiteral("%1: %2: step %3 comes after step %4 (steps must "
                                                "increase)"),
                                 source, series.name, series.steps[i], series.steps[i - 1])};
        }
    }
    return {};
}

QString number(double value) {
    return QString::number(value, 'g', 6);
}

// The interpolation np.interp does (slope first, then offset), so that the rebuilt LR matches
// the reference implementation to the last bit.
double interpolate(double x0, double y0, double x1, double y1, double x) {
    const double slope = (y1 - y0) / (x1 - x0);
    return slope * (x - x0) + y0;
}

}  // namespace

Result<Run> assembleRun(const LogContents& log, const LogRun& logRun,
                        const RunAssemblyOptions& options) {
    const QString source = log.source.isEmpty() ? logRun.name : log.source;

    const auto lossPick = pickMetric(source, logRun,
                                     Role{QStringLiteral("loss"), QStringLiteral("--loss-col"),
                                          options.lossMetric, lossMetricCandidates()});
    if (!lossPick.ok()) return Error{lossPick.error()};
    const auto lrPick =
        pickMetric(source, logRun,
                   Role{QStringLiteral("LR"), QStringLiteral("--lr-col (or give a schedule)"),
                        options.lrMetric, lrMetricCandidates()});
    if (!lrPick.ok()) return Error{lrPick.error()};
    const MetricSeries& loss = **lossPick;
    const MetricSeries& lr = **lrPick;
    if (&loss == &lr) {
        return Error{formatMessage(QStringLiteral("%1: '%2' cannot be both the loss and the LR"), source,
                             loss.name)};
    }
    if (Status s = checkSteps(source, loss); !s) return Error{s.error()};
    if (Status s = checkSteps(source, lr); !s) return Error{s.error()};

    if (loss.values.empty()) {
        return Error{
            formatMessage(QStringLiteral("%1: the loss metric '%2' has no values"), source, loss.name)};
    }
    for (std::size_t i = 0; i < loss.values.size(); ++i) {
        const double v = loss.values[i];
        if (!std::isfinite(v) || v <= 0) {
            return Error{formatMessage(QStringLiteral("%1: %2 at step %3 is %4 (%5)"), source, loss.name,
                                 loss.steps[i],
                                 std::isfinite(v) ? QStringLiteral("not positive")
                                                  : QStringLiteral("not a finite number"),
                                 number(v))};
        }
    }
    if (lr.values.empty()) {
        return Error{
            formatMessage(QStringLiteral("%1: the LR metric '%2' has no values; the run needs an LR "
                                   "column or a schedule"),
                    source, lr.name)};
    }
    for (std::size_t i = 0; i < lr.values.size(); ++i) {
        const double v = lr.values[i];
        if (!std::isfinite(v) || v < 0) {
            return Error{formatMessage(QStringLiteral("%1: %2 at step %3 is %4 (%5)"), source, lr.name,
                                 lr.steps[i],
                                 std::isfinite(v) ? QStringLiteral("negative")
                                                  : QStringLiteral("not a finite number"),
                                 number(v))};
        }
    }
    if (options.leading == LeadingLr::WarmupFromValue &&
        (!std::isfinite(options.leadingValue) || options.leadingValue < 0)) {
        return Error{
            formatMessage(QStringLiteral("%1: the LR to warm up from (%2) must be a finite number >= 0"),
                    source, number(options.leadingValue))};
    }

    const std::int64_t lastStep = std::max(loss.steps.back(), lr.steps.back());
    if (lastStep >= kMaxSteps) {
        return Error{
            formatMessage(QStringLiteral("%1: the last step is %2; runs of more than %3 steps are not "
                                   "supported (is the step column really the step?)"),
                    source, lastStep, kMaxSteps)};
    }

    Run run;
    run.name = logRun.name;
    run.source = log.source;
    run.lossMetric = loss.name;
    run.lrMetric = lr.name;
    run.lossSteps = loss.steps;
    run.loss = loss.values;

    std::vector<double>& eta = run.schedule.lr;
    eta.assign(static_cast<std::size_t>(lastStep + 1), 0.0);
    const std::int64_t s0 = lr.steps.front();
    const double lr0 = lr.values.front();
    const auto at = [](std::int64_t s) { return static_cast<std::size_t>(s); };
    const auto x = [](std::int64_t s) { return static_cast<double>(s); };

    // Before the first sample.
    for (std::int64_t s = 0; s < s0; ++s) {
        switch (options.leading) {
            case LeadingLr::WarmupFromZero:
                eta[at(s)] = interpolate(0.0, 0.0, x(s0), lr0, x(s));
                break;
            case LeadingLr::WarmupFromValue:
                eta[at(s)] = interpolate(0.0, options.leadingValue, x(s0), lr0, x(s));
                break;
            case LeadingLr::HoldFirst:
                eta[at(s)] = lr0;
                break;
        }
    }
    // Between samples.
    for (std::size_t i = 0; i + 1 < lr.steps.size(); ++i) {
        const std::int64_t a = lr.steps[i];
        const std::int64_t b = lr.steps[i + 1];
        eta[at(a)] = lr.values[i];
        for (std::int64_t s = a + 1; s < b; ++s) {
            eta[at(s)] = interpolate(x(a), lr.values[i], x(b), lr.values[i + 1], x(s));
        }
    }
    // From the last sample on.
    const std::int64_t lastLrStep = lr.steps.back();
    std::fill(eta.begin() + static_cast<std::ptrdiff_t>(lastLrStep), eta.end(), lr.values.back());

    if (options.warmupSteps) {
        const std::int64_t w = *options.warmupSteps;
        if (w < 0 || w > lastStep + 1) {
            return Error{
                formatMessage(QStringLiteral("%1: a warmup of %2 steps does not fit the run (steps "
                                       "0..%3)"),
                        source, w, lastStep)};
        }
        run.schedule.warmupSteps = w;
    } else {
        run.schedule.warmupSteps = options.leading == LeadingLr::HoldFirst ? 0 : s0;
    }

    QStringList words;
    const std::size_t samples = lr.steps.size();
    words << (samples == 1 ? QStringLiteral("a single LR sample")
                           : QStringLiteral("linear interpolation of %1 LR samples").arg(samples));
    if (s0 > 0) {
        switch (options.leading) {
            case LeadingLr::WarmupFromZero:
                words << QStringLiteral("linear warmup from 0 over steps 0..%1").arg(s0);
                break;
            case LeadingLr::WarmupFromValue:
                words << formatMessage(QStringLiteral("linear warmup from %1 over steps 0..%2"),
                                 number(options.leadingValue), s0);
                break;
            case LeadingLr::HoldFirst:
                words << formatMessage(QStringLiteral("the first LR (%1) held over steps 0..%2"),
                                 number(lr0), s0 - 1);
                break;
        }
    }
    if (lastStep > lastLrStep) {
        words << formatMessage(QStringLiteral("the last LR (%1) held over steps %2..%3"),
                         number(lr.values.back()), lastLrStep + 1, lastStep);
    }
    if (options.warmupSteps) {
        words << QStringLiteral("warmup length set to %1 steps").arg(*options.warmupSteps);
    }
    run.lrRebuild = words.join(QStringLiteral("; "));
    return run;
}

}  // namespace annealer
