#pragma once

#include "Result.h"
#include "fit/FitResult.h"
#include "optimize/CptPlanner.h"
#include "schedule/CptSchedule.h"
#include "schedule/Schedule.h"

#include <QJsonObject>
#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

namespace annealer {

// A run observed on both validation sets (a CPT log's val_pt and val_cpt), shown beside the
// schedule it was trained with.
struct CptObservedRun {
    QString source;
    std::vector<std::int64_t> steps;
    std::vector<double> lossPt;
    std::vector<double> lossCpt;
};

// One CPT schedule of a CPT project: the phase after the transfer step, with how it is shown.
struct CptDesignedSchedule {
    QString name;
    QString colour;  // "#rrggbb"
    bool visible = true;
    CptPhase phase;
    std::optional<CptObservedRun> observed;
};

// A continual pre-training design: the pre-training schedule (designed, or a log's LR as a
// free-form schedule), the checkpoint CPT starts from (the transfer step: the last PT step),
// the CPT schedules, the two CPT fits (loss on the pre-training data, law cpt-pt; on the new
// data, cpt-cpt), the balance weight w of w * L_pt + (1 - w) * L_cpt and the baseline.
struct CptProject {
    Schedule pretraining;
    std::int64_t transferStep = 0;
    std::vector<CptDesignedSchedule> schedules;
    std::optional<int> baseline;  // index into schedules
    double weight = 0.5;
    std::optional<FitResult> ptFit;
    std::optional<FitResult> cptFit;

    // The pre-training schedule up to the checkpoint (pretrainingUntil).
    Result<Schedule> pretrainingToCheckpoint() const;
    // The whole run of schedule i: the pre-training to the checkpoint, then its CPT phase.
    Result<Schedule> chain(std::size_t index) const;
    // The two fits as laws (an error naming the one missing or of a wrong law).
    Result<CptLaws> laws() const;
};

// The CPT project file:
//   {"format": "annealer.cpt-project", "version": 1,
//    "pretraining": {schedule file}, "transfer_step": T, "weight": 0.5, "baseline": 0 or null,
//    "schedules": [{"name", "colour", "visible", "rewarm", "peak", "shape", "steps", "floor",
//                   "decay", "observed": {"source", "steps": [...], "val_pt": [...],
//                   "val_cpt": [...]} (optional)}...],
//    "fits": {"pt": {fit file} or null, "cpt": {fit file} or null}}
// Errors name the file and the field; a newer version is refused.
inline constexpr int kCptProjectFormatVersion = 1;
inline constexpr const char* kCptProjectSuffix = "annealer-cpt";

QJsonObject cptProjectToJson(const CptProject& project);
Result<CptProject> cptProjectFromJson(const QJsonObject& json, const QString& origin);
Status saveCptProjectFile(const CptProject& project, const QString& path);  // atomic write
Result<CptProject> loadCptProjectFile(const QString& path);

}  // namespace annealer
