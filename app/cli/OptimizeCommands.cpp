// `annealer optimize`: the schedule with the lowest predicted final loss.
#include "cli/CommandLine.h"
#include "cli/TerminalProgress.h"

#include "fit/FitJson.h"
#include "optimize/ScheduleOptimizer.h"
#include "schedule/ScheduleJson.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QTextStream>

#include <cmath>

namespace annealer::cli {

namespace {

int fail(CommandContext& context, const QString& message, int code = kExitFailed) {
    context.err << "annealer optimize: " << message << "\n";
    context.err.flush();
    return code;
}

}  // namespace

int runOptimizeCommand(CommandContext& context) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Find the schedule with the lowest predicted final loss under a fitted law."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("fit"), QStringLiteral("The fitted law (from annealer fit)."),
                      QStringLiteral("FIT.json")});
    parser.addOption({QStringLiteral("steps"), QStringLiteral("Total steps of the run."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("peak"), QStringLiteral("Peak LR."), QStringLiteral("LR")});
    parser.addOption({QStringLiteral("warmup"), QStringLiteral("Linear warmup steps (default 0)."),
                      QStringLiteral("W"), QStringLiteral("0")});
    parser.addOption({QStringLiteral("floor"),
                      QStringLiteral("Lowest LR allowed after warmup (default 0)."),
                      QStringLiteral("LR"), QStringLiteral("0")});
    parser.addOption({QStringLiteral("family"),
                      QStringLiteral("free (default; also reports the best of each family) | wsd | "
                                     "cosine | linear."),
                      QStringLiteral("FAMILY"), QStringLiteral("free")});
    parser.addOption({QStringLiteral("smooth"),
                      QStringLiteral("Free-form smoothness penalty weight (default 0)."),
                      QStringLiteral("WEIGHT"), QStringLiteral("0")});
    parser.addOption({QStringLiteral("baseline"),
                      QStringLiteral("A schedule to compare with (default: cosine to 10% of the peak "
                                     "under the same constraints)."),
                      QStringLiteral("SCHEDULE.json")});
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")},
                      QStringLiteral("Write the best schedule to best.json (default: standard output)."),
                      QStringLiteral("best.json")});
    if (!parser.parse(QStringList{QStringLiteral("annealer optimize")} + context.args))
        return fail(context, parser.errorText(), kExitUsage);
    if (parser.isSet(QStringLiteral("help"))) {
        context.out << parser.helpText();
        return kExitOk;
    }
    for (const char* required : {"fit", "steps", "peak"})
        if (!parser.isSet(QString::fromLatin1(required)))
            return fail(context, QStringLiteral("--%1 is required").arg(QLatin1String(required)), kExitUsage);

    OptimizationConstraints constraints;
    bool ok = false;
    constraints.steps = parser.value(QStringLiteral("steps")).toLongLong(&ok);
    if (!ok) return fail(context, QStringLiteral("--steps: expected a whole number"), kExitUsage);
    constraints.peak = parser.value(QStringLiteral("peak")).toDouble(&ok);
    if (!ok) return fail(context, QStringLiteral("--peak: expected a number"), kExitUsage);
    constraints.warmupSteps = parser.value(QStringLiteral("warmup")).toLongLong(&ok);
    if (!ok) return fail(context, QStringLiteral("--warmup: expected a whole number"), kExitUsage);
    constraints.floor = parser.value(QStringLiteral("floor")).toDouble(&ok);
    if (!ok) return fail(context, QStringLiteral("--floor: expected a number"), kExitUsage);
    OptimizationOptions options;
    options.smoothness = parser.value(QStringLiteral("smooth")).toDouble(&ok);
    if (!ok || !(options.smoothness >= 0.0))
        return fail(context, QStringLiteral("--smooth: expected a number >= 0"), kExitUsage);
    const QString family = parser.value(QStringLiteral("family"));
    if (family == QLatin1String("free"))
        options.family = OptimizationFamily::FreeForm;
    else if (family == QLatin1String("wsd"))
        options.family = OptimizationFamily::Wsd;
    else if (family == QLatin1String("cosine"))
        options.family = OptimizationFamily::Cosine;
    else if (family == QLatin1String("linear"))
        options.family = OptimizationFamily::Linear;
    else
        return fail(context, QStringLiteral("--family: '%1' is not free, wsd, cosine or linear").arg(family),
                    kExitUsage);

    if (Status writable = checkOutputPath(parser.value(QStringLiteral("output"))); !writable)
        return fail(context, writable.error());
    auto fit = loadFitFile(parser.value(QStringLiteral("fit")));
    if (!fit) return fail(context, fit.error());
    Schedule baseline;
    if (parser.isSet(QStringLiteral("baseline"))) {
        auto loaded = loadScheduleFile(parser.value(QStringLiteral("baseline")));
        if (!loaded) return fail(context, loaded.error());
        baseline = *loaded;
    } else {
        baseline.name = QStringLiteral("cosine to 10%");
        baseline.family = ScheduleFamily::Cosine;
        baseline.steps = constraints.steps;
        baseline.peak = constraints.peak;
        baseline.warmupSteps = constraints.warmupSteps;
        baseline.warmupShape = constraints.warmupSteps > 0 ? WarmupShape::Linear : WarmupShape::None;
        baseline.floorRatio = 0.1;
        // The default baseline is made of --steps, --peak and --warmup: what it cannot be is
        // what they cannot be (not "baseline: ...", which no one gave).
        if (Status valid = baseline.validate(); !valid)
            return fail(context, QStringLiteral("--steps, --peak, --warmup: ") + valid.error());
    }
    auto baselineLoss = predictedFinalLoss(*fit, baseline);
    if (!baselineLoss) return fail(context, QStringLiteral("baseline: ") + baselineLoss.error());

    TerminalProgress progress(QStringLiteral("annealer optimize"));
    if (!options.progress) options.progress = progress.callback();
    auto result = ScheduleOptimizer().optimize(*fit, constraints, options);
    progress.finish();
    if (!result) return fail(context, result.error());
    // What is written must be a schedule every command reads back, with a finite loss.
    if (Status valid = result->best.schedule.validate(); !valid)
        return fail(context, QStringLiteral("the optimum is not a valid schedule (") +
                                 valid.error() + QStringLiteral("); nothing written"));
    if (!std::isfinite(result->best.finalLoss) || !std::isfinite(*baselineLoss))
        return fail(context, QStringLiteral("the law gives no finite final loss for these "
                                            "constraints; nothing written"));

    const QString output = parser.value(QStringLiteral("output"));
    QTextStream& report = output.isEmpty() || output == QLatin1String("-") ? context.err : context.out;
    report << QStringLiteral("%1 law, %2 steps, peak %3, warmup %4, floor %5 (%6 s)\n")
                  .arg(fit->lawId)
                  .arg(constraints.steps)
                  .arg(constraints.peak)
                  .arg(constraints.warmupSteps)
                  .arg(constraints.floor)
                  .arg(result->seconds, 0, 'f', 2);
    report << QStringLiteral("  %1 %2\n").arg(QStringLiteral("baseline: ") + baseline.name, -52).arg(*baselineLoss, 0, 'f', 6);
    for (const OptimizedSchedule& candidate : result->familyBests)
        report << QStringLiteral("  %1 %2\n").arg(candidate.description, -52).arg(candidate.finalLoss, 0, 'f', 6);
    if (options.family == OptimizationFamily::FreeForm)
        report << QStringLiteral("  %1 %2   (%3 iterations%4)\n")
                      .arg(QStringLiteral("free-form, per step"), -52)
                      .arg(result->freeFormLoss, 0, 'f', 6)
                      .arg(result->iterations)
                      .arg(result->converged ? QString() : QStringLiteral(", stopped at the limit"));
    report << QStringLiteral("best: %1, predicted final loss %2, %3 vs the baseline\n")
                  .arg(result->best.description)
                  .arg(result->best.finalLoss, 0, 'f', 6)
                  .arg(result->best.finalLoss - *baselineLoss, 0, 'f', 6);
    if (!result->caveat.isEmpty()) report << "note: " << result->caveat << "\n";
    report.flush();

    const QString json = QString::fromUtf8(
        QJsonDocument(scheduleToJson(result->best.schedule)).toJson(QJsonDocument::Indented));
    if (Status written = writeOutput(output, json, context.out); !written) return fail(context, written.error());
    return kExitOk;
}

}  // namespace annealer::cli
