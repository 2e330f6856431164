#include "run/readers/LightningCsvReader.h"

#include "run/readers/DelimitedTextReader.h"
#include "run/parsing/LogText.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

namespace annealer {
namespace {

// The version_<n> folder a CSVLogger file sits in, or an empty string.
QString versionFolder(const QString& path) {
    const QFileInfo info(path);
    if (info.fileName() != QLatin1String("metrics.csv")) return {};
    static const QRegularExpression version(QStringLiteral("^version_[0-9]+$"));
    const QString folder = info.absoluteDir().dirName();
    return version.match(folder).hasMatch() ? folder : QString();
}

}  // namespace

QString LightningCsvReader::formatName() const {
    return QStringLiteral("PyTorch Lightning metrics.csv");
}

int LightningCsvReader::confidence(const QString& path, const QByteArray& head) const {
    if (versionFolder(path).isEmpty()) return 0;
    // Above DelimitedTextReader for what it would read anyway.
    return DelimitedTextReader().confidence(path, head) >= 40 ? 75 : 0;
}

Result<LogContents> LightningCsvReader::read(const QString& path,
                                             const LogReadOptions& options) const {
    if (options.progress && !options.progress(0.0)) return cancelledError(path);
    auto log = DelimitedTextReader().read(path, options);
    if (!log) return Error{log.error()};
    const QString version = versionFolder(path);
    if (!version.isEmpty() && !log->runs.empty()) {
        QDir dir = QFileInfo(path).absoluteDir();
        const QString name = dir.cdUp() ? dir.dirName() : QString();
        log->runs.front().name = name.isEmpty() ? version : name + QLatin1Char('/') + version;
    }
    log->format = formatName();
    if (options.progress && !options.progress(1.0)) return cancelledError(path);
    return log;
}

}  // namespace annealer
