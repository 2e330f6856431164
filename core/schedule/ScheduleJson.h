#pragma once

#include "Result.h"
#include "schedule/Schedule.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace annealer {

// The native, versioned schedule file:
//   {"format": "annealer.schedule", "version": 1, "name": ..., "family": "wsd", "steps": ..., ...}
// Keys are those of parameterKeys(family). A file of a newer version is refused, not guessed at.
// Version 2 added the rex, power and onecycle families and the rex decay shape; a file is
// written as version 1 unless it uses them (needsScheduleVersion2).
inline constexpr int kScheduleFormatVersion = 2;

QJsonObject scheduleToJson(const Schedule& schedule);
// `origin` prefixes error messages (a file name); the schedule is validated.
Result<Schedule> scheduleFromJson(const QJsonObject& json, const QString& origin);

Status saveScheduleFile(const Schedule& schedule, const QString& path);  // atomic write
Result<Schedule> loadScheduleFile(const QString& path);

// `annealer schedule FAMILY key=value...`: the same keys as JSON; lists are comma-separated
// (milestones=8000,12000; points=0:0,2000:3e-4,24000:3e-5). The schedule is validated.
Result<Schedule> scheduleFromKeyValues(const QString& family, const QStringList& keyValues);

}  // namespace annealer
