#pragma once

#include <QObject>
#include <QStringList>

namespace annealer {

// The projects opened or saved last, newest first, kept in the application settings.
class RecentFiles : public QObject {
    Q_OBJECT
public:
    static constexpr int kMaximum = 8;

    // `settingsKey` lets tests keep their own list.
    explicit RecentFiles(const QString& settingsKey = QStringLiteral("recentProjects"),
                         QObject* parent = nullptr);

    QStringList files() const { return files_; }
    void add(const QString& path);
    void remove(const QString& path);
    void clear();

signals:
    void changed();

private:
    void store();

    QString key_;
    QStringList files_;
};

}  // namespace annealer
