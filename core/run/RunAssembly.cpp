#include "run/RunAssembly.h"

#include "MessageText.h"
#include "run/LogLimits.h"
#include "run/recognition/ScheduleRecognizer.h"
#include "schedule/WarmupEnd.h"

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
        QStringLiteral("validation lm loss"),  // MegatronLogReader's name for validation lines
        QStringLiteral("tel"),                 // llm.c main.log: test (validation) loss
        QStringLiteral("validation/epoch_loss"),  // Keras TensorBoard callback (merged runs)
        QStringLiteral("loss"),
        QStringLiteral("train_loss"),
        QStringLiteral("train/loss"),
        QStringLiteral("lm loss"),
        QStringLiteral("train/lm_loss"),
        QStringLiteral("reduced_train_loss"),  // NeMo
        QStringLiteral("trl"),                 // llm.c main.log: training loss
        QStringLiteral("train/CrossEntropyLoss"),  // OLMo console logs
        QStringLiteral("epoch_loss"),              // Keras TensorBoard callback
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
        QStringLiteral("learning rate"),  // Megatron-LM console logs
        QStringLiteral("epoch_learning_rate"),  // Keras TensorBoard callback
        QStringLiteral("epoch_lr"),
    };
}

bool isEpochName(const QString& column) {
    return column.trimmed().compare(QStringLiteral("epoch"), Qt::CaseInsensitive) == 0;
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
        QStringLiteral("current_steps"),  // LLaMA-Factory trainer_log.jsonl
        // Last: logs of epochs only (Keras CSVLogger, YOLO results.csv) have the epoch as the
        // step axis (LogRun::epochAxis).
        QStringLiteral("epoch"),
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

// The first candidate the run has: a series with points, or a left-out metric (whose problem
// is then the answer). A series that is there but blank throughout (a W&B export, say) is
// passed over.
Found findDefault(const LogRun& run, const QStringList& candidates, QString* candidate) {
    for (const QString& name : candidates) {
        const Found found = findMetric(run, name);
        if (found.leftOut || (found.series && !found.series->steps.empty())) {
            if (candidate) *candidate = name;
            return found;
        }
    }
    return {};
}

bool isValidationName(const QString& name);

// A validation series this short is no curve to fit when the training loss has hundreds of
// points.
constexpr std::size_t kFewestValidationPoints = 3;
constexpr std::size_t kTrainingCurvePoints = 100;

// The default loss: the validation loss where it is logged, unless it has fewer than
// kFewestValidationPoints points and a training loss has kTrainingCurvePoints or more; then the
// training loss, and `passedOver` names the validation loss passed over.
Found findDefaultLoss(const LogRun& run, QString* candidate, const MetricSeries** passedOver) {
    const QStringList candidates = lossMetricCandidates();
    QString name;
    const Found found = findDefault(run, candidates, &name);
    if (candidate) *candidate = name;
    if (!found.series || !isValidationName(name) ||
        found.series->steps.size() >= kFewestValidationPoints) {
        return found;
    }
    QStringList training = candidates;
    training.erase(training.begin(), training.begin() + training.indexOf(QStringLiteral("loss")));
    QString trainingName;
    const Found train = findDefault(run, training, &trainingName);
    if (!train.series || train.series->steps.size() < kTrainingCurvePoints) return found;
    if (candidate) *candidate = trainingName;
    if (passedOver) *passedOver = found.series;
    return train;
}

// The default LR: the usual names, else Lightning's LearningRateMonitor column of any
// optimizer ("lr-SGD", then its first parameter group "lr-SGD/pg1"), else YOLO's "lr/pg0".
Found findDefaultLr(const LogRun& run, QString* candidate) {
    const Found found = findDefault(run, lrMetricCandidates(), candidate);
    if (found.any()) return found;
    for (const bool group : {false, true}) {
        for (const MetricSeries& m : run.metrics) {
            if (m.name.startsWith(QStringLiteral("lr-")) && m.name.contains(QLatin1Char('/')) == group &&
                !m.steps.empty()) {
                if (candidate) *candidate = m.name;
                return Found{&m, nullptr};
            }
        }
    }
    return findDefault(run, {QStringLiteral("lr/pg0")}, candidate);
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

Role lossRole(const QString& requested) {
    return Role{QStringLiteral("loss"), QStringLiteral("--loss"), requested,
                lossMetricCandidates()};
}
Role lrRole(const QString& requested) {
    return Role{QStringLiteral("LR"), QStringLiteral("--lr (or give a schedule with --schedule)"),
                requested, lrMetricCandidates()};
}

Result<const MetricSeries*> pickMetric(const QString& source, const LogRun& run, const Role& role) {
    if (!role.requested.isEmpty()) {
        const Found found = findMetric(run, role.requested);
        if (found.leftOut) return Error{found.leftOut->problem};
        if (found.series) return found.series;
        return Error{formatMessage(
            QStringLiteral("%1: no metric '%2' (asked for as the %3); the metrics are: %4"), source,
            role.requested, role.what, metricList(run))};
    }
    const Found found = role.flag == QLatin1String("--loss")
                            ? findDefaultLoss(run, nullptr, nullptr)
                            : findDefaultLr(run, nullptr);
    if (found.leftOut) return Error{found.leftOut->problem};
    if (found.series) return found.series;
    return Error{formatMessage(
        QStringLiteral("%1: no %2 metric found (looked for %3); the metrics are: %4; "
                       "name it with %5"),
        source, role.what, role.candidates.join(QStringLiteral(", ")), metricList(run), role.flag)};
}

Status checkSteps(const QString& source, const MetricSeries& series) {
    if (series.steps.size() != series.values.size()) {
        return Error{formatMessage(QStringLiteral("%1: metric '%2' has %3 steps but %4 values"),
                                   source, series.name, series.steps.size(), series.values.size())};
    }
    for (std::size_t i = 0; i < series.steps.size(); ++i) {
        if (series.steps[i] < 0) {
            return Error{formatMessage(QStringLiteral("%1: %2 has a negative step (%3)"), source,
                                       series.name, series.steps[i])};
        }
        if (i > 0 && series.steps[i] <= series.steps[i - 1]) {
            return Error{formatMessage(
                QStringLiteral("%1: %2: step %3 comes after step %4 (steps must increase)"), source,
                series.name, series.steps[i], series.steps[i - 1])};
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

double asDouble(std::int64_t s) {
    return static_cast<double>(s);
}

// The LR samples at and after `from`.
struct LrSamples {
    std::vector<std::int64_t> steps;
    std::vector<double> values;
};

// Whether recognition could replace interpolation (RunAssembly uses a recognised schedule only
// when its warmup was logged, see below). The recogniser calls a warmup logged when the samples
// start at the origin or when it fits a ramp to them, which takes at least two samples up to the
// first one at the peak. Samples that start after the origin at their largest LR can therefore
// never give one: recognising them (tens of milliseconds for a long cosine) would be wasted.
bool recognitionCanApply(const LrSamples& samples, std::int64_t origin) {
    if (samples.steps.empty() || samples.steps.front() <= origin) return true;
    const double first = samples.values.front();
    for (double value : samples.values)
        if (value > first) return true;
    return false;
}

LrSamples samplesFrom(const MetricSeries& lr, std::int64_t from) {
    LrSamples samples;
    const auto first = std::lower_bound(lr.steps.begin(), lr.steps.end(), from);
    const auto offset = first - lr.steps.begin();
    samples.steps.assign(first, lr.steps.end());
    samples.values.assign(lr.values.begin() + offset, lr.values.end());
    return samples;
}

// Linear interpolation between the samples, held after the last one. Steps
// before the first sample are the caller's.
void interpolateSamples(const LrSamples& lr, std::vector<double>& eta) {
    const auto at = [](std::int64_t s) { return static_cast<std::size_t>(s); };
    for (std::size_t i = 0; i + 1 < lr.steps.size(); ++i) {
        const std::int64_t a = lr.steps[i];
        const std::int64_t b = lr.steps[i + 1];
        eta[at(a)] = lr.values[i];
        for (std::int64_t s = a + 1; s < b; ++s) {
            eta[at(s)] =
                interpolate(asDouble(a), lr.values[i], asDouble(b), lr.values[i + 1], asDouble(s));
        }
    }
    std::fill(eta.begin() + static_cast<std::ptrdiff_t>(lr.steps.back()), eta.end(),
              lr.values.back());
}

bool isValidationName(const QString& name) {
    const QStringList candidates = lossMetricCandidates();
    const qsizetype training = candidates.indexOf(QStringLiteral("loss"));
    for (qsizetype i = 0; i < training; ++i) {
        if (name.compare(candidates[i], Qt::CaseInsensitive) == 0) return true;
    }
    return false;
}

}  // namespace

RunLineage RunLineage::from(const Run& parent, std::int64_t branchStep) {
    RunLineage lineage;
    lineage.parentName = parent.name;
    lineage.parentLr = parent.schedule.lr;
    lineage.branchStep = branchStep;
    return lineage;
}

namespace {

// The metric the user named (with `option`), or why there is none.
MetricChoice requestedMetric(const LogRun& run, const QString& requested, const QString& option) {
    MetricChoice choice;
    const Found found = findMetric(run, requested);
    choice.series = found.series;
    choice.why = found.series    ? QStringLiteral("named with %1").arg(option)
                 : found.leftOut ? found.leftOut->problem
                                 : QStringLiteral("no metric '%1' in this run").arg(requested);
    return choice;
}

}  // namespace

MetricChoice chooseLossMetric(const LogRun& run, const QString& requested) {
    if (!requested.isEmpty()) return requestedMetric(run, requested, QStringLiteral("--loss"));
    MetricChoice choice;
    QString name;
    const MetricSeries* passedOver = nullptr;
    const Found found = findDefaultLoss(run, &name, &passedOver);
    if (found.leftOut) {
        choice.why = found.leftOut->problem;
        return choice;
    }
    if (!found.series) {
        choice.why = QStringLiteral("no loss metric found (looked for %1); name it with --loss")
                         .arg(lossMetricCandidates().join(QStringLiteral(", ")));
        return choice;
    }
    choice.series = found.series;
    if (passedOver) {
        choice.why = QStringLiteral("training loss (%1 points), taken over the validation loss "
                                    "'%2' of only %3 point(s); --loss %2 takes that")
                         .arg(found.series->steps.size())
                         .arg(passedOver->name)
                         .arg(passedOver->steps.size());
        return choice;
    }
    if (!isValidationName(name)) {
        choice.why = QStringLiteral("training loss; no validation loss is logged");
        return choice;
    }
    // The training loss it was preferred to, if the run has one.
    QStringList training = lossMetricCandidates();
    training.erase(training.begin(), training.begin() + training.indexOf(QStringLiteral("loss")));
    QString trainingName;
    if (findDefault(run, training, &trainingName).series) {
        choice.why = QStringLiteral("validation loss, taken over the training loss '%1'")
                         .arg(findMetric(run, trainingName).series->name);
    } else {
        choice.why = QStringLiteral("validation loss");
    }
    return choice;
}

MetricChoice chooseLrMetric(const LogRun& run, const QString& requested) {
    if (!requested.isEmpty()) return requestedMetric(run, requested, QStringLiteral("--lr"));
    MetricChoice choice;
    QString name;
    const Found found = findDefaultLr(run, &name);
    choice.series = found.series;
    if (found.leftOut) {
        choice.why = found.leftOut->problem;
    } else if (found.series && !lrMetricCandidates().contains(name)) {
        choice.why = QStringLiteral("the LR of the first optimizer or parameter group logged");
    } else if (found.series) {
        choice.why = QStringLiteral("the usual name of an LR metric");
    } else {
        choice.why = QStringLiteral(
                         "no LR metric (looked for %1): name one with --lr or give a "
                         "schedule with --schedule")
                         .arg(lrMetricCandidates().join(QStringLiteral(", ")));
    }
    return choice;
}

Result<Run> assembleRun(const LogContents& log, const LogRun& logRun,
                        const RunAssemblyOptions& options) {
    const QString source = log.source.isEmpty() ? logRun.name : log.source;

    const auto lossPick = pickMetric(source, logRun, lossRole(options.lossMetric));
    if (!lossPick.ok()) return Error{lossPick.error()};
    const MetricSeries& loss = **lossPick;

    // The LR: the metric named, else the usual names, else the schedule given.
    const MetricSeries* lr = nullptr;
    const bool useSchedule = options.schedule && options.lrMetric.isEmpty() &&
                             !findDefaultLr(logRun, nullptr).any();
    if (!useSchedule) {
        const auto lrPick = pickMetric(source, logRun, lrRole(options.lrMetric));
        if (!lrPick.ok()) return Error{lrPick.error()};
        lr = *lrPick;
        if (&loss == lr) {
            return Error{formatMessage(
                QStringLiteral("%1: '%2' cannot be both the loss and the LR"), source, loss.name)};
        }
    }
    if (Status s = checkSteps(source, loss); !s) return Error{s.error()};
    if (lr) {
        if (Status s = checkSteps(source, *lr); !s) return Error{s.error()};
    }

    if (loss.values.empty()) {
        return Error{formatMessage(QStringLiteral("%1: the loss metric '%2' has no values"), source,
                                   loss.name)};
    }
    for (std::size_t i = 0; i < loss.values.size(); ++i) {
        const double v = loss.values[i];
        if (!std::isfinite(v) || v <= 0) {
            return Error{formatMessage(QStringLiteral("%1: %2 at step %3 is %4 (%5)"), source,
                                       loss.name, loss.steps[i],
                                       std::isfinite(v) ? QStringLiteral("not positive")
                                                        : QStringLiteral("not a finite number"),
                                       number(v))};
        }
    }
    if (lr && lr->values.empty()) {
        return Error{formatMessage(QStringLiteral("%1: the LR metric '%2' has no values; the run "
                                                  "needs an LR column or a schedule"),
                                   source, lr->name)};
    }
    if (lr) {
        for (std::size_t i = 0; i < lr->values.size(); ++i) {
            const double v = lr->values[i];
            if (!std::isfinite(v) || v < 0 || v >= kMaxLr) {
                const QString problem =
                    !std::isfinite(v) ? QStringLiteral("not a finite number")
                    : v < 0           ? QStringLiteral("negative")
                                      : QStringLiteral("not below %1, the largest LR the program "
                                                       "represents")
                                            .arg(kMaxLr);
                return Error{formatMessage(QStringLiteral("%1: %2 at step %3 is %4 (%5)"), source,
                                           lr->name, lr->steps[i], problem, number(v))};
            }
        }
    }
    if (options.leading == LeadingLr::WarmupFromValue &&
        (!std::isfinite(options.leadingValue) || options.leadingValue < 0)) {
        return Error{formatMessage(
            QStringLiteral("%1: the LR to warm up from (%2) must be a finite number >= 0"), source,
            number(options.leadingValue))};
    }

    const std::int64_t lastStep = std::max(loss.steps.back(), lr ? lr->steps.back() : 0);
    if (lastStep >= kMaxSteps) {
        return Error{formatMessage(
            QStringLiteral("%1: the last step is %2; runs of more than %3 steps are not "
                           "supported (is the step column really the step?)"),
            source, lastStep, kMaxSteps)};
    }

    // Steps before `origin` are the parent's.
    std::int64_t origin = 0;
    if (options.lineage) {
        const RunLineage& lineage = *options.lineage;
        origin = lineage.branchStep;
        if (origin < 0 || origin > lastStep) {
            return Error{formatMessage(
                QStringLiteral("%1: the branch step %2 is outside the run (steps 0..%3)"), source,
                origin, lastStep)};
        }
        if (static_cast<std::int64_t>(lineage.parentLr.size()) < origin) {
            return Error{formatMessage(
                QStringLiteral("%1: the parent run '%2' has an LR for steps 0..%3 only, not up to "
                               "the branch step %4"),
                source, lineage.parentName, static_cast<std::int64_t>(lineage.parentLr.size()) - 1,
                origin)};
        }
    }

    Run run;
    run.name = logRun.name;
    run.source = log.source;
    run.lossMetric = loss.name;
    run.lrMetric = lr ? lr->name : QString();
    run.lossSteps = loss.steps;
    run.loss = loss.values;

    std::vector<double>& eta = run.schedule.lr;
    QStringList words;
    if (options.lineage && origin > 0) {
        words << formatMessage(QStringLiteral("steps 0..%1 from the parent run '%2'"), origin - 1,
                               options.lineage->parentName);
    }

    if (!lr) {
        // The designed schedule, step for step.
        const Schedule& schedule = *options.schedule;
        if (Status valid = schedule.validate(); !valid) {
            return Error{options.scheduleSource + QStringLiteral(": ") + valid.error()};
        }
        if (schedule.totalSteps() < lastStep + 1) {
            return Error{formatMessage(
                QStringLiteral("%1: the schedule has %2 steps (0..%3), but run '%4' (%5) goes to "
                               "step %6"),
                options.scheduleSource, schedule.totalSteps(), schedule.totalSteps() - 1,
                logRun.name, source, lastStep)};
        }
        eta.resize(static_cast<std::size_t>(lastStep + 1));
        for (std::int64_t s = origin; s <= lastStep; ++s) {
            eta[static_cast<std::size_t>(s)] = schedule.lrAt(s);
        }
        words << formatMessage(
            QStringLiteral("the LR of the schedule %1"),
            options.scheduleSource.isEmpty() ? schedule.name : options.scheduleSource);
    } else {
        const LrSamples samples = samplesFrom(*lr, origin);
        if (samples.steps.empty()) {
            return Error{formatMessage(
                QStringLiteral("%1: %2 has no samples at or after the branch step %3"), source,
                lr->name, origin)};
        }
        eta.assign(static_cast<std::size_t>(lastStep + 1), 0.0);
        std::optional<RecognizedSchedule> recognized;
        if (options.recognizeSchedule && recognitionCanApply(samples, origin)) {
            ScheduleRecognitionOptions recognition;
            recognition.origin = origin;
            recognition.lastStep = lastStep;
            ScheduleRecognition result =
                recognizeSchedule(samples.steps, samples.values, recognition);
            // Only a schedule the samples pin down from the origin on replaces interpolation: a
            // warmup that was not logged would be a guess either way, and the interpolated
            // rebuild (a linear warmup from 0 to the first sample) is the documented one.
            if (result.recognized && result.recognized->warmupLogged) {
                recognized = std::move(result.recognized);
            }
        }
        const std::int64_t s0 = samples.steps.front();
        const double lr0 = samples.values.front();
        if (recognized) {
            for (std::int64_t s = origin; s <= lastStep; ++s) {
                eta[static_cast<std::size_t>(s)] = recognized->lrAt(s);
            }
            words << formatMessage(
                QStringLiteral("recognised as %1 (the formula matches all %2 LR samples within "
                               "rounding)"),
                recognized->description, recognized->samples);
        } else {
            const std::size_t count = samples.steps.size();
            words << (count == 1
                          ? QStringLiteral("a single LR sample")
                          : QStringLiteral("linear interpolation of %1 LR samples").arg(count));
            // Before the first sample: after a branch, from the parent's last LR on; else as
            // options.leading says.
            if (origin > 0 && s0 > origin) {
                const double from = options.lineage->parentLr[static_cast<std::size_t>(origin - 1)];
                for (std::int64_t s = origin; s < s0; ++s) {
                    eta[static_cast<std::size_t>(s)] =
                        interpolate(asDouble(origin - 1), from, asDouble(s0), lr0, asDouble(s));
                }
                words << formatMessage(
                    QStringLiteral("linear from the parent's LR (%1) over steps %2..%3"),
                    number(from), origin - 1, s0);
            } else if (origin == 0) {
                for (std::int64_t s = 0; s < s0; ++s) {
                    double value = lr0;
                    if (options.leading == LeadingLr::WarmupFromZero) {
                        value = interpolate(0.0, 0.0, asDouble(s0), lr0, asDouble(s));
                    } else if (options.leading == LeadingLr::WarmupFromValue) {
                        value =
                            interpolate(0.0, options.leadingValue, asDouble(s0), lr0, asDouble(s));
                    }
                    eta[static_cast<std::size_t>(s)] = value;
                }
                if (s0 > 0) {
                    switch (options.leading) {
                        case LeadingLr::WarmupFromZero:
                            words
                                << QStringLiteral("linear warmup from 0 over steps 0..%1").arg(s0);
                            break;
                        case LeadingLr::WarmupFromValue:
                            words << formatMessage(
                                QStringLiteral("linear warmup from %1 over steps 0..%2"),
                                number(options.leadingValue), s0);
                            break;
                        case LeadingLr::HoldFirst:
                            words << formatMessage(
                                QStringLiteral("the first LR (%1) held over steps 0..%2"),
                                number(lr0), s0 - 1);
                            break;
                    }
                }
            }
            interpolateSamples(samples, eta);
            const std::int64_t lastLrStep = samples.steps.back();
            if (lastStep > lastLrStep) {
                words << formatMessage(QStringLiteral("the last LR (%1) held over steps %2..%3"),
                                       number(samples.values.back()), lastLrStep + 1, lastStep);
            }
        }
    }

    if (options.lineage && origin > 0) {
        const RunLineage& lineage = *options.lineage;
        std::copy(lineage.parentLr.begin(), lineage.parentLr.begin() + origin, eta.begin());
    }

    if (options.warmupSteps) {
        const std::int64_t w = *options.warmupSteps;
        if (w < 0 || w > lastStep + 1) {
            return Error{formatMessage(
                QStringLiteral("%1: a warmup of %2 steps does not fit the run (steps 0..%3)"),
                source, w, lastStep)};
        }
        run.schedule.warmupSteps = w;
        words << QStringLiteral("warmup length set to %1 steps").arg(w);
    } else {
        // The laws' end of warmup is the end of the initial LR rise, whatever family (if any)
        // the LR was recognised as: one definition for every run (schedule/WarmupEnd.h).
        run.schedule.warmupSteps = warmupEndStep(run.schedule.lr);
        words << (run.schedule.warmupSteps > 0
                      ? QStringLiteral("warmup (the initial LR rise) ends at step %1")
                            .arg(run.schedule.warmupSteps)
                      : QStringLiteral("no warmup (the LR does not rise at the start)"));
    }
    run.lrRebuild = words.join(QStringLiteral("; "));
    return run;
}

}  // namespace annealer
