#include "RecentFiles.h"

#include <QFileInfo>
#include <QSettings>

namespace annealer {

RecentFiles::RecentFiles(const QString& settingsKey, QObject* parent)
    : QObject(parent), key_(settingsKey) {
    files_ = QSettings().value(key_).toStringList();
    while (files_.size() > kMaximum) files_.removeLast();
}

void RecentFiles::add(const QString& path) {
    const QString absolute = QFileInfo(path).absoluteFilePath();
    files_.removeAll(absolute);
    files_.prepend(absolute);
    while (files_.size() > kMaximum) files_.removeLast();
    store();
}

void RecentFiles::remove(const QString& path) {
    if (files_.removeAll(QFileInfo(path).absoluteFilePath()) > 0) store();
}

void RecentFiles::clear() {
    files_.clear();
    store();
}

void RecentFiles::store() {
    QSettings().setValue(key_, files_);
    emit changed();
}

}  // namespace annealer
