#pragma once

// What the exporters share: parameter lookups every target needs, number and comment text, and
// the verdict. Internal to core/export.
#include "export/ScheduleExporter.h"

#include <QString>
#include <QStringList>

#include <cstdint>
#include <functional>
#include <numbers>
#include <vector>

namespace annealer::exporting {

inline constexpr double kPi = std::numbers::pi;

// Step counts in the targets' formulas. Inline: it runs in every per-step preview.
inline double asDouble(std::int64_t value) {
    return static_cast<double>(value);
}

// A number as it must read back: the shortest round-trip digits, with ".0" added to whole numbers
// so that Python, TOML and YAML read a float ("1.0", "0.0003", "3e-5").
QString floatLiteral(double value);

// An integer as Python and TOML read it.
QString integerLiteral(std::int64_t value);

// Text for a one-line comment: line breaks become spaces.
QString commentText(const QString& text);
// `"name": family, T steps` (or `family, T steps` without a name), for file headers.
QString scheduleSummary(const Schedule& schedule);

// The inverse-square-root timescale: timescale, or max(warmup, 1).
std::int64_t inverseSqrtTimescale(const Schedule& schedule);
// The WSD decay shape, with a polynomial of power 1 read as the linear shape it equals. The
// switches over it stay in each target, alike as they look: each names the shapes its own way
// and lacks others.
DecayShape wsdShape(const Schedule& schedule);
// Linear, or polynomial with power 1: F + (P - F)(1 - tau) either way.
bool isLinearDecay(const Schedule& schedule);
// A value the target holds as a ratio of the peak: the ratio the user gave, else floor / peak.
double floorRatioOf(const Schedule& schedule);

// The LR the multiplier-based targets scale: the peak; for a free-form curve its largest
// point; for a chain the largest of its phases'. 1 when all of that is 0.
double baseLr(const Schedule& schedule);
// The non-chain schedules a chain runs, nested chains flattened, in order.
std::vector<const Schedule*> chainLeaves(const Schedule& schedule);

// Equal up to rounding, relative to `scale`.
bool sameValue(double a, double b, double scale);

// The shape a target without the family falls back to when it approximates: warmup then a
// straight line from the peak to the schedule's last LR. Each target maps it onto its own
// fields, alike as those mappings look, because the conventions differ: torchtitan's decay is
// one step shorter (steps - warmup - 1), Megatron-LM's end LR is absolute, torchtitan's a ratio.
struct Outline {
    std::int64_t steps = 0;
    std::int64_t warmup = 0;
    double warmupInit = 0.0;
    double peak = 0.0;
    double endLr = 0.0;
};
Outline outlineOf(const Schedule& schedule);

// Fills the verdict: maxDeviation of the preview from the designed LR, exact when there is no
// structural reason and the deviation is rounding only.
void judge(ExportResult& result, const std::vector<double>& designed);

// "# Exact: ..." or "# NOT exact: ..." comment lines (prefix "# " or "// ").
QStringList verdictComment(const ExportResult& result, const QString& prefix);
// The opening comment of a "#"-commented file: "# Annealer schedule <summary>, <how>." and the
// verdict. `how` names the target: "as Megatron-LM arguments", "for PyTorch (...)".
QStringList headerComment(const Schedule& schedule, const ExportResult& result, const QString& how);
// Lines as the text of a file: each ends in a newline.
QString textOfLines(const QStringList& lines);

// The preview of a target whose optimizer step s runs at lrAt(s), for s in [0, steps). The
// target's own off-by-one convention belongs in lrAt.
std::vector<double> perStepPreview(std::int64_t steps,
                                   const std::function<double(std::int64_t)>& lrAt);

// For a result that is not exact (nothing otherwise): the exported PyTorch scheduler as the
// alternative, described by `alternative`, with `usage` saying how the host framework takes it.
void offerPytorchFallback(ExportResult& result, const Schedule& schedule,
                          const QString& alternative, const QString& usage);
// For a result that is not exact (nothing otherwise): the per-step CSV table as the alternative.
void offerTableFallback(ExportResult& result, const Schedule& schedule, const QString& alternative);

}  // namespace annealer::exporting
