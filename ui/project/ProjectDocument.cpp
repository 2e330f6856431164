#include "ProjectDocument.h"

#include "fit/FitStaleness.h"
#include "run/RunDataKey.h"

#include <algorithm>

namespace annealer {

ProjectDocument::ProjectDocument(QObject* parent) : QObject(parent) {
    connect(&undoStack_, &QUndoStack::cleanChanged, this,
            [this](bool clean) { emit modifiedChanged(!clean); });
}

void ProjectDocument::resetProject(Project project, const QString& filePath,
                                   const QString& displayName) {
    undoStack_.clear();
    runKeys_.clear();  // ids restart with every project
    project_ = std::move(project);
    filePath_ = filePath;
    displayName_ = displayName;
    undoStack_.setClean();
    emit projectReset();
    emit filePathChanged();
    emit modifiedChanged(false);
}

QString ProjectDocument::runDataKey(ItemId id) const {
    if (auto found = runKeys_.find(id); found != runKeys_.end()) return found->second;
    const ProjectRun* entry = project_.findRun(id);
    if (!entry) return {};
    return runKeys_.emplace(id, annealer::runDataKey(entry->run)).first->second;
}

QStringList ProjectDocument::fitStaleness(int index) const {
    if (index < 0 || index >= static_cast<int>(project_.fits.size())) return {};
    std::vector<RunIdentity> runs;
    runs.reserve(project_.runs.size());
    for (const ProjectRun& entry : project_.runs)
        runs.push_back({entry.run.name, runDataKey(entry.id)});
    return annealer::fitStaleness(project_.fits[static_cast<std::size_t>(index)], runs);
}

const ProjectRun* ProjectDocument::runOfFit(const FittedRun& used) const {
    for (const ProjectRun& entry : project_.runs)
        if (used.dataKey.isEmpty()
                ? entry.run.name == used.name &&
                      (used.warmupEnd < 0 || used.warmupEnd == entry.run.schedule.warmupSteps)
                : runDataKey(entry.id) == used.dataKey)
            return &entry;
    return nullptr;
}

void ProjectDocument::markSaved(const QString& path) {
    filePath_ = path;
    displayName_ = path.section(QLatin1Char('/'), -1);
    undoStack_.setClean();
    emit filePathChanged();
}

void ProjectDocument::applySchedule(ItemId id, const Schedule& schedule) {
    if (ProjectSchedule* entry = project_.findSchedule(id)) {
        entry->schedule = schedule;
        emit scheduleChanged(id);
    }
}

void ProjectDocument::applyScheduleAppearance(ItemId id, const QString& colour, bool visible) {
    if (ProjectSchedule* entry = project_.findSchedule(id)) {
        entry->colour = colour;
        entry->visible = visible;
        emit scheduleAppearanceChanged(id);
    }
}

void ProjectDocument::insertSchedule(int index, const ProjectSchedule& entry) {
    index = std::clamp(index, 0, static_cast<int>(project_.schedules.size()));
    project_.schedules.insert(project_.schedules.begin() + index, entry);
    emit scheduleInserted(entry.id);
}

void ProjectDocument::removeSchedule(ItemId id) {
    const int index = project_.scheduleIndex(id);
    if (index < 0) return;
    project_.schedules.erase(project_.schedules.begin() + index);
    emit scheduleRemoved(id);
    if (project_.baseline == id) {
        project_.baseline.reset();
        emit baselineChanged();
    }
}

void ProjectDocument::insertRuns(int index, const std::vector<ProjectRun>& runs) {
    index = std::clamp(index, 0, static_cast<int>(project_.runs.size()));
    project_.runs.insert(project_.runs.begin() + index, runs.begin(), runs.end());
    emit runsChanged();
}

void ProjectDocument::removeRuns(const std::vector<ItemId>& ids) {
    std::erase_if(project_.runs, [&](const ProjectRun& run) {
        return std::find(ids.begin(), ids.end(), run.id) != ids.end();
    });
    emit runsChanged();
}

void ProjectDocument::applyRunAppearance(ItemId id, const QString& colour, bool visible) {
    if (ProjectRun* run = project_.findRun(id)) {
        run->colour = colour;
        run->visible = visible;
        emit runsChanged();
    }
}

void ProjectDocument::applyRunName(ItemId id, const QString& name) {
    const ProjectRun* run = project_.findRun(id);
    if (!run || run->run.name == name) return;
    bool fitsFollow = false;
    for (FitResult& fit : project_.fits)
        for (std::vector<FittedRun>* used : {&fit.runs, &fit.heldOut})
            for (FittedRun& entry : *used)
                if (runOfFit(entry) == run) {
                    entry.name = name;
                    fitsFollow = true;
                }
    project_.findRun(id)->run.name = name;
    emit runsChanged();
    if (fitsFollow) emit fitsChanged();
}

void ProjectDocument::insertFit(int index, const FitResult& fit) {
    index = std::clamp(index, 0, static_cast<int>(project_.fits.size()));
    project_.fits.insert(project_.fits.begin() + index, fit);
    if (project_.law.fitIndex && *project_.law.fitIndex >= index) ++*project_.law.fitIndex;
    emit fitsChanged();
}

void ProjectDocument::removeFit(int index) {
    if (index < 0 || index >= static_cast<int>(project_.fits.size())) return;
    project_.fits.erase(project_.fits.begin() + index);
    // Parameters taken from the removed fit stay, as if typed in.
    std::optional<int>& selected = project_.law.fitIndex;
    const bool lawChanges = selected.has_value() && *selected >= index;
    if (selected && *selected == index)
        selected.reset();
    else if (selected && *selected > index)
        --*selected;
    emit fitsChanged();
    if (lawChanges) emit lawChanged();
}

void ProjectDocument::applyLaw(const LawSelection& law) {
    project_.law = law;
    emit lawChanged();
}

void ProjectDocument::applyBaseline(std::optional<ItemId> baseline) {
    project_.baseline = baseline;
    emit baselineChanged();
}

void ProjectDocument::applyView(const ViewSettings& view) {
    project_.view = view;
    emit viewChanged();
}

}  // namespace annealer
