#include "cli/CommandLine.h"
#include "cli/OutputFile.h"
#include "project/CptProject.h"

#include <QCoreApplication>
#include <QFileInfo>
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
    {"fit",
     "fit --law momentum|multipower|multipower-published|cpt [--from STEP] [--to STEP] "
     "-o FIT.json LOG...",
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
    stream << "\ndesktop app:\n"
              "  annealer [PROJECT.annealer | PROJECT.annealer-cpt]\n"
              "  annealer --demo cpt                  (the continual pre-training designer)\n"
              "  annealer --screenshot FILE.png [--screenshot-of window|fit|export] [PROJECT]\n";
}

bool isHelpOption(const QString& argument) {
    return argument == QLatin1String("help") || argument == QLatin1String("--help") ||
           argument == QLatin1String("-h");
}

// A first argument the desktop app would take as a project to open, though it is neither a file
// nor named as a project: a mistyped command, answered here (the desktop app needs a display).
bool isUnknownCommand(const QString& argument) {
    return !argument.isEmpty() && !argument.startsWith(QLatin1Char('-')) &&
           !argument.endsWith(QLatin1String(".annealer")) &&
           !argument.endsWith(QLatin1Char('.') + QLatin1String(kCptProjectSuffix)) &&
           !QFileInfo::exists(argument);
}

QString commandNames() {
    QStringList names;
    for (const Command& command : kCommands) names << QString::fromLatin1(command.name);
    return names.join(QStringLiteral(", "));
}

}  // namespace

bool isCommand(int argc, char* argv[]) {
    if (argc < 2) return false;
    const QString first = QString::fromLocal8Bit(argv[1]);
    if (isHelpOption(first) || first == QLatin1String("--version")) return true;
    for (const Command& command : kCommands)
        if (first == QLatin1String(command.name)) return true;
    return isUnknownCommand(first);
}

int run(int argc, char* argv[]) {
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    QTextStream err(stderr);
    QStringList args = QCoreApplication::arguments().mid(1);
    const QString name = args.takeFirst();
    if (isHelpOption(name)) {
        printUsage(out);
        return kExitOk;
    }
    if (name == QLatin1String("--version")) {
        out << "annealer " << ANNEALER_VERSION << "\n";
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
    err << "annealer: '" << name << "' is not a command (" << commandNames()
        << ") nor a project file; annealer --help lists them\n";
    return kExitUsage;
}

Status checkOutputPath(const QString& path) {
    if (path.isEmpty() || path == QLatin1String("-")) return {};
    const QFileInfo target(path);
    const QFileInfo folder(target.absolutePath());
    if (!folder.isDir())
        return Error{path + QStringLiteral(": cannot write: no folder ") + target.absolutePath()};
    if (!folder.isWritable() || (target.exists() && !target.isWritable()))
        return Error{path + QStringLiteral(": cannot write: permission denied")};
    return {};
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
