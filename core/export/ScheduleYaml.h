#pragma once

#include "Result.h"
#include "schedule/Schedule.h"

#include <QString>

namespace annealer {

// The native schedule file's keys (ScheduleJson) as YAML: block mappings, lists of numbers as
// flow sequences ([8000, 12000]), points as a block sequence of [step, lr] pairs, phases as a
// block sequence of mappings. Numbers are written in shortest round-trip form with a decimal
// point in every float ("3.0e-4"), so YAML 1.1 readers such as PyYAML read floats too, and the
// round trip is lossless.
QString scheduleToYaml(const Schedule& schedule);

// Reads that subset of YAML (plus comments, "---", quoted or plain scalars) into a validated
// schedule. `origin` prefixes error messages, which name the line.
Result<Schedule> scheduleFromYaml(const QString& text, const QString& origin);
Result<Schedule> loadScheduleYamlFile(const QString& path);

}  // namespace annealer
