#include "cli/CommandLine.h"
#include "cli/OutputFile.h"
#include "cli/TerminalProgress.h"

#include "NumberText.h"

#include "run/PretrainingLog.h"
#include "schedule/CptSchedule.h"
#include "schedule/Schedule.h"
#include "schedule/ScheduleJson.h"

#include <QJsonDocument>
#include <QTextStream>

#include <charconv>
#include <cmath>
#include <vector>

namespace annealer::cli {

namespace {

const QString kScheduleCommand = QStringLiteral("annealer schedule: ");
const QString kSampleCommand = QStringLiteral("annealer sample: ");

QString familyDescription(ScheduleFamily family) {
    switch (family) {
        case ScheduleFamily::Constant:
            return QStringLiteral("the peak LR to the end");
        case ScheduleFamily::Linear:
            return QStringLiteral("a straight line from peak to floor");
        case ScheduleFamily::Cosine:
            return QStringLiteral("a half cosine from peak to floor");
        case ScheduleFamily::Wsd:
            return QStringLiteral(
                "warmup-stable-decay: peak, then a short decay to floor at the "
                "end");
        case ScheduleFamily::Step:
            return QStringLiteral("peak times gamma every step_size steps after warmup");
        case ScheduleFamily::MultiStep:
            return QStringLiteral("peak times gamma at each milestone step");
        case ScheduleFamily::Exponential:
            return QStringLiteral("geometric decay from peak to floor (floor > 0)");
        case ScheduleFamily::InverseSqrt:
            return QStringLiteral(
                "peak * sqrt(ts / (steps after warmup + ts)), the Transformer "
                "default");
        case ScheduleFamily::Polynomial:
            return QStringLiteral("peak to floor along (1 - progress)^power");
        case ScheduleFamily::Cyclic:
            return QStringLiteral(
                "cosine cycles with restarts, optional re-warm and a peak "
                "that shrinks per cycle");
        case ScheduleFamily::FreeForm:
            return QStringLiteral(
                "control points, interpolated; constant beyond the first and "
                "last");
        case ScheduleFamily::Chain:
            return QStringLiteral("schedules run one after another (made in JSON, not here)");
        case ScheduleFamily::Rex:
            return QStringLiteral(
                "REX (Chen et al. 2021): floor + (peak - floor) * (1 - z) / (1 - z/2), z the "
                "progress after warmup");
        case ScheduleFamily::PowerScheduler:
            return QStringLiteral(
                "power scheduler (Shen et al. 2024): min(peak, power_a * n^power_b) over the "
                "tokens n seen, then a decay over the last `decay` of the steps (the paper's "
                "is exponential: shape=exponential with a floor > 0)");
        case ScheduleFamily::OneCycle:
            return QStringLiteral(
                "one-cycle as PyTorch's OneCycleLR: from peak/div_factor up to peak over "
                "pct_start, then down to peak/(div_factor*final_div_factor)");
    }
    return {};
}

QString scheduleHelp() {
    QString text;
    QTextStream stream(&text);
    stream << "usage: annealer schedule FAMILY key=value... [-o SCHEDULE.json] [--name NAME]\n\n"
              "Writes a schedule file (JSON; to standard output without -o). Example:\n"
              "  annealer schedule wsd steps=24000 peak=3e-4 warmup=2160 decay=0.2 "
              "shape=1-sqrt floor=3e-5 -o s.json\n"
              "Lists are comma-separated: milestones=8000,12000 points=0:0,2000:3e-4\n\n"
              "Continual pre-training: a pre-training schedule file, then a CPT phase that "
              "re-warms linearly from 0 over `rewarm` steps to `peak` and decays to `floor` by "
              "`shape` (cosine | linear | wsd, with `decay` its fraction) over `steps`:\n"
              "  annealer schedule cpt pt=pt.json rewarm=100 peak=1.5e-4 shape=cosine "
              "steps=10000 floor=1.5e-5 -o cpt.json\n"
              "or the pre-training LR as logged (--from-log PT_LOG instead of pt=; its first run, "
              "the LR up to its last loss step, --loss COL naming the loss where it is not "
              "found; its warmup the steps before the first step at its largest LR):\n"
              "  annealer schedule cpt --from-log pt_run.csv --loss val_pt rewarm=100 peak=1.5e-4 "
              "shape=cosine steps=10000 floor=1.5e-5 -o cpt.json\n\n";

    // Keys most families share are described once; each family then lists all its keys and
    // describes the rest.
    const QStringList commonKeys = {QStringLiteral("steps"), QStringLiteral("peak"),
                                    QStringLiteral("warmup"), QStringLiteral("warmup_shape"),
                                    QStringLiteral("warmup_init")};
    stream << "common keys:\n";
    for (const ScheduleParameterInfo& info : parameterKeys(ScheduleFamily::Constant))
        if (commonKeys.contains(info.key))
            stream << "  " << info.key.leftJustified(16) << info.description << "\n";

    stream << "\nfamilies:\n";
    for (const QString& name : allFamilyNames()) {
        const ScheduleFamily family = *familyFromName(name);
        const std::vector<ScheduleParameterInfo> keys = parameterKeys(family);
        QStringList keyNames;
        for (const ScheduleParameterInfo& info : keys) keyNames << info.key;
        stream << "  " << name.leftJustified(14) << familyDescription(family) << "\n";
        stream << "      keys: " << keyNames.join(QLatin1Char(' ')) << "\n";
        for (const ScheduleParameterInfo& info : keys)
            if (!commonKeys.contains(info.key))
                stream << "      " << info.key.leftJustified(16) << info.description << "\n";
    }
    stream.flush();
    return text;
}

// `annealer schedule cpt pt=PT.json|--from-log PT_LOG rewarm=R peak=P shape=S steps=N floor=F
// [decay=D]`: the pre-training schedule, then the CPT phase (a Chain of the two).
Result<Schedule> cptScheduleFromKeyValues(const QStringList& keyValues, const QString& fromLog,
                                          const QString& lossMetric) {
    QString ptPath;
    QStringList phaseKeys;
    for (const QString& pair : keyValues) {
        if (pair.startsWith(QLatin1String("pt=")))
            ptPath = pair.mid(3);
        else
            phaseKeys << pair;
    }
    if (ptPath.isEmpty() == fromLog.isEmpty())
        return Error{
            QStringLiteral("cpt: the pre-training schedule is needed once: pt=PT.json (from "
                           "annealer schedule FAMILY ...) or --from-log PT_LOG")};
    Result<Schedule> pretraining =
        fromLog.isEmpty() ? loadScheduleFile(ptPath) : pretrainingFromLog(fromLog, lossMetric);
    if (!pretraining) return Error{pretraining.error()};
    Result<CptPhase> phase = cptPhaseFromKeyValues(phaseKeys);
    if (!phase) return Error{QStringLiteral("cpt: ") + phase.error()};
    return cptChain(*pretraining, *phase);
}

int usageError(CommandContext& context, const QString& command, const QString& message) {
    context.err << command << message << "\n";
    context.err.flush();
    return kExitUsage;
}

int failure(CommandContext& context, const QString& command, const QString& message) {
    context.err << command << message << "\n";
    context.err.flush();
    return kExitFailed;
}

// Appends "step,lr\n" rows in shortest round-trip form; flush() hands full chunks on.
class CsvChunks {
public:
    static constexpr qsizetype kChunkBytes = 1 << 20;

