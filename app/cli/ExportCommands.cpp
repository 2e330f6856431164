#include "cli/CommandLine.h"

#include "export/ScheduleExporter.h"
#include "export/ScheduleYaml.h"
#include "schedule/ScheduleJson.h"

#include <QTextStream>

namespace annealer::cli {

namespace {

const QString kExportCommand = QStringLiteral("annealer export: ");

QString exportHelp() {
    QString text;
    QTextStream stream(&text);
    stream << "usage: annealer export SCHEDULE.json --to TARGET [-o FILE] [--fallback]\n\n"
              "Writes the schedule as TARGET's config (to standard output without -o) and says\n"
              "whether the target reproduces it exactly, with the largest deviation of the LR the\n"
              "target computes from the file, relative to the peak. A target that cannot express\n"
              "the schedule exactly writes nothing; --fallback writes the nearest exact\n"
              "alternative instead. SCHEDULE may also be YAML (.yaml, .yml).\n\ntargets:\n";
    for (const ScheduleExporter* exporter : allExporters())
        stream << "  " << exporter->id().leftJustified(12) << exporter->description() << "\n";
    stream.flush();
    return text;
}

int usageError(CommandContext& context, const QString& message) {
    context.err << kExportCommand << message << "\n";
    context.err.flush();
    return kExitUsage;
}

int failure(CommandContext& context, const QString& message) {
    context.err << kExportCommand << message << "\n";
    context.err.flush();
    return kExitFailed;
}

QString deviationText(const ExportResult& result) {
    return QStringLiteral("largest deviation %1 of the peak LR, at step %2")
        .arg(QString::number(result.maxDeviation, 'g', 3))
        .arg(result.worstStep);
}

bool isYamlPath(const QString& path) {
    return path.endsWith(QLatin1String(".yaml"), Qt::CaseInsensitive) ||
           path.endsWith(QLatin1String(".yml"), Qt::CaseInsensitive);
}

}  // namespace

int runExportCommand(CommandContext& context) {
    QString input;
    QString target;
    QString output;
    bool fallback = false;
    const QStringList& args = context.args;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString& arg = args[i];
        if (arg == QLatin1String("--help") || arg == QLatin1String("-h")) {
            context.out << exportHelp();
            context.out.flush();
            return kExitOk;
        }
        if (arg == QLatin1String("--fallback")) {
            fallback = true;
            continue;
        }
        if (arg == QLatin1String("--to") || arg == QLatin1String("-o")) {
            if (i + 1 >= args.size())
                return usageError(context, arg + QStringLiteral(" needs a value"));
            (arg == QLatin1String("--to") ? target : output) = args[++i];
            continue;
        }
        if (arg.startsWith(QLatin1Char('-')))
            return usageError(
                context, QStringLiteral("unknown option %1 (annealer export --help)").arg(arg));
        if (!input.isEmpty())
            return usageError(
                context,
                QStringLiteral("one schedule file at a time, got %1 and %2").arg(input, arg));
        input = arg;
    }
    if (input.isEmpty())
        return usageError(context,
                          QStringLiteral("missing SCHEDULE.json (annealer export --help)"));
    if (target.isEmpty())
        return usageError(
            context,
            QStringLiteral("missing --to TARGET (%1)").arg(exporterIds().join(QLatin1Char('|'))));
    const ScheduleExporter* exporter = findExporter(target);
    if (!exporter)
        return usageError(context, QStringLiteral("unknown target '%1' (%2)")
                                       .arg(target, exporterIds().join(QLatin1Char('|'))));

    const Result<Schedule> schedule =
        isYamlPath(input) ? loadScheduleYamlFile(input) : loadScheduleFile(input);
    if (!schedule) return failure(context, schedule.error());

    const ExportResult result = exporter->exportSchedule(*schedule);
    const ExportResult* written = &result;
    QString verdict;
    if (result.exact) {
        verdict = QStringLiteral("%1: exact (%2)").arg(result.target, deviationText(result));
    } else {
        const QString why = result.reasons.join(QStringLiteral("; "));
        if (!fallback || !result.fallback)
            return failure(context,
                           QStringLiteral("%1 cannot express this schedule exactly (%2): %3. "
                                          "Nearest exact alternative: %4 (--fallback writes it)")
                               .arg(result.target, deviationText(result), why, result.alternative));
        written = result.fallback.get();
        verdict = QStringLiteral(
                      "%1 is not exact (%2: %3); wrote the nearest exact alternative, "
                      "%4 (%5)")
                      .arg(result.target, deviationText(result), why, result.alternative,
                           deviationText(*written));
    }

    const bool toStdout = output.isEmpty() || output == QLatin1String("-");
    if (Status status = writeOutput(output, written->text, context.out); !status)
        return failure(context, status.error());
    // The verdict stays out of the file's stream.
    QTextStream& report = toStdout ? context.err : context.out;
    report << kExportCommand << verdict << "\n";
    for (const QString& note : written->notes) report << kExportCommand << "note: " << note << "\n";
    report.flush();
    return kExitOk;
}

}  // namespace annealer::cli
