#pragma once

#include "fit/FitResult.h"
#include "run/Run.h"
#include "schedule/Schedule.h"

#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

namespace annealer {

// Identifies a schedule or run for as long as a project is open (views, undo commands and the
// prediction cache refer to items by id, since indices shift when items are added or removed).
// Ids are not stored in the file; loading assigns fresh ones.
using ItemId = std::int64_t;

// A schedule in a project, with how it is shown. The schedule's name is its display name.
struct ProjectSchedule {
    ItemId id = 0;
    Schedule schedule;
    QString colour;  // "#rrggbb"
    bool visible = true;
};

// An observed training run in a project: the Run as assembled from its log (Run::source names
// the file it came from), with how it is shown.
struct ProjectRun {
    ItemId id = 0;
    Run run;
    QString colour;  // "#rrggbb"
    bool visible = true;
};

// Which law predicts the curves, and with which parameters: those of one of the project's fits,
// or values the user typed in (fitIndex empty).
struct LawSelection {
    QString lawId;
    std::vector<double> parameters;
    std::optional<int> fitIndex;

    bool isSet() const { return !lawId.isEmpty() && !parameters.empty(); }
    bool operator==(const LawSelection&) const = default;
};

enum class XUnit { Steps, Tokens };

struct ViewSettings {
    bool logLr = false;
    XUnit xUnit = XUnit::Steps;
    double tokensPerStep = 524288.0;  // 128 sequences of 4096 tokens

    bool operator==(const ViewSettings&) const = default;
};

// Everything a project file holds: schedules, runs, fits, the baseline and the view.
struct Project {
    std::vector<ProjectSchedule> schedules;
    std::vector<ProjectRun> runs;
    std::vector<FitResult> fits;
    LawSelection law;
    std::optional<ItemId> baseline;  // a schedule's id
    ViewSettings view;

    // A fresh id for a schedule or run about to be added.
    ItemId takeId() { return nextId_++; }

    const ProjectSchedule* findSchedule(ItemId id) const;
    ProjectSchedule* findSchedule(ItemId id);
    int scheduleIndex(ItemId id) const;  // -1 if absent
    const ProjectRun* findRun(ItemId id) const;
    ProjectRun* findRun(ItemId id);
    int runIndex(ItemId id) const;  // -1 if absent

private:
    ItemId nextId_ = 1;
};

}  // namespace annealer