    CsvChunks() { buffer_.reserve(kChunkBytes + 64); }
    bool full() const { return buffer_.size() >= kChunkBytes; }
    const QByteArray& bytes() const { return buffer_; }
    void clear() { buffer_.clear(); }
    void append(const char* text) { buffer_.append(text); }

    void appendRow(std::int64_t step, double lr) {
        char row[64];
        char* end = std::to_chars(row, row + sizeof row, step).ptr;
        *end++ = ',';
        end = writeShortest(end, row + sizeof row, lr);
        *end++ = '\n';
        buffer_.append(row, static_cast<qsizetype>(end - row));
    }

private:
    QByteArray buffer_;
};

}  // namespace

int runScheduleCommand(CommandContext& context) {
    QString family;
    QString output;
    QString name;
    QString fromLog;
    QString lossMetric;
    QStringList keyValues;
    const QStringList& args = context.args;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString& arg = args[i];
        if (arg == QLatin1String("--help") || arg == QLatin1String("-h")) {
            context.out << scheduleHelp();
            context.out.flush();
            return kExitOk;
        }
        if (arg == QLatin1String("-o") || arg == QLatin1String("--name") ||
            arg == QLatin1String("--from-log") || arg == QLatin1String("--loss")) {
            if (i + 1 >= args.size())
                return usageError(context, kScheduleCommand,
                                  arg + QStringLiteral(" needs a value"));
            (arg == QLatin1String("-o")       ? output
             : arg == QLatin1String("--name") ? name
             : arg == QLatin1String("--loss") ? lossMetric
                                              : fromLog) = args[++i];
            continue;
        }
        if (arg.startsWith(QLatin1Char('-')))
            return usageError(
                context, kScheduleCommand,
                QStringLiteral("unknown option %1 (annealer schedule --help)").arg(arg));
        if (family.isEmpty())
            family = arg;
        else
            keyValues << arg;
    }
    if (family.isEmpty())
        return usageError(context, kScheduleCommand,
                          QStringLiteral("missing FAMILY (annealer schedule --help)"));

