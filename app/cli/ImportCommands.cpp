// `annealer import`: what a training log holds, and one run of it as plain step,lr,loss.
#include "cli/CommandLine.h"
#include "cli/LogInputs.h"

#include "MessageText.h"
#include "NumberText.h"
#include "run/LogImport.h"
#include "run/recognition/ScheduleRecognizer.h"

#include <QCommandLineParser>
#include <QTextStream>

#include <algorithm>
#include <cmath>
#include <set>

namespace annealer::cli {

namespace {

const QString kCommand = QStringLiteral("import");

int fail(CommandContext& context, const QString& message, int code = kExitFailed) {
    context.err << "annealer " << kCommand << ": " << message << "\n";
    context.err.flush();
    return code;
}

QString runNames(const LogContents& log) {
    QStringList names;
    for (const LogRun& run : log.runs) names << run.name;
    return names.join(QStringLiteral(", "));
}

// The metrics of a run as a table: name, points, step range.
void printMetrics(QTextStream& out, const LogRun& run) {
    qsizetype width = 6;
    for (const MetricSeries& series : run.metrics) width = std::max(width, series.name.size());
    out << "  " << QStringLiteral("metric").leftJustified(width) << "  "
        << QStringLiteral("points").rightJustified(8) << "  steps\n";
    for (const MetricSeries& series : run.metrics) {
        const QString steps =
            series.steps.empty()
                ? QStringLiteral("-")
                : QStringLiteral("%1..%2").arg(series.steps.front()).arg(series.steps.back());
        out << "  " << series.name.leftJustified(width) << "  "
            << QString::number(series.steps.size()).rightJustified(8) << "  " << steps << "\n";
    }
    for (const LeftOutMetric& left : run.leftOut) {
        out << "  left out: " << left.name << ": " << left.problem << "\n";
    }
}

// What would be taken from a run by default (or as named), why, and how its per-step LR is
// rebuilt.
void printChoices(QTextStream& out, const LogContents& log, const LogRun& run,
                  const RunAssemblyOptions& options) {
    const MetricChoice loss = chooseLossMetric(run, options.lossMetric);
    out << "  loss: "
        << (loss.series ? formatMessage(QStringLiteral("%1: %2"), loss.series->name, loss.why)
                        : QStringLiteral("none: ") + loss.why)
        << "\n";
    const MetricChoice lr = chooseLrMetric(run, options.lrMetric);
    if (lr.series) {
        out << "  LR:   " << lr.series->name << ": " << lr.why
            << (options.schedule ? QStringLiteral(" (the run logs its LR: --schedule is not used)")
                                 : QString())
            << "\n";
    } else if (options.schedule && options.lrMetric.isEmpty()) {
        out << "  LR:   the schedule " << options.scheduleSource << " (the run logs no LR)\n";
    } else {
        out << "  LR:   none: " << lr.why << "\n";
    }
    if (lr.series && options.recognizeSchedule) {
        ScheduleRecognitionOptions recognition;
        if (options.lineage) recognition.origin = options.lineage->branchStep;
        const ScheduleRecognition result =
            recognizeSchedule(lr.series->steps, lr.series->values, recognition);
        if (result.recognized) {
            out << "  LR schedule: " << result.recognized->description << "\n";
        } else {
            out << "  LR schedule: not recognised: " << result.reason << "\n";
        }
    }
    const auto assembled = assembleRun(log, run, options);
    if (assembled) {
        out << "  per-step LR: " << assembled->lrRebuild << "\n";
    } else {
        out << "  per-step LR: cannot be rebuilt: " << assembled.error() << "\n";
    }
}

// The steps where a per-step LR bends: linear interpolation between them gives every step in
// between to 1e-12 relative (a formula's straight pieces are straight only to rounding). The
// first and last steps are included.
std::vector<std::int64_t> bends(const std::vector<double>& lr) {
    const auto length = static_cast<std::int64_t>(lr.size());
    if (length == 0) return {};
    const auto at = [&](std::int64_t s) { return lr[static_cast<std::size_t>(s)]; };
    const auto straight = [&](std::int64_t from, std::int64_t to) {
        const double slope = (at(to) - at(from)) / static_cast<double>(to - from);
        for (std::int64_t s = from + 1; s < to; ++s) {
            const double line = slope * static_cast<double>(s - from) + at(from);
            if (std::abs(line - at(s)) > 1e-12 * std::abs(at(s)) + 1e-300) return false;
        }
        return true;
    };
    // Corners first (where the second difference is well above rounding), then each piece
    // split in halves until it is straight.
    double scale = 0.0;
    for (double value : lr) scale = std::max(scale, std::abs(value));
    std::vector<std::int64_t> corners{0};
    for (std::int64_t s = 1; s + 1 < length; ++s) {
        if (std::abs(at(s + 1) - 2.0 * at(s) + at(s - 1)) > 1e-12 * scale) corners.push_back(s);
    }
    if (length > 1) corners.push_back(length - 1);
    std::vector<std::int64_t> result{0};
    std::vector<std::pair<std::int64_t, std::int64_t>> pending;
    for (std::size_t i = corners.size(); i-- > 1;) pending.push_back({corners[i - 1], corners[i]});
    while (!pending.empty()) {
        const auto [from, to] = pending.back();
        pending.pop_back();
        if (to - from > 1 && !straight(from, to)) {
            const std::int64_t middle = from + (to - from) / 2;
            pending.push_back({middle, to});
            pending.push_back({from, middle});
            continue;
        }
        result.push_back(to);
    }
    return result;
}

int list(CommandContext& context, const std::vector<LogInput>& inputs, const LogRequest& request) {
    QTextStream& out = context.out;
    int status = kExitOk;
    QStringList unmatched = request.runs;
    for (const LogInput& input : inputs) {
        auto options = assemblyFor(input, request);
        auto log = options ? readLog(input.path, request.read)
                           : Result<LogContents>(Error{options.error()});
        if (!log) {
            out.flush();
            fail(context, log.error());
            status = kExitFailed;
            continue;
        }
        out << formatMessage(QStringLiteral("%1: %2, %3 run(s)"), input.path, log->format,
                             QString::number(log->runs.size()))
            << "\n";
        for (const QString& note : log->notes) out << "  note: " << note << "\n";
        for (const LogRun& run : log->runs) {
            if (!request.runs.isEmpty() && !request.runs.contains(run.name)) continue;
            unmatched.removeAll(run.name);
            out << "run " << run.name << " (" << run.metrics.size() << " metrics)\n";
            printMetrics(out, run);
            printChoices(out, *log, run, *options);
        }
    }
    out.flush();
    for (const QString& name : unmatched) {
        QStringList paths;
        for (const LogInput& input : inputs) paths << input.path;
        fail(context, formatMessage(QStringLiteral("no run '%1' in %2"), name,
                                    paths.join(QStringLiteral(", "))));
        status = kExitFailed;
    }
    return status;
}

int convert(CommandContext& context, const QCommandLineParser& parser,
            const std::vector<LogInput>& inputs, const LogRequest& request) {
    if (inputs.size() != 1) {
        return fail(context, QStringLiteral("-o converts one FILE, not %1").arg(inputs.size()),
                    kExitUsage);
    }
    if (request.runs.size() > 1) {
        return fail(context, QStringLiteral("-o converts one run; give --run once"), kExitUsage);
    }
    const LogInput& input = inputs.front();
    auto options = assemblyFor(input, request);
    if (!options) return fail(context, options.error());
    auto log = readLog(input.path, request.read);
    if (!log) return fail(context, log.error());
    const LogRun* logRun = nullptr;
    if (!request.runs.isEmpty()) {
        for (const LogRun& run : log->runs) {
            if (run.name == request.runs.front()) logRun = &run;
        }
        if (!logRun) {
            return fail(context, formatMessage(QStringLiteral("%1: no run '%2'; the runs are: %3"),
                                               input.path, request.runs.front(), runNames(*log)));
        }
    } else if (log->runs.size() == 1) {
        logRun = &log->runs.front();
    } else {
        return fail(context,
                    formatMessage(QStringLiteral("%1 holds %2 runs (%3); name one with --run"),
                                  input.path, QString::number(log->runs.size()), runNames(*log)));
    }
    auto run = assembleRun(*log, *logRun, *options);
    if (!run) return fail(context, run.error());

    // One row per loss point, plus rows with the loss blank: at step 0, at each logged LR
    // sample, and wherever the per-step LR bends, unless it bends at most steps (a
    // cosine, say). Read back, the file then gives the same per-step LR: by interpolation
    // between the bends, or by recognising the same formula from the samples. --every-step
    // writes every step.
    const auto lastStep = static_cast<std::int64_t>(run->schedule.lr.size()) - 1;
    std::set<std::int64_t> rows(run->lossSteps.begin(), run->lossSteps.end());
    rows.insert(0);
    if (const MetricSeries* lr = logRun->metric(run->lrMetric)) {
        for (std::int64_t step : lr->steps) {
            if (step <= lastStep) rows.insert(step);
        }
    }
    const std::vector<std::int64_t> knots = bends(run->schedule.lr);
    if (knots.size() <= 4 * rows.size() + 1000) rows.insert(knots.begin(), knots.end());
    const bool everyStep = parser.isSet(QStringLiteral("every-step"));
    QString csv;
    QTextStream text(&csv);
    text << "step,lr,loss\n";
    std::size_t next = 0;  // the next loss point
    std::size_t written = 0;
    const auto write = [&](std::int64_t step) {
        text << step << ',' << shortestText(run->schedule.lr[static_cast<std::size_t>(step)])
             << ',';
        while (next < run->lossSteps.size() && run->lossSteps[next] < step) ++next;
        if (next < run->lossSteps.size() && run->lossSteps[next] == step) {
            text << shortestText(run->loss[next]);
        }
        text << '\n';
        ++written;
    };
    if (everyStep) {
        for (std::int64_t step = 0; step <= lastStep; ++step) write(step);
    } else {
        for (std::int64_t step : rows) write(step);
    }
    text.flush();
    const QString output = parser.value(QStringLiteral("output"));
    if (Status saved = writeOutput(output, csv, context.out); !saved) {
        return fail(context, saved.error());
    }
    if (output != QLatin1String("-")) {
        context.out << formatMessage(
                           QStringLiteral("wrote %1: run %2, %3 rows, loss '%4', LR %5; %6"),
                           output, run->name, QString::number(written), run->lossMetric,
                           run->lrMetric.isEmpty() ? QStringLiteral("from the schedule")
                                                   : QStringLiteral("'%1'").arg(run->lrMetric),
                           run->lrRebuild)
                    << "\n";
        context.out.flush();
    }
    return kExitOk;
}

}  // namespace

int runImportCommand(CommandContext& context) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral(
            "List the runs and metrics of training logs: the format, each run's metrics with "
            "their points and steps, the loss and LR taken by default and why, how the per-step "
            "LR is rebuilt, notes and left-out metrics. With -o, convert one run to plain "
            "step,lr,loss with the per-step LR rebuilt as fit and predict do: one row per loss "
            "point, plus rows with the loss blank at step 0, at each logged LR sample and "
            "wherever the LR bends (unless it bends at most steps, as a cosine does), so that "
            "reading the file back gives the same per-step LR; --every-step writes every "
            "step.\n\n") +
        logOptionsHelp());
    parser.addHelpOption();
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")},
                      QStringLiteral("Convert one run to step,lr,loss in OUT.csv ('-': standard "
                                     "output)."),
                      QStringLiteral("OUT.csv")});
    parser.addOption(
        {QStringLiteral("every-step"), QStringLiteral("With -o: a row for every step.")});
    addLogOptions(parser);
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QStringLiteral("Training logs (files or folders)."),
                                 QStringLiteral("FILE..."));
    if (!parser.parse(QStringList{QStringLiteral("annealer import")} + context.args)) {
        return fail(context, parser.errorText(), kExitUsage);
    }
    if (parser.isSet(QStringLiteral("help"))) {
        context.out << parser.helpText();
        return kExitOk;
    }
    auto request = logRequest(parser);
    if (!request) return fail(context, request.error(), kExitUsage);
    auto inputs = logInputs(context.args, logValueOptions() + QStringList{"o", "output"});
    if (!inputs) return fail(context, inputs.error(), kExitUsage);
    if (inputs->empty()) return fail(context, QStringLiteral("name at least one FILE"), kExitUsage);
    if (parser.isSet(QStringLiteral("output"))) return convert(context, parser, *inputs, *request);
    if (parser.isSet(QStringLiteral("every-step"))) {
        return fail(context, QStringLiteral("--every-step goes with -o"), kExitUsage);
    }
    return list(context, *inputs, *request);
}

}  // namespace annealer::cli
