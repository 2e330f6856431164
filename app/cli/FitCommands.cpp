// `annealer fit` and `annealer predict`.
#include "cli/CommandLine.h"
#include "cli/LogInputs.h"
#include "cli/TerminalProgress.h"

#include "JsonFile.h"
#include "MessageText.h"
#include "NumberText.h"
#include "fit/FitJson.h"
#include "fit/Fitter.h"
#include "law/CptLaw.h"
#include "law/LossLaw.h"
#include "run/LogImport.h"
#include "schedule/CptSchedule.h"
#include "schedule/ScheduleJson.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QTextStream>

#include <algorithm>
#include <cmath>

namespace annealer::cli {

namespace {

Result<std::int64_t> stepOption(const QCommandLineParser& parser, const QString& name) {
    bool ok = false;
    const QString text = parser.value(name);
    const qlonglong value = text.toLongLong(&ok);
    if (!ok || value < 0)
        return Error{QStringLiteral("--%1: '%2' is not a step (a whole number >= 0)").arg(name, text)};
    return static_cast<std::int64_t>(value);
}

int fail(CommandContext& context, const QString& command, const QString& message, int code = kExitFailed) {
    context.err << "annealer " << command << ": " << message << "\n";
    context.err.flush();
    return code;
}

const QString kTransferStep = QStringLiteral("transfer-step");

void addTransferStepOption(QCommandLineParser& parser) {
    parser.addOption({kTransferStep,
                      QStringLiteral("Continual pre-training (--law cpt): the last pre-training "
                                     "step of every run; the steps after it train on the new data."),
                      QStringLiteral("S")});
}

// The law of --law (and, for `cpt`, of --domain pt|cpt: the loss on the pre-training data or on
// the new data, which fixes the sign of the shift term: "cpt-pt" or "cpt-cpt").
Result<std::shared_ptr<const LossLaw>> lawOption(const QCommandLineParser& parser) {
    QString id = parser.value(QStringLiteral("law"));
    const QString domain = parser.value(QStringLiteral("domain"));
    if (id == QLatin1String("cpt")) {
        if (domain != QLatin1String("pt") && domain != QLatin1String("cpt"))
            return Error{QStringLiteral("--law cpt needs --domain pt (loss on the pre-training "
                                        "data) or --domain cpt (loss on the new data)")};
        id += QLatin1Char('-') + domain;
    } else if (parser.isSet(QStringLiteral("domain"))) {
        return Error{QStringLiteral("--domain applies to --law cpt only")};
    }
    // The momentum law's warmup convention: literal unless --warmup-convention peak.
    const QString convention = parser.value(QStringLiteral("warmup-convention"));
    if (!convention.isEmpty() && id != QLatin1String("momentum"))
        return Error{QStringLiteral("--warmup-convention: only the momentum law has one")};
    if (id == QLatin1String("momentum")) {
        if (convention.isEmpty() || convention == QLatin1String("literal"))
            id = QStringLiteral("momentum-literal");
        else if (convention != QLatin1String("peak"))
            return Error{QStringLiteral("--warmup-convention: expected literal or peak, got '%1'")
                             .arg(convention)};
    }
    auto law = makeLaw(id);
    // The file ids (momentum-literal, cpt-pt, ...) are accepted too, but the choices named are
    // the ones this option documents.
    if (!law)
        return Error{QStringLiteral("--law: unknown law '%1' (expected momentum, multipower, "
                                    "multipower-published, or cpt with --domain pt|cpt)")
                         .arg(parser.value(QStringLiteral("law")))};
    return law;
}

// A logged run's transfer step, and its pre-training warmup taken as the CPT law's reference does
// (a logged LR's warmup is otherwise only as fine as its first sample).
void setTransferStep(SampledSchedule& schedule, std::int64_t transfer) {
    if (transfer < 0) return;
    schedule.transferStep = transfer;
    schedule.warmupSteps = cptWarmupSteps(schedule);
}

// The CPT laws' transfer step of every run read: --transfer-step when given; else, for the runs
// of a log that continues a parent (--parent PT_LOG --branch-step S), S - 1, the last step whose
// LR is the parent's, and none for the others (a pre-training run alone). Without either, the CPT
// law is refused; a non-CPT law refuses --transfer-step.
// --transfer-step, required by the CPT laws and refused by the others.
// `implied`: the transfer step the input itself gives (a CPT chain's), used without the option.
Result<std::int64_t> transferStepFor(const QCommandLineParser& parser, const LossLaw& law,
                                     std::optional<std::int64_t> implied = std::nullopt) {
    const bool cpt = cptLawIds().contains(law.id());
    if (!parser.isSet(kTransferStep)) {
        if (cpt && implied) return *implied;
        if (cpt)
            return Error{QStringLiteral("the CPT law needs --transfer-step S (the last pre-training "
                                        "step) or --parent PT_LOG --branch-step S")};
        return std::int64_t{-1};
    }
    if (!cpt) return Error{QStringLiteral("--transfer-step applies to the CPT law only")};
    return stepOption(parser, kTransferStep);
}

// Checked before any log is read (usage errors first): the one transfer step of every run, or
// none when each branched log's runs take theirs from its branch step.
Result<std::optional<std::int64_t>> transferStepOfRuns(const QCommandLineParser& parser, const LossLaw& law,
                                                       const std::vector<LogInput>& inputs) {
    const bool branched = std::any_of(inputs.begin(), inputs.end(),
                                      [](const LogInput& input) { return input.continues(); });
    if (cptLawIds().contains(law.id()) && !parser.isSet(kTransferStep) && branched)
        return std::optional<std::int64_t>{};  // from each log's branch step
    auto transfer = transferStepFor(parser, law);
    if (!transfer) return Error{transfer.error()};
    return std::optional<std::int64_t>{*transfer};
}

void applyTransferSteps(std::optional<std::int64_t> transfer, const LossLaw& law,
                        const std::vector<LogInput>& inputs, std::vector<ReadLog>& logs) {
    if (!cptLawIds().contains(law.id())) return;
    for (std::size_t i = 0; i < logs.size() && i < inputs.size(); ++i)
        for (Run& run : logs[i].runs) {
            if (transfer) setTransferStep(run.schedule, *transfer);
            else if (inputs[i].continues()) setTransferStep(run.schedule, inputs[i].branchStep - 1);
        }
}

QString metricsTable(const FitResult& fit) {
    QString text;
    QTextStream out(&text);
    out << QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8 %9\n")
               .arg(QStringLiteral("run"), -24)
               .arg(QStringLiteral("points"), 6)
               .arg(QStringLiteral("R2"), 9)
               .arg(QStringLiteral("MAE"), 9)
               .arg(QStringLiteral("PredE"), 9)
               .arg(QStringLiteral("WorstE"), 9)
               .arg(QStringLiteral("final err"), 10)
               .arg(QStringLiteral("CV PredE"), 9)
               .arg(QStringLiteral("warmup end"), 10);
    for (const FittedRun& run : fit.runs) {
        const FitMetrics& m = run.metrics;
        out << QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8 %9\n")
                   .arg(run.name, -24)
                   .arg(m.points, 6)
                   .arg(m.r2, 9, 'f', 5)
                   .arg(m.mae, 9, 'f', 5)
                   .arg(m.predE, 9, 'f', 5)
                   .arg(m.worstE, 9, 'f', 5)
                   .arg(m.finalError, 10, 'f', 5)
                   .arg(std::isfinite(run.crossValidatedPredE)
                            ? QString::number(run.crossValidatedPredE, 'f', 5)
                            : QStringLiteral("-"),
                        9)
                   .arg(run.warmupEnd, 10);
    }
    return text;
}

}  // namespace

int runFitCommand(CommandContext& context) {
    const QString command = QStringLiteral("fit");
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Fit a loss law to one or more training logs.\n\n") + logOptionsHelp());
    parser.addHelpOption();
    parser.addOption({QStringLiteral("law"),
                      QStringLiteral("momentum | multipower | multipower-published | cpt "
                                     "(continual pre-training: with --domain and --transfer-step)."),
                      QStringLiteral("LAW"), QStringLiteral("multipower")});
    parser.addOption({QStringLiteral("warmup-convention"),
                      QStringLiteral("Momentum law: how warmup steps enter its areas: literal "
                                     "(default; each at its own LR, which predicted held-out "
                                     "curves better on every public set) or peak (at the peak "
                                     "LR, as its authors did)."),
                      QStringLiteral("literal|peak")});
    parser.addOption({QStringLiteral("prior-weight"),
                      QStringLiteral("Weight per fitted point of the multi-power law's weak priors "
                                     "on C, beta and gamma (default 2e-7; 0 = none)."),
                      QStringLiteral("W"), QStringLiteral("2e-7")});
    parser.addOption({QStringLiteral("domain"),
                      QStringLiteral("For --law cpt: pt (the loss is on the pre-training data) or "
                                     "cpt (on the new data)."),
                      QStringLiteral("pt|cpt")});
    addTransferStepOption(parser);
    parser.addOption({QStringLiteral("from"), QStringLiteral("Fit only points at or after STEP."),
                      QStringLiteral("STEP")});
    parser.addOption({QStringLiteral("to"), QStringLiteral("Fit only points at or before STEP."),
                      QStringLiteral("STEP")});
    parser.addOption({QStringLiteral("huber"),
                      QStringLiteral("Huber delta on log loss (default 1e-3; 0 = least squares)."),
                      QStringLiteral("DELTA"), QStringLiteral("1e-3")});
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")},
                      QStringLiteral("Write the fit to FIT.json."), QStringLiteral("FIT.json")});
    addLogOptions(parser);
    parser.addPositionalArgument(QStringLiteral("LOG"), QStringLiteral("Training logs to fit jointly."),
                                 QStringLiteral("LOG..."));
    if (!parser.parse(QStringList{QStringLiteral("annealer fit")} + context.args))
        return fail(context, command, parser.errorText(), kExitUsage);
    if (parser.isSet(QStringLiteral("help"))) {
        context.out << parser.helpText();
        return kExitOk;
    }
    const QStringList logs = parser.positionalArguments();
    if (logs.isEmpty()) return fail(context, command, QStringLiteral("name at least one LOG"), kExitUsage);

    auto law = lawOption(parser);
    if (!law) return fail(context, command, law.error(), kExitUsage);
    FitOptions options;
    bool ok = false;
    options.priorWeight = parser.value(QStringLiteral("prior-weight")).toDouble(&ok);
    if (!ok || !(options.priorWeight >= 0.0) || !std::isfinite(options.priorWeight))
        return fail(context, command, QStringLiteral("--prior-weight: expected a number >= 0"),
                    kExitUsage);
    options.huberDelta = parser.value(QStringLiteral("huber")).toDouble(&ok);
    if (!ok || !(options.huberDelta >= 0.0))
        return fail(context, command, QStringLiteral("--huber: expected a number >= 0"), kExitUsage);
    for (const QString& name : {QStringLiteral("from"), QStringLiteral("to")}) {
        if (!parser.isSet(name)) continue;
        auto step = stepOption(parser, name);
        if (!step) return fail(context, command, step.error(), kExitUsage);
        (name == QLatin1String("from") ? options.fromStep : options.toStep) = *step;
    }
    auto request = logRequest(parser);
    if (!request) return fail(context, command, request.error(), kExitUsage);
    auto inputs = logInputs(context.args,
                            logValueOptions() + QStringList{"law", "domain", kTransferStep, "from", "to",
                                                            "huber", "o", "output",
                                                            "warmup-convention", "prior-weight"});
    if (!inputs) return fail(context, command, inputs.error(), kExitUsage);

    if (Status writable = checkOutputPath(parser.value(QStringLiteral("output"))); !writable)
        return fail(context, command, writable.error());
    auto transfer = transferStepOfRuns(parser, **law, *inputs);
    if (!transfer) return fail(context, command, transfer.error(), kExitUsage);
    auto read = readLogs(*inputs, *request);
    if (!read) return fail(context, command, read.error());
    applyTransferSteps(*transfer, **law, *inputs, *read);
    std::vector<Run> runs = allRuns(*read);
    TerminalProgress progress(QStringLiteral("annealer fit"));
    options.progress = progress.callback();
    auto fit = Fitter().fit(**law, runs, options);
    progress.finish();
    if (!fit) return fail(context, command, fit.error());

    for (std::size_t i = 0; i < fit->parameters.size(); ++i)
        if (!std::isfinite(fit->parameters[i]))
            return fail(context, command,
                        formatMessage(QStringLiteral("the fit gave %1 = %2; nothing written"),
                                      fit->parameterNames[i], shortestText(fit->parameters[i])));
    int points = 0;
    for (const FittedRun& run : fit->runs) points += run.metrics.points;
    context.out << QStringLiteral("%1 law fitted to %2 run(s), %3 points, in %4 s (%5 starts): %6\n")
                       .arg(fit->lawId)
                       .arg(fit->runs.size())
                       .arg(points)
                       .arg(fit->seconds, 0, 'f', 3)
                       .arg(fit->starts)
                       .arg(fit->converged ? QStringLiteral("converged")
                                           : QStringLiteral("DID NOT CONVERGE"));
    for (std::size_t i = 0; i < fit->parameters.size(); ++i)
        context.out << QStringLiteral("  %1 = %2 +- %3\n")
                           .arg(fit->parameterNames[i], -6)
                           .arg(fit->parameters[i], 14, 'g', 8)
                           .arg(fit->standardErrors[i], 0, 'g', 3);
    context.out << metricsTable(*fit);
    if (std::isfinite(fit->crossValidatedPredE))
        context.out << QStringLiteral("cross-validated PredE %1 (each run predicted by a fit on "
                                      "the others: how far to trust predictions)\n")
                           .arg(fit->crossValidatedPredE, 0, 'f', 5);
    else
        context.out << QStringLiteral("cross-validated PredE: needs two runs or more\n");
    for (const QString& warning : fit->warnings) context.out << "warning: " << warning << "\n";
    context.out.flush();

    const QString output = parser.value(QStringLiteral("output"));
    if (!output.isEmpty()) {
        if (Status saved = saveFitFile(*fit, output); !saved)
            return fail(context, command, saved.error());
        context.out << "wrote " << output << "\n";
    }
    if (!fit->converged)
        return fail(context, command,
                    fit->warnings.empty() || !fit->warnings.back().startsWith(QStringLiteral("the fit did not"))
                        ? QStringLiteral("the fit did not converge: %1").arg(fit->solverMessage)
                        : fit->warnings.back());
    return kExitOk;
}

