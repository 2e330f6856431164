#pragma once

#include "project/Project.h"

#include <QObject>
#include <QString>
#include <QStringList>
#include <QUndoStack>

#include <unordered_map>

namespace annealer {

// The open project as the views see it: the Project, the file it belongs to, and the undo stack.
// Views read from it and observe its signals; every change goes through an undo command, and
// commands call the apply... functions below (nothing else should).
class ProjectDocument : public QObject {
    Q_OBJECT
public:
    explicit ProjectDocument(QObject* parent = nullptr);

    const Project& project() const { return project_; }
    QUndoStack* undoStack() { return &undoStack_; }

    // The file the project was loaded from or last saved to; empty for a new or demo project.
    QString filePath() const { return filePath_; }
    // A name for the title bar: the file's name, or the name the project was opened under.
    QString displayName() const { return displayName_; }
    bool isModified() const { return !undoStack_.isClean(); }

    // Replaces the whole project (open, new): clears the undo history.
    void resetProject(Project project, const QString& filePath, const QString& displayName);
    // After a successful save to `path`: the current state is the clean one.
    void markSaved(const QString& path);

    ItemId takeId() { return project_.takeId(); }

    // Why fit number `index` no longer describes the project's runs: a run it was fitted on or
    // held out is gone or holds other data (fit/FitStaleness.h). Empty while it is current. Data
    // changes come with runsChanged(), so views ask again then.
    QStringList fitStaleness(int index) const;
    bool isFitStale(int index) const { return !fitStaleness(index).isEmpty(); }
    // The project's run a fit used: the one with the data key it recorded or, for a fit without
    // keys, the one of its name whose warmup ends where the fit's did (a run of the same name
    // at another scale is another run); nullptr if there is none.
    const ProjectRun* runOfFit(const FittedRun& used) const;
    QString runDataKey(ItemId id) const;  // of the project's run `id` (cached)

    // For undo commands only.
    void applySchedule(ItemId id, const Schedule& schedule);
    void applyScheduleAppearance(ItemId id, const QString& colour, bool visible);
    void insertSchedule(int index, const ProjectSchedule& entry);
    void removeSchedule(ItemId id);
    void insertRuns(int index, const std::vector<ProjectRun>& runs);
    void removeRuns(const std::vector<ItemId>& ids);
    void applyRunAppearance(ItemId id, const QString& colour, bool visible);
    // Renames run `id`; every fit that used it (runOfFit) follows it to the new name, so that a
    // fit known by run names still knows its runs.
    void applyRunName(ItemId id, const QString& name);
    void insertFit(int index, const FitResult& fit);
    void removeFit(int index);
    void applyLaw(const LawSelection& law);
    void applyBaseline(std::optional<ItemId> baseline);
    void applyView(const ViewSettings& view);

signals:
    // The whole project was replaced: views rebuild from scratch.
    void projectReset();
    void scheduleChanged(annealer::ItemId id);            // its parameters or name
    void scheduleAppearanceChanged(annealer::ItemId id);  // colour or visibility
    void scheduleInserted(annealer::ItemId id);
    void scheduleRemoved(annealer::ItemId id);
    void runsChanged();
    void fitsChanged();
    void lawChanged();
    void baselineChanged();
    void viewChanged();
    void modifiedChanged(bool modified);
    void filePathChanged();

private:
    Project project_;
    QString filePath_;
    QString displayName_;
    QUndoStack undoStack_;
    // runDataKey() of each run, by id: a run's data never changes under its id (a changed run
    // is a new item), so a key holds until the project is replaced.
    mutable std::unordered_map<ItemId, QString> runKeys_;
};

}  // namespace annealer
