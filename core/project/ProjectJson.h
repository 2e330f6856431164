#pragma once

#include "Result.h"
#include "project/Project.h"

#include <QJsonObject>
#include <QString>

namespace annealer {

// The project file, self-contained:
//   {"format": "annealer.project", "version": 1,
//    "schedules": [{"colour": "#1f77b4", "visible": true, "schedule": {schedule file}}...],
//    "runs": [{"colour", "visible", "name", "source", "loss_metric", "lr_metric", "lr_rebuild",
//              "loss": {"steps": [...], "values": [...]},
//              "lr": {"warmup_steps": W, "knots": {"steps": [...], "values": [...]}}}...],
//    "fits": [{fit file}...],
//    "law": {"id": "multipower", "parameters": {"L0": ..., ...}, "fit": 0 or null},
//    "baseline": index into schedules or null,
//    "view": {"log_lr": false, "x_unit": "steps"|"tokens", "tokens_per_step": 524288}}
// A run's per-step LR is stored as LrKnots, which rebuild it bit for bit. Errors name the file
// and the field (e.g. "demo.json: runs[2].loss.values[7]: expected a number"); a file of a newer
// version is refused.
inline constexpr int kProjectFormatVersion = 1;

QJsonObject projectToJson(const Project& project);
Result<Project> projectFromJson(const QJsonObject& json, const QString& origin);

Status saveProjectFile(const Project& project, const QString& path);  // atomic write
Result<Project> loadProjectFile(const QString& path);

}  // namespace annealer