    if ((!fromLog.isEmpty() || !lossMetric.isEmpty()) && family != QLatin1String("cpt"))
        return usageError(context, kScheduleCommand,
                          QStringLiteral("--from-log and --loss are for the cpt family only"));
    if (!lossMetric.isEmpty() && fromLog.isEmpty())
        return usageError(context, kScheduleCommand,
                          QStringLiteral("--loss names a column of the --from-log log"));
    Result<Schedule> schedule = family == QLatin1String("cpt")
                                    ? cptScheduleFromKeyValues(keyValues, fromLog, lossMetric)
                                    : scheduleFromKeyValues(family, keyValues);
    if (!schedule) return failure(context, kScheduleCommand, schedule.error());
    schedule->name = name;
    const QByteArray json =
        QJsonDocument(scheduleToJson(*schedule)).toJson(QJsonDocument::Indented);
    if (Status status = writeOutput(output, QString::fromUtf8(json), context.out); !status)
        return failure(context, kScheduleCommand, status.error());
    return kExitOk;
}

int runSampleCommand(CommandContext& context) {
    QString input;
    QString output;
    const QStringList& args = context.args;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString& arg = args[i];
        if (arg == QLatin1String("--help") || arg == QLatin1String("-h")) {
            context.out << "usage: annealer sample SCHEDULE.json [-o lr.csv]\n"
                           "Writes step,lr for every step of the schedule (CSV; to standard "
                           "output without -o).\n";
            context.out.flush();
            return kExitOk;
        }
        if (arg == QLatin1String("-o")) {
            if (i + 1 >= args.size())
                return usageError(context, kSampleCommand, QStringLiteral("-o needs a value"));
            output = args[++i];
            continue;
        }
        if (arg.startsWith(QLatin1Char('-')) && arg != QLatin1String("-"))
            return usageError(
                context, kSampleCommand,
                QStringLiteral("unknown option %1 (annealer sample --help)").arg(arg));
        if (!input.isEmpty())
            return usageError(
                context, kSampleCommand,
                QStringLiteral("one schedule file at a time, got %1 and %2").arg(input, arg));
        input = arg;
    }
    if (input.isEmpty())
        return usageError(context, kSampleCommand,
                          QStringLiteral("missing SCHEDULE.json (annealer sample SCHEDULE.json "
                                         "[-o lr.csv])"));

    const Result<Schedule> schedule = loadScheduleFile(input);
    if (!schedule) return failure(context, kSampleCommand, schedule.error());
    // Rows are computed in blocks of steps (Schedule::sampleRange) and go out in chunks, so
    // memory stays small and a 50M-step schedule (some 1.5 GB of text) streams at disk speed.
    const bool toStdout = output.isEmpty() || output == QLatin1String("-");
    OutputFile file(output);
    QIODevice* device = nullptr;
    if (toStdout) {
        context.out.flush();
        device = context.out.device();
    } else {
        if (!file.open())
            return failure(context, kSampleCommand,
                           output + QStringLiteral(": cannot write: ") + file.error());
        device = file.device();
    }
    const auto writeChunk = [&](const QByteArray& bytes) {
        if (device) return device->write(bytes) == bytes.size();
        context.out << QString::fromLatin1(bytes);  // a stream on a string: tests, mostly
        return true;
    };

    TerminalProgress progress(kSampleCommand.chopped(2));
    CsvChunks chunks;
    chunks.append("step,lr\n");
    bool written = true;
    const std::int64_t steps = schedule->totalSteps();
    constexpr std::int64_t kBlock = 1 << 16;
    std::vector<double> lr(static_cast<std::size_t>(std::min(kBlock, steps)));
    for (std::int64_t first = 0; first < steps && written; first += kBlock) {
        const std::int64_t count = std::min(kBlock, steps - first);
        schedule->sampleRange(first, lr.data(), count);
        for (std::int64_t i = 0; i < count && written; ++i) {
            const double value = lr[static_cast<std::size_t>(i)];
            if (!std::isfinite(value))  // validation rules this out; never write it anyway
                return failure(context, kSampleCommand,
                               QStringLiteral("the LR at step %1 is not finite (%2)")
                                   .arg(first + i)
                                   .arg(value));
            chunks.appendRow(first + i, value);
            if (chunks.full()) {
                written = writeChunk(chunks.bytes());
                chunks.clear();
            }
        }
        progress.update(static_cast<double>(first + count) / static_cast<double>(steps));
    }
    if (written) written = writeChunk(chunks.bytes());
    progress.finish();
    if (toStdout) {
        context.out.flush();
        if (!written) return failure(context, kSampleCommand, QStringLiteral("cannot write"));
        return kExitOk;
    }
    if (!written || !file.commit())
        return failure(context, kSampleCommand,
                       output + QStringLiteral(": cannot write: ") + file.error());
    return kExitOk;
}

}  // namespace annealer::cli
