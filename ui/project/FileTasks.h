#pragma once

#include "fit/FitResult.h"
#include "project/Project.h"
#include "run/LogContents.h"

#include <QMetaType>
#include <QObject>
#include <QStringList>
#include <QTimer>

#include <memory>
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
    bool cancelled = false;  // the user stopped the reading; nothing read is kept
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
    // Reads logs and our own files; progress is reported while it runs, and it can be
    // cancelled (then filesImported comes with `cancelled` set).
    void importFiles(const QStringList& paths);
    void cancelImports();

    bool isBusy() const { return running_ > 0; }

signals:
    void projectOpened(const annealer::OpenedProject& opened);
    void projectSaved(const QString& path, const QString& error);  // error empty: saved
    void filesImported(const annealer::ImportedFiles& files);
    void busyChanged(bool busy);
    void importingChanged(bool importing);
    // How far the running imports are, from 0 to 1, and the file being read.
    void importProgress(double fraction, const QString& file);

private:
    template <typename T, typename Work, typename Done>
    void start(Work work, Done done);
    void open(std::function<OpenedProject()> work);

    struct ImportState;
    void reportImportProgress();

    int running_ = 0;
    std::uint64_t openGeneration_ = 0;
    // The imports under way, shared with their worker threads; polled for progress by a timer
    // on this thread rather than signalled from the workers.
    std::vector<std::shared_ptr<ImportState>> imports_;
    QTimer* importTimer_;
};

}  // namespace annealer

Q_DECLARE_METATYPE(annealer::OpenedProject)
Q_DECLARE_METATYPE(annealer::ImportedFiles)
