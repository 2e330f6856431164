#include "cli/LogInputs.h"
#include "cli/TerminalProgress.h"

#include "MessageText.h"
#include "ParallelFor.h"
#include "run/LogImport.h"
#include "schedule/ScheduleJson.h"

#include <QCommandLineParser>
#include <QFileInfo>

#include <cmath>
#include <functional>
#include <mutex>
#include <optional>

namespace annealer::cli {

namespace {

const QString kParent = QStringLiteral("parent");
const QString kParentRun = QStringLiteral("parent-run");
const QString kBranchStep = QStringLiteral("branch-step");

Result<std::int64_t> branchStepValue(const QString& text) {
    bool ok = false;
    const qlonglong value = text.toLongLong(&ok);
    if (!ok || value < 0) {
        return Error{
            QStringLiteral("--branch-step: '%1' is not a step (a whole number >= 0)").arg(text)};
    }
    return static_cast<std::int64_t>(value);
}

QString runNames(const LogContents& log) {
    QStringList names;
    for (const LogRun& run : log.runs) names << run.name;
    return names.join(QStringLiteral(", "));
}

}  // namespace

void addLogOptions(QCommandLineParser& parser) {
    parser.addOption({QStringLiteral("step-col"), QStringLiteral("Column holding the step."),
                      QStringLiteral("NAME")});
    parser.addOption({QStringLiteral("steps-per-epoch"),
                      QStringLiteral("Logs of epochs only (no step): epoch e is step e*N."),
                      QStringLiteral("N")});
    parser.addOption({QStringLiteral("run"),
                      QStringLiteral("Take only run R of the logs (repeat for several; default: "
                                     "every run)."),
                      QStringLiteral("R")});
    parser.addOption({{QStringLiteral("loss"), QStringLiteral("loss-col")},
                      QStringLiteral("Metric (column or tag) holding the loss (default: the "
                                     "validation loss if logged, else the training loss)."),
                      QStringLiteral("TAG")});
    parser.addOption({{QStringLiteral("lr"), QStringLiteral("lr-col")},
                      QStringLiteral("Metric (column or tag) holding the LR."),
                      QStringLiteral("TAG")});
    parser.addOption({QStringLiteral("warmup-from"),
                      QStringLiteral("LR at step 0 of the linear warmup rebuilt before the first "
                                     "logged LR (default 0); 'hold' keeps the first LR instead."),
                      QStringLiteral("LR|hold")});
    parser.addOption({QStringLiteral("schedule"),
                      QStringLiteral("The LR of runs that log none: this designed schedule's "
                                     "(annealer schedule ... -o S.json)."),
                      QStringLiteral("S.json")});
    parser.addOption({QStringLiteral("no-recognize"),
                      QStringLiteral("Interpolate between the LR samples even where they match a "
                                     "schedule family exactly.")});
    parser.addOption({kParent,
                      QStringLiteral("The runs of the next LOG continue a run of PARENT_LOG "
                                     "(with --branch-step)."),
                      QStringLiteral("PARENT_LOG")});
    parser.addOption({kParentRun, QStringLiteral("Which run of PARENT_LOG, if it holds several."),
                      QStringLiteral("NAME")});
    parser.addOption({kBranchStep,
                      QStringLiteral("The step the next LOG's runs branched off their parent "
                                     "at; before it their LR is the parent's."),
                      QStringLiteral("S")});
}

QStringList logValueOptions() {
    return {QStringLiteral("step-col"),
            QStringLiteral("steps-per-epoch"),
            QStringLiteral("run"),
            QStringLiteral("loss"),
            QStringLiteral("loss-col"),
            QStringLiteral("lr"),
            QStringLiteral("lr-col"),
            QStringLiteral("warmup-from"),
            QStringLiteral("schedule"),
            kParent,
            kParentRun,
            kBranchStep};
}

QString logOptionsHelp() {
    return QStringLiteral(
        "Logs: CSV/TSV, JSON Lines, Hugging Face trainer_state.json, W&B exports, Lightning "
        "metrics.csv, MLflow runs, Megatron-LM and NeMo console logs, TensorBoard event files "
        "and folders; the format is recognised from the content and name. A log may hold "
        "several runs (--run picks), each with many metrics (--loss and --lr pick; "
        "`annealer import LOG` lists them and what is taken by default).\n"
        "Per-step LR: when the LR samples match a schedule family (constant, step, "
        "multi-step, linear, cosine, exponential, inverse sqrt, polynomial, WSD) within "
        "rounding and the warmup is logged (or the first sample is at step 0), the family's "
        "formula; otherwise linear interpolation between the samples (--no-recognize: "
        "always). Runs that log no LR take the LR of --schedule S.json.\n"
        "Runs that continue another (a cooldown branched off a constant-LR run, continual "
        "pre-training): write --parent PARENT_LOG --branch-step S before the LOG; its runs "
        "then have the parent's LR before step S (steps count on from the parent's). "
        "--parent-run NAME picks the parent when PARENT_LOG holds several runs. Example:\n"
        "  annealer fit constant.csv --parent constant.csv --branch-step 20000 cooldown.csv\n");
}

Result<LogRequest> logRequest(const QCommandLineParser& parser) {
    LogRequest request;
    request.read.stepColumn = parser.value(QStringLiteral("step-col"));
    if (parser.isSet(QStringLiteral("steps-per-epoch"))) {
        const QString text = parser.value(QStringLiteral("steps-per-epoch"));
        bool ok = false;
        const qlonglong n = text.toLongLong(&ok);
        if (!ok || n < 1) {
            return Error{QStringLiteral("--steps-per-epoch: '%1' is not a whole number >= 1")
                             .arg(text)};
        }
        request.read.stepsPerEpoch = n;
    }
    request.assembly.lossMetric = parser.value(QStringLiteral("loss"));
    request.assembly.lrMetric = parser.value(QStringLiteral("lr"));
    request.runs = parser.values(QStringLiteral("run"));
    request.assembly.recognizeSchedule = !parser.isSet(QStringLiteral("no-recognize"));
    if (parser.isSet(QStringLiteral("warmup-from"))) {
        const QString value = parser.value(QStringLiteral("warmup-from"));
        if (value == QLatin1String("hold")) {
            request.assembly.leading = LeadingLr::HoldFirst;
        } else {
            bool ok = false;
            request.assembly.leadingValue = value.toDouble(&ok);
            if (!ok || !std::isfinite(request.assembly.leadingValue) ||
                request.assembly.leadingValue < 0.0) {
                return Error{
                    QStringLiteral("--warmup-from: '%1' is not an LR >= 0 or 'hold'").arg(value)};
            }
            request.assembly.leading = LeadingLr::WarmupFromValue;
        }
    }
    if (parser.isSet(QStringLiteral("schedule"))) {
        const QString path = parser.value(QStringLiteral("schedule"));
        if (!request.assembly.lrMetric.isEmpty()) {
            return Error{
                QStringLiteral("give --lr or --schedule, not both (--schedule is for runs "
                               "that log no LR)")};
        }
        auto schedule = loadScheduleFile(path);
        if (!schedule) return Error{schedule.error()};
        request.assembly.schedule = std::move(*schedule);
        request.assembly.scheduleSource = path;
    }
    return request;
}

Result<std::vector<LogInput>> logInputs(const QStringList& args, const QStringList& valueOptions) {
    std::vector<LogInput> inputs;
    LogInput pending;
    bool pendingStep = false;
    bool optionsEnded = false;
    const auto dangling = [&]() -> std::optional<Error> {
        if (pending.continues() && !pendingStep) {
            return Error{QStringLiteral("--parent %1 needs --branch-step S before the log it "
                                        "applies to")
                             .arg(pending.parentPath)};
        }
        if (!pending.continues() && (pendingStep || !pending.parentRun.isEmpty())) {
            return Error{
                QStringLiteral("--branch-step and --parent-run need --parent PARENT_LOG "
                               "before the log they apply to")};
        }
        return std::nullopt;
    };
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString& arg = args[i];
        if (optionsEnded || !arg.startsWith(u'-') || arg == QLatin1String("-")) {
            if (auto problem = dangling()) return *problem;
            pending.path = arg;
            inputs.push_back(pending);
            pending = LogInput{};
            pendingStep = false;
            continue;
        }
        if (arg == QLatin1String("--")) {
            optionsEnded = true;
            continue;
        }
        // --name=value, --name value, -n value.
        QString name = arg.mid(arg.startsWith(QLatin1String("--")) ? 2 : 1);
        QString value;
        const qsizetype equals = name.indexOf(u'=');
        const bool inline_ = equals >= 0;
        if (inline_) {
            value = name.mid(equals + 1);
            name = name.left(equals);
        }
        const bool takesValue = valueOptions.contains(name);
        if (takesValue && !inline_) {
            if (i + 1 >= args.size()) break;  // the parser reports the missing value
            value = args[++i];
        }
        if (name == kParent) {
            pending.parentPath = value;
        } else if (name == kParentRun) {
            pending.parentRun = value;
        } else if (name == kBranchStep) {
            auto step = branchStepValue(value);
            if (!step) return Error{step.error()};
            pending.branchStep = *step;
            pendingStep = true;
        }
    }
    // With a single log the options may come anywhere.
    if (pending.continues() && inputs.size() == 1 && !inputs.front().continues()) {
        if (auto problem = dangling()) return *problem;
        pending.path = inputs.front().path;
        inputs.front() = pending;
        return inputs;
    }
    if (pending.continues() || pendingStep || !pending.parentRun.isEmpty()) {
        return Error{
            QStringLiteral("--parent, --parent-run and --branch-step apply to the log "
                           "after them, and none follows")};
    }
    return inputs;
}

