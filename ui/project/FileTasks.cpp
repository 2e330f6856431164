#include "FileTasks.h"

#include "DemoProject.h"
#include "JsonFile.h"
#include "fit/FitJson.h"
#include "project/ProjectJson.h"
#include "run/LogImport.h"
#include "schedule/ScheduleJson.h"

#include <QFileInfo>
#include <QFutureWatcher>
#include <QtConcurrent>

#include <algorithm>
#include <atomic>

namespace annealer {

namespace {

OpenedProject openedFrom(Result<Project> loaded, const QString& path, const QString& name) {
    OpenedProject opened;
    opened.path = path;
    opened.displayName = name;
    if (loaded)
        opened.project = std::move(loaded).value();
    else
        opened.error = loaded.error();
    return opened;
}

// A file of ours says what it is in its first bytes ("format": "annealer.…").
bool looksLikeOurJson(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return false;
    const QByteArray head = file.read(4096);
    return head.trimmed().startsWith('{') && head.contains("\"annealer.");
}

// One path, or event files of one folder chosen together (groupLogPaths: read as one run, as
// the command line reads their folder).
void importOne(const QStringList& group, const LogReadOptions& options, ImportedFiles& result) {
    const QString& path = group.front();
    if (group.size() == 1 && looksLikeOurJson(path)) {
        auto json = readJsonObjectFile(path);
        if (!json) {
            result.errors << json.error();
            return;
        }
        const QString format = json->value(QStringLiteral("format")).toString();
        if (format == QLatin1String("annealer.project")) {
            result.project =
                openedFrom(projectFromJson(*json, path), path, QFileInfo(path).fileName());
        } else if (format == QLatin1String("annealer.schedule")) {
            auto schedule = scheduleFromJson(*json, path);
            if (schedule)
                result.schedules.push_back(*schedule);
            else
                result.errors << schedule.error();
        } else if (format == QLatin1String("annealer.fit")) {
            auto fit = fitFromJson(*json, path);
            if (fit)
                result.fits.push_back(*fit);
            else
                result.errors << fit.error();
        } else {
            result.errors
                << QObject::tr("%1: format \"%2\" is not one this program opens").arg(path, format);
        }
        return;
    }
    auto log = readLogGroup(group, options);
    if (!log) {
        result.errors << log.error();
        return;
    }
    if (log->runs.empty()) {
        result.errors << QObject::tr("%1: holds no runs").arg(log->source);
        return;
    }
    result.logs.push_back(std::move(log).value());
}

}  // namespace

struct FileTasks::ImportState {
    std::atomic<bool> cancelled{false};
    std::atomic<int> filesDone{0};
    std::atomic<double> fileFraction{0.0};
    int fileCount = 0;
    QStringList names;  // of the files, for the progress text
};

FileTasks::FileTasks(QObject* parent) : QObject(parent), importTimer_(new QTimer(this)) {
    qRegisterMetaType<annealer::OpenedProject>();
    qRegisterMetaType<annealer::ImportedFiles>();
    importTimer_->setInterval(100);
    connect(importTimer_, &QTimer::timeout, this, &FileTasks::reportImportProgress);
}

void FileTasks::reportImportProgress() {
    if (imports_.empty()) return;
    // The import started last is the one shown.
    const ImportState& state = *imports_.back();
    const int done = std::min(state.filesDone.load(), state.fileCount - 1);
    const double fraction =
        (done + std::clamp(state.fileFraction.load(), 0.0, 1.0)) / state.fileCount;
    emit importProgress(fraction, state.names.value(done));
}

void FileTasks::cancelImports() {
    for (const auto& state : imports_) state->cancelled = true;
}

template <typename T, typename Work, typename Done>
void FileTasks::start(Work work, Done done) {
    auto* watcher = new QFutureWatcher<T>(this);
    if (running_++ == 0) emit busyChanged(true);
    connect(watcher, &QFutureWatcher<T>::finished, this, [this, watcher, done] {
        T result = watcher->result();
        watcher->deleteLater();
        done(std::move(result));
        if (--running_ == 0) emit busyChanged(false);
    });
    watcher->setFuture(QtConcurrent::run(std::move(work)));
}

void FileTasks::open(std::function<OpenedProject()> work) {
    const std::uint64_t generation = ++openGeneration_;
    start<OpenedProject>(std::move(work), [this, generation](OpenedProject opened) {
        if (generation == openGeneration_) emit projectOpened(opened);
    });
}

void FileTasks::openProject(const QString& path) {
    open([path] { return openedFrom(loadProjectFile(path), path, QFileInfo(path).fileName()); });
}

void FileTasks::openDemo() {
    open([] { return openedFrom(buildDemoProject(), QString(), tr("Demo")); });
}

void FileTasks::saveProject(const Project& project, const QString& path) {
    start<QString>(
        [project, path] {
            const Status status = saveProjectFile(project, path);
            return status ? QString() : status.error();
        },
        [this, path](QString error) { emit projectSaved(path, error); });
}

void FileTasks::importFiles(const QStringList& paths) {
    auto state = std::make_shared<ImportState>();
    const std::vector<QStringList> groups = groupLogPaths(paths);
    state->fileCount = static_cast<int>(groups.size());
    for (const QStringList& group : groups) state->names << QFileInfo(group.front()).fileName();
    imports_.push_back(state);
    if (imports_.size() == 1) {
        importTimer_->start();
        emit importingChanged(true);
    }
    reportImportProgress();
    start<ImportedFiles>(
        [groups, state] {
            ImportedFiles result;
            LogReadOptions options;
            options.progress = [&state](double fraction) {
                state->fileFraction = fraction;
                return !state->cancelled.load();
            };
            for (const QStringList& group : groups) {
                state->fileFraction = 0.0;
                importOne(group, options, result);
                ++state->filesDone;
                // What was read is dropped with the rest: a cancelled import adds nothing.
                if (state->cancelled) {
                    result = ImportedFiles{};
                    result.cancelled = true;
                    break;
                }
            }
            return result;
        },
        [this, state](ImportedFiles files) {
            std::erase(imports_, state);
            if (imports_.empty()) {
                importTimer_->stop();
                emit importingChanged(false);
            }
            emit filesImported(files);
        });
}

}  // namespace annealer
