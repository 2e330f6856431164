#pragma once

#include "fit/FitResult.h"
#include "project/Project.h"
#include "run/LogContents.h"

#include <QMetaType>
#include <QObject>
#include <QStringList>

#include <optional>
#include <vector>

namespace annealer {

struct OpenedProject {
    std::optional<Project> project;
    QString path;         // empty for the demo
    QString displayName;  // for the title bar
    QString error;        // names the file and field
};

// What dropped or imported files held: logs as read (the import dialog then chooses their
// metrics and makes runs of them), our own JSON files recognised by their "format" (a project
// is opened, a schedule or fit added).
struct ImportedFiles {
    std::vector<LogContents> logs;
    std::vector<Schedule> schedules;
    std::vector<FitResult> fits;
    std::optional<OpenedProject> project;
    QStringList errors;
};

// Reads and writes files off the GUI thread (QtConcurrent), reporting back on it. Opening is
// "newest wins": a project opened while another is still loading replaces it.
class FileTasks : public QObject {
    Q_OBJECT
public:
    explicit FileTasks(QObject* parent = nullptr);

    void openProject(const QString& path);
    void openDemo();
    void saveProject(const Project& project, const QString& path);
    void importFiles(const QStringList& paths);

    bool isBusy() const { return running_ > 0; }

signals:
    void projectOpened(const annealer::OpenedProject& opened);
    void projectSaved(const QString& path, const QString& error);  // error empty: saved
    void filesImported(const annealer::ImportedFiles& files);
    void busyChanged(bool busy);

private:
    template <typename T, typename Work, typename Done>
    void start(Work work, Done done);
    void open(std::function<OpenedProject()> work);

    int running_ = 0;
    std::uint64_t openGeneration_ = 0;
};

}  // namespace annealer

Q_DECLARE_METATYPE(annealer::OpenedProject)
Q_DECLARE_METATYPE(annealer::ImportedFiles)
