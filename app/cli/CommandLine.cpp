#include "cli/CommandLine.h"
#include "cli/OutputFile.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>
#include <exception>
#include <new>

namespace annealer::cli {

namespace {

struct Command {
    const char* name;
    const char* synopsis;
    int (*function)(CommandContext&);
};

const Command kCommands[] = {
    {"export", "export SCHEDULE.json --to TARGET [-o FILE] [--fallback]", runExportCommand},
    {"fit", "fit --law momentum|multipower [--from STEP] [--to STEP] -o FIT.json LOG...",
     runFitCommand},
    {"predict", "predict --fit FIT.json [--every N] -o OUT.csv LOG_OR_SCHEDULE", runPredictCommand},
    {"import", "import FILE...   |   import FILE [--run R] [--loss TAG] [--lr TAG] -o run.csv",
     runImportCommand},
    {"optimize",
     "optimize --fit FIT.json --steps N --peak LR [--warmup W] [--family free|wsd|cosine|linear] "
     "-o best.json",
     runOptimizeCommand},
    {"sample", "sample SCHEDULE.json [-o lr.csv]", runSampleCommand},
    {"schedule", "schedule FAMILY key=value... [-o SCHEDULE.json]   (schedule --help)",
     runScheduleCommand},
};

void printUsage(QTextStream& stream) {
    stream << "usage: annealer COMMAND [ARGS...]    (no command: the desktop app)\n\ncommands:\n";
    for (const Command& command : kCommands) stream << "  annealer " << command.synopsis << "\n";
}

}  // namespace

bool isCommand(int argc, char* argv[]) {
    if (argc < 2) return false;
    const QString first = QString::fromLocal8Bit(argv[1]);
    if (first == QLatin1String("help")) return true;
    for (const Command& command : kCommands)
        if (first == QLatin1String(command.name)) return true;
    return false;
}

int run(int argc, char* argv[]) {
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    QTextStream err(stderr);
    QStringList args = QCoreApplication::arguments().mid(1);
    const QString name = args.takeFirst();
    if (name == QLatin1String("help")) {
        printUsage(out);
        return kExitOk;
    }
    for (const Command& command : kCommands) {
        if (name == QLatin1String(command.name)) {
            CommandContext context{args, out, err};
            installInterruptCleanup();
            // A failure no command foresaw (out of memory above all: a schedule or log at the
            // limits) ends the command with one line, not an abort.
            try {
                return command.function(context);
            } catch (const std::bad_alloc&) {
                err << "annealer " << name << ": out of memory\n";
            } catch (const std::exception& exception) {
                err << "annealer " << name << ": " << exception.what() << "\n";
            }
            err.flush();
            return kExitFailed;
        }
    }
    printUsage(err);
    return kExitUsage;
}

Status writeOutput(const QString& path, const QString& text, QTextStream& out) {
    if (path.isEmpty() || path == QLatin1String("-")) {
        out << text;
        out.flush();
        return {};
    }
    OutputFile file(path);
    if (!file.open()) return Error{path + QStringLiteral(": cannot write: ") + file.error()};
    const QByteArray bytes = text.toUtf8();
    if (file.device()->write(bytes) != bytes.size() || !file.commit())
        return Error{path + QStringLiteral(": cannot write: ") + file.error()};
    return {};
}

}  // namespace annealer::cli