Result<RunAssemblyOptions> assemblyFor(const LogInput& input, const LogRequest& request) {
    RunAssemblyOptions options = request.assembly;
    if (!input.continues()) return options;
    // The parent's LR as it would be taken on its own: the same options, no --run.
    auto parentLog = readLog(input.parentPath, request.read);
    if (!parentLog) return Error{parentLog.error()};
    const LogRun* parentRun = nullptr;
    if (!input.parentRun.isEmpty()) {
        for (const LogRun& run : parentLog->runs) {
            if (run.name == input.parentRun) parentRun = &run;
        }
        if (!parentRun) {
            return Error{formatMessage(
                QStringLiteral("%1: no run '%2' (asked for with --parent-run); the runs are: %3"),
                input.parentPath, input.parentRun, runNames(*parentLog))};
        }
    } else if (parentLog->runs.size() == 1) {
        parentRun = &parentLog->runs.front();
    } else {
        return Error{formatMessage(
            QStringLiteral("%1 holds %2 runs (%3); name the parent with --parent-run"),
            input.parentPath, QString::number(parentLog->runs.size()), runNames(*parentLog))};
    }
    auto parent = assembleRun(*parentLog, *parentRun, request.assembly);
    if (!parent) return Error{parent.error()};
    options.lineage = RunLineage::from(*parent, input.branchStep);
    return options;
}