int runPredictCommand(CommandContext& context) {
    const QString command = QStringLiteral("predict");
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Predict the loss curve of a log's schedule or of a schedule file.\n\n") +
        logOptionsHelp());
    parser.addHelpOption();
    parser.addOption({QStringLiteral("fit"), QStringLiteral("The fitted law (from annealer fit)."),
                      QStringLiteral("FIT.json")});
    parser.addOption({QStringLiteral("every"),
                      QStringLiteral("For a schedule: a row every N steps (default: about 2000 "
                                     "rows). The final step is always included."),
                      QStringLiteral("N")});
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")},
                      QStringLiteral("Write the CSV to OUT.csv (default: standard output)."),
                      QStringLiteral("OUT.csv")});
    addTransferStepOption(parser);
    addLogOptions(parser);
    parser.addPositionalArgument(QStringLiteral("INPUT"),
                                 QStringLiteral("A training log, or a schedule JSON file."));
    if (!parser.parse(QStringList{QStringLiteral("annealer predict")} + context.args))
        return fail(context, command, parser.errorText(), kExitUsage);
    if (parser.isSet(QStringLiteral("help"))) {
        context.out << parser.helpText();
        return kExitOk;
    }
    if (!parser.isSet(QStringLiteral("fit")))
        return fail(context, command, QStringLiteral("--fit FIT.json is required"), kExitUsage);
    if (parser.positionalArguments().size() != 1)
        return fail(context, command, QStringLiteral("name exactly one LOG or SCHEDULE.json"), kExitUsage);
    const QString input = parser.positionalArguments().first();

    auto fit = loadFitFile(parser.value(QStringLiteral("fit")));
    if (!fit) return fail(context, command, fit.error());
    auto law = makeLaw(fit->lawId);
    if (!law) return fail(context, command, law.error());
    QString csv;
    QTextStream out(&csv);
    // A schedule file is JSON with our schedule header; anything else is read as a log.
    auto json = input.endsWith(QLatin1String(".json"), Qt::CaseInsensitive)
                    ? readJsonObjectFile(input)
                    : Result<QJsonObject>(Error{});
    if (json && json->value(QStringLiteral("format")).toString() == QLatin1String("annealer.schedule")) {
        auto schedule = scheduleFromJson(*json, input);
        if (!schedule) return fail(context, command, schedule.error());
        // A CPT chain (annealer schedule cpt) says where its pre-training ends.
        auto transfer = transferStepFor(parser, **law, cptTransferStep(*schedule));
        if (!transfer) return fail(context, command, transfer.error(), kExitUsage);
        SampledSchedule sampled = schedule->sample();
        sampled.transferStep = *transfer;  // a designed warmup stays as designed
        const std::int64_t last = sampled.steps() - 1;
        std::int64_t every = std::max<std::int64_t>(1, (last + 1999) / 2000);
        if (parser.isSet(QStringLiteral("every"))) {
            auto chosen = stepOption(parser, QStringLiteral("every"));
            if (!chosen || *chosen < 1)
                return fail(context, command, QStringLiteral("--every: expected a whole number >= 1"),
                            kExitUsage);
            every = *chosen;
        }
        std::vector<std::int64_t> steps;
        for (std::int64_t step = every; step < last; step += every) steps.push_back(step);
        steps.push_back(last);
        std::vector<double> predicted(steps.size());
        {
            TerminalProgress progress(QStringLiteral("predicting ") + input);
            (*law)->prepareWithProgress(sampled, progress.callback())
                ->evaluate(fit->parameters, steps, predicted, nullptr);
        }
        for (std::size_t i = 0; i < steps.size(); ++i)
            if (!std::isfinite(predicted[i]))
                return fail(context, command,
                            formatMessage(QStringLiteral("%1: the %2 law gives no finite loss at "
                                                         "step %3 (%4); nothing written"),
                                          input, fit->lawId, steps[i],
                                          shortestText(predicted[i])));
        out << "step,lr,predicted_loss\n";
        for (std::size_t i = 0; i < steps.size(); ++i)
            out << steps[i] << ',' << shortestText(sampled.lr[static_cast<std::size_t>(steps[i])])
                << ',' << shortestText(predicted[i]) << '\n';
    } else {
        auto request = logRequest(parser);
        if (!request) return fail(context, command, request.error(), kExitUsage);
        auto inputs = logInputs(context.args,
                                logValueOptions() + QStringList{"fit", "every", kTransferStep, "o", "output"});
        if (!inputs) return fail(context, command, inputs.error(), kExitUsage);
        auto transfer = transferStepOfRuns(parser, **law, *inputs);
        if (!transfer) return fail(context, command, transfer.error(), kExitUsage);
        auto read = readLogs(*inputs, *request);
        if (!read) return fail(context, command, read.error());
        applyTransferSteps(*transfer, **law, *inputs, *read);
        std::vector<Run> runs = allRuns(*read);
        if (runs.size() != 1) {
            QStringList names;
            for (const Run& run : runs) names << run.name;
            return fail(context, command,
                        formatMessage(QStringLiteral("%1 holds %2 runs (%3); predict takes one: "
                                                     "pick it with --run"),
                                      input, runs.size(), names.join(QStringLiteral(", "))));
        }
        Run& run = runs.front();
        TerminalProgress progress(QStringLiteral("predicting ") + input);
        const std::vector<double> allPredicted =
            predictAtLossSteps(**law, fit->parameters, run, progress.callback());
        progress.finish();
        // A law can have no finite loss at some steps (at step 0 the LR area is 0 and S1^-alpha
        // is infinite): those rows are left out, and said so, rather than written as inf.
        std::vector<double> predicted;
        std::vector<double> observed;
        std::vector<std::int64_t> leftOut;
        out << "step,lr,predicted_loss,observed_loss\n";
        for (std::size_t i = 0; i < run.lossSteps.size(); ++i) {
            if (!std::isfinite(allPredicted[i])) {
                leftOut.push_back(run.lossSteps[i]);
                continue;
            }
            predicted.push_back(allPredicted[i]);
            observed.push_back(run.loss[i]);
            out << run.lossSteps[i] << ','
                << shortestText(run.schedule.lr[static_cast<std::size_t>(run.lossSteps[i])]) << ','
                << shortestText(allPredicted[i]) << ',' << shortestText(run.loss[i]) << '\n';
        }
        if (predicted.empty())
            return fail(context, command,
                        formatMessage(QStringLiteral("%1: the %2 law gives no finite loss at any "
                                                     "of the %3 logged steps; nothing written"),
                                      input, fit->lawId, run.lossSteps.size()));
        if (!leftOut.empty())
            context.err << formatMessage(QStringLiteral("annealer predict: %1: left out %2 "
                                                        "step(s) where the %3 law gives no "
                                                        "finite loss (the first: step %4)\n"),
                                         input, leftOut.size(), fit->lawId, leftOut.front());
        const FitMetrics metrics = computeFitMetrics(predicted, observed);
        const QString output = parser.value(QStringLiteral("output"));
        QTextStream& report = output.isEmpty() || output == QLatin1String("-") ? context.err : context.out;
        report << QStringLiteral("%1: %2 points, R2 %3, MAE %4, PredE %5, WorstE %6, final error %7\n")
                      .arg(run.name)
                      .arg(metrics.points)
                      .arg(metrics.r2, 0, 'f', 5)
                      .arg(metrics.mae, 0, 'f', 5)
                      .arg(metrics.predE, 0, 'f', 5)
                      .arg(metrics.worstE, 0, 'f', 5)
                      .arg(metrics.finalError, 0, 'f', 5);
        report.flush();
    }
    out.flush();
    if (Status written = writeOutput(parser.value(QStringLiteral("output")), csv, context.out); !written)
        return fail(context, command, written.error());
    return kExitOk;
}

}  // namespace annealer::cli
