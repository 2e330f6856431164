#pragma once

#include "schedule/Schedule.h"

#include <QString>
#include <QStringList>

#include <cstdint>
#include <memory>
#include <vector>

namespace annealer {

// A schedule as one target's config file, with the verdict on whether the target reproduces it.
//
// The preview is the LR of every step as the target computes it from the file: a separate
// implementation of the target's documented formula, its off-by-one conventions included, never
// Schedule::sample(). maxDeviation compares the two.
struct ExportResult {
    QString target;         // the exporter's id: "pytorch", "hf", ...
    QString fileExtension;  // without the dot: "py", "json", ...
    QString text;           // the file

    // Exact: the target runs the designed LR at every step, up to floating-point rounding
    // (maxDeviation <= kExactTolerance). Otherwise `reasons` says why, one sentence each, and the
    // text is the nearest the target can do.
    bool exact = false;
    QStringList reasons;
    // Caveats that leave the schedule exact (precision of the runtime, what else to set).
    QStringList notes;

    std::vector<double> preview;  // per step, from the text under the target's own formula
    // max over steps of |preview - designed| / max over steps of |designed|: relative to the
    // schedule's peak, because the targets' formulas lose relative accuracy where the LR nears
    // zero (1 + cos near pi) while being the same function.
    double maxDeviation = 0.0;
    std::int64_t worstStep = 0;  // where maxDeviation occurs

    // When not exact: the nearest exact alternative, described ("pytorch: LambdaLR over ...")
    // and ready to write (an exact ExportResult, perhaps of another target and file type).
    QString alternative;
    std::shared_ptr<const ExportResult> fallback;
};

// Deviations up to this are floating-point rounding of the same formula (a geometric factor
// raised to the step number, cos near pi); one step of offset in a 50M-step run is larger.
inline constexpr double kExactTolerance = 1e-9;

// One target. Stateless; exportSchedule() needs a valid schedule (Schedule::validate()).
class ScheduleExporter {
public:
    virtual ~ScheduleExporter() = default;
    virtual QString id() const = 0;
    virtual QString fileExtension() const = 0;
    virtual QString description() const = 0;  // one line, for help texts and menus
    virtual ExportResult exportSchedule(const Schedule& schedule) const = 0;
};

// Every target, in menu order: pytorch, hf, megatron, deepspeed, optax, torchtitan, csv, json,
// yaml.
const std::vector<const ScheduleExporter*>& allExporters();
// nullptr for an unknown id.
const ScheduleExporter* findExporter(const QString& id);
QStringList exporterIds();

struct Deviation {
    double relative = 0.0;  // relative to the largest |reference|
    std::int64_t step = 0;
};
// Compares a preview with the designed LR; a length mismatch is a deviation of 1 at the first
// missing step.
Deviation measureDeviation(const std::vector<double>& preview,
                           const std::vector<double>& reference);

}  // namespace annealer