namespace {

// One log read and its runs assembled (only those --run names, when given).
Result<ReadLog> readOneLog(const LogInput& input, const LogRequest& request, bool keepContents,
                           const std::function<bool(double)>& progress) {
    auto options = assemblyFor(input, request);
    if (!options) return Error{options.error()};
    LogReadOptions readOptions = request.read;
    if (!readOptions.progress) readOptions.progress = progress;
    auto contents = readLog(input.path, readOptions);
    if (!contents) return Error{contents.error()};
    if (contents->runs.empty()) return Error{input.path + QStringLiteral(": holds no runs")};
    ReadLog log;
    for (const LogRun& logRun : contents->runs) {
        if (!request.runs.isEmpty() && !request.runs.contains(logRun.name)) continue;
        auto run = assembleRun(*contents, logRun, *options);
        if (!run) return Error{run.error()};
        log.runs.push_back(std::move(*run));
    }
    log.contents.source = contents->source;
    log.contents.format = contents->format;
    log.contents.notes = contents->notes;
    for (LogRun& logRun : contents->runs) {
        if (!keepContents) logRun.metrics.clear();
        log.contents.runs.push_back(std::move(logRun));
    }
    return log;
}

// Logs this small (in all) are read two at a time: a command on a few small logs is then
// limited by reading them (schedule recognition takes milliseconds each), and a pair of them
// costs little memory. Larger ones are read one after the other, to keep the peak low.
constexpr qint64 kReadInParallelBelow = qint64{64} << 20;

bool readInParallel(const std::vector<LogInput>& inputs) {
    if (inputs.size() < 2) return false;
    qint64 bytes = 0;
    for (const LogInput& input : inputs) {
        const QFileInfo info(input.path);
        if (!info.isFile()) return false;  // folders: their size is not known here
        bytes += info.size();
    }
    return bytes < kReadInParallelBelow;
}

}  // namespace

