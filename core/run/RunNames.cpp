#include "run/RunNames.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>

namespace annealer {

namespace {

// The folder names above a source, nearest first, leaving out any that only repeats the run's
// name (a run folder named after its run).
QStringList tellingFolders(const QString& name, const QString& source) {
    QStringList folders;
    // Only a path names folders (not "built-in demo: ...", nor the working folder).
    if (source.isEmpty() || !(QDir::isAbsolutePath(source) || QFileInfo::exists(source)))
        return folders;
    QDir dir = QFileInfo(source).isDir() ? QDir(source) : QFileInfo(source).absoluteDir();
    for (int level = 0; level < 3; ++level) {
        const QString folder = dir.dirName();
        if (folder.isEmpty() || folder == QLatin1String("/") || folder == QLatin1String(".")) break;
        if (folder != name) folders << folder;
        if (!dir.cdUp()) break;
    }
    return folders;
}

QString withFolder(const QString& name, const QString& folder) {
    return QStringLiteral("%1 (%2)").arg(name, folder);
}

}  // namespace

bool nameCollides(const QString& name, const QStringList& taken) {
    const QString told = name + QStringLiteral(" (");
    return std::any_of(taken.begin(), taken.end(), [&](const QString& other) {
        return other == name || other.startsWith(told);
    });
}

QString tellingRunName(const QString& name, const QString& source, const QStringList& taken) {
    for (const QString& folder : tellingFolders(name, source))
        if (!taken.contains(withFolder(name, folder))) return withFolder(name, folder);
    return {};
}

QString uniqueRunName(const QString& name, const QString& source, const QStringList& taken) {
    if (!nameCollides(name, taken)) return name;
    if (QString told = tellingRunName(name, source, taken); !told.isEmpty()) return told;
    const QStringList folders = tellingFolders(name, source);
    // The nearest folder tells most; numbered after it.
    const QString base =
        folders.isEmpty() ? name : withFolder(name, folders.front());
    for (int n = 2;; ++n) {
        const QString numbered = QStringLiteral("%1 %2").arg(base).arg(n);
        if (!taken.contains(numbered)) return numbered;
    }
}

JoiningNames namesForJoining(const std::vector<NamedRun>& present,
                             const std::vector<NamedRun>& joining) {
    JoiningNames named;
    QStringList taken;
    for (const NamedRun& run : present) taken << run.name;
    const auto size = [](const auto& list) { return static_cast<qsizetype>(list.size()); };
    for (const NamedRun& run : joining) {
        const QString name = uniqueRunName(run.name, run.source, taken);
        taken << name;
        named.joining << name;
        if (name == run.name) continue;
        // The run that had the name first (already there, or joining earlier) is told apart too.
        const qsizetype first = taken.indexOf(run.name);
        if (first < 0) continue;
        QStringList others = taken;
        others.removeAt(first);
        const NamedRun& holder = first < size(present)
                                     ? present[static_cast<std::size_t>(first)]
                                     : joining[static_cast<std::size_t>(first - size(present))];
        const QString told = tellingRunName(run.name, holder.source, others);
        if (told.isEmpty()) continue;
        taken[first] = told;
        if (first < size(present))
            named.renamed.emplace_back(static_cast<std::size_t>(first), told);
        else
            named.joining[first - size(present)] = told;
    }
    return named;
}

}  // namespace annealer
