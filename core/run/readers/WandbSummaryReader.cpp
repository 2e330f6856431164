#include "run/readers/WandbSummaryReader.h"

#include "run/parsing/LogText.h"

#include <QDir>
#include <QFileInfo>

namespace annealer {
namespace {

const QLatin1String kSummaryName("wandb-summary.json");

// The run file of the run a summary belongs to: wandb/run-<date>-<id>/run-<id>.wandb, the
// summary being in wandb/run-<date>-<id>/files/.
QString runFileBeside(const QString& summary) {
    QDir dir = QFileInfo(summary).absoluteDir();
    for (int up = 0; up < 2; ++up) {
        const QStringList files =
            dir.entryList(QStringList{QStringLiteral("*.wandb")}, QDir::Files, QDir::Name);
        if (!files.isEmpty()) return dir.filePath(files.front());
        if (!dir.cdUp()) break;
    }
    return {};
}

}  // namespace

QString WandbSummaryReader::formatName() const {
    return QStringLiteral("W&B run summary (wandb-summary.json)");
}

int WandbSummaryReader::confidence(const QString& path, const QByteArray& head) const {
    const bool named = QFileInfo(path).fileName() == kSummaryName;
    const QByteArray start = head.left(4096).trimmed();
    if (!start.startsWith('{')) return named ? 50 : 0;
    if (named) return 95;
    // Under another name: W&B's summary keys in a one-line object (above JSON Lines, which
    // would read it as a history of one row).
    const bool wandbKeys = start.contains("\"_wandb\"") ||
                           (start.contains("\"_runtime\"") && start.contains("\"_timestamp\""));
    return wandbKeys && !start.contains('\n') ? 90 : 0;
}

Result<LogContents> WandbSummaryReader::read(const QString& path,
                                             const LogReadOptions& options) const {
    Q_UNUSED(options);
    const QString runFile = runFileBeside(path);
    const QString where =
        runFile.isEmpty()
            ? QStringLiteral("use the run's .wandb file (wandb/run-<date>-<id>/run-<id>.wandb) "
                             "or a history export")
            : QStringLiteral("use the run's .wandb file (%1) or a history export").arg(runFile);
    return Error{path + QStringLiteral(": a W&B run summary: holds final values only, not a "
                                       "history: ") +
                 where};
}

}  // namespace annealer