Result<std::vector<ReadLog>> readLogs(const std::vector<LogInput>& inputs,
                                      const LogRequest& request, bool keepContents) {
    std::vector<std::optional<Result<ReadLog>>> read(inputs.size());
    if (readInParallel(inputs)) {
        // One progress line for all: the mean of the logs' fractions.
        TerminalProgress progress(QStringLiteral("reading %1 logs").arg(inputs.size()));
        std::mutex mutex;
        std::vector<double> fractions(inputs.size(), 0.0);
        parallelFor(inputs.size(), 1, [&](std::size_t begin, std::size_t end) {
            for (std::size_t i = begin; i < end; ++i) {
                const auto report = [&, i](double fraction) {
                    const std::lock_guard<std::mutex> lock(mutex);
                    fractions[i] = fraction;
                    double sum = 0.0;
                    for (double f : fractions) sum += f;
                    progress.update(sum / static_cast<double>(fractions.size()));
                    return true;
                };
                read[i] = readOneLog(inputs[i], request, keepContents, report);
            }
        });
    } else {
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            TerminalProgress progress(QStringLiteral("reading ") + inputs[i].path);
            read[i] = readOneLog(inputs[i], request, keepContents, progress.callback());
            if (!*read[i]) break;  // the first error is the one reported
        }
    }
    // In the order given: the first failing log's error, then the runs.
    std::vector<ReadLog> logs;
    for (std::optional<Result<ReadLog>>& log : read) {
        if (!log) break;
        if (!*log) return Error{log->error()};
        logs.push_back(std::move(**log));
    }
    for (const QString& name : request.runs) {
        bool any = false;
        for (const ReadLog& log : logs)
            for (const LogRun& run : log.contents.runs) any = any || run.name == name;
        if (any) continue;
        QStringList paths;
        QStringList names;
        for (std::size_t i = 0; i < logs.size(); ++i) {
            paths << inputs[i].path;
            for (const LogRun& run : logs[i].contents.runs) names << run.name;
        }
        return Error{formatMessage(QStringLiteral("no run '%1' in %2; the runs are: %3"), name,
                                   paths.join(QStringLiteral(", ")),
                                   names.join(QStringLiteral(", ")))};
    }
    return logs;
}

std::vector<Run> allRuns(std::vector<ReadLog>& logs) {
    std::vector<Run> runs;
    for (ReadLog& log : logs) {
        for (Run& run : log.runs) runs.push_back(std::move(run));
    }
    return runs;
}

}  // namespace annealer::cli
