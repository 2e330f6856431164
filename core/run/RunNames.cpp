#include "run/RunNames.h"

#include <QDir>
#include <QFileInfo>

namespace annealer {

namespace {

// The folder names above a source, nearest first, leaving out any that only repeats the run's
// name (a run folder named after its run).
QStringList tellingFolders(const QString& name, const QString& source) {
    QStringList folders;
    if (source.isEmpty()) return folders;
    QDir dir = QFileInfo(source).isDir() ? QDir(source) : QFileInfo(source).absoluteDir();
    for (int level = 0; level < 3; ++level) {
        const QString folder = dir.dirName();
        if (folder.isEmpty() || folder == QLatin1String("/") || folder == QLatin1String(".")) break;
        if (folder != name) folders << folder;
        if (!dir.cdUp()) break;
    }
    return folders;
}

}  // namespace

QString uniqueRunName(const QString& name, const QString& source, const QStringList& taken) {
    if (!taken.contains(name)) return name;
    const QStringList folders = tellingFolders(name, source);
    for (const QString& folder : folders) {
        const QString named = QStringLiteral("%1 (%2)").arg(name, folder);
        if (!taken.contains(named)) return named;
    }
    // The nearest folder tells most; numbered after it.
    const QString base =
        folders.isEmpty() ? name : QStringLiteral("%1 (%2)").arg(name, folders.front());
    for (int n = 2;; ++n) {
        const QString numbered = QStringLiteral("%1 %2").arg(base).arg(n);
        if (!taken.contains(numbered)) return numbered;
    }
}

}  // namespace annealer
