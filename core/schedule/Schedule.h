#pragma once

#include "Result.h"
#include "schedule/SampledSchedule.h"

#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>
#include <vector>

namespace annealer {

// Families a user picks from. Each family is a warmup followed by a decay rule; Chain
// concatenates whole schedules (each with its own warmup, i.e. a re-warm).
enum class ScheduleFamily {
    Constant,
    Linear,
    Cosine,
    Wsd,
    Step,
    MultiStep,
    Exponential,
    InverseSqrt,
    Polynomial,
    Cyclic,
    FreeForm,
    Chain,
    Rex,             // reflected exponential (Chen et al. 2021)
    PowerScheduler,  // min(peak, a * tokens^b), then a decay (Shen et al. 2024)
    OneCycle,        // PyTorch's OneCycleLR (Smith & Topin 2019)
};

enum class WarmupShape { None, Linear, Cosine, Exponential };
enum class DecayShape { Linear, Cosine, OneMinusSqrt, Exponential, Polynomial, Rex };
enum class AnnealStrategy { Cosine, Linear };
enum class Interpolation { Linear, MonotoneCubic };

struct ControlPoint {
    std::int64_t step = 0;
    double lr = 0.0;
};

// The largest schedule the program samples (10 million steps is the design target).
inline constexpr std::int64_t kMaxScheduleSteps = 50'000'000;

// The largest learning rate a schedule, project or run may hold (values at or above are refused
// where they enter): far above any trainer's LR, and low enough that sums over 50M steps, their
// squares and chart axes with headroom all stay finite.
inline constexpr double kMaxLearningRate = 1e3;

// A learning-rate schedule as the user designs it: a family and its parameters.
// Steps run 0..steps-1. Steps 0..warmupSteps-1 ramp from warmupInit to the peak (shape
// warmupShape); from warmupSteps on the family's decay rule applies, with
// tau = (s - warmupSteps) / (steps - warmupSteps) the post-warmup progress.
//
// Which parameters matter depends on the family; parameterKeys(family) lists them. The key
// names are those of the JSON format and of `annealer schedule FAMILY key=value...`.
struct Schedule {
    QString name;
    ScheduleFamily family = ScheduleFamily::Cosine;

    std::int64_t steps = 10000;          // key steps: T
    double peak = 3e-4;                  // key peak: the LR at the end of warmup
    std::int64_t warmupSteps = 0;        // key warmup
    WarmupShape warmupShape = WarmupShape::Linear;  // key warmup_shape: none|linear|cosine|exponential
    double warmupInit = 0.0;             // key warmup_init: the LR at step 0

    // The LR the decay ends at: key floor (absolute) or floor_ratio (times peak), not both.
    double floor = 0.0;
    std::optional<double> floorRatio;

    // WSD: decay length as a fraction of all steps (key decay) or in steps (key decay_steps).
    double decayFraction = 0.2;
    std::optional<std::int64_t> decaySteps;
    DecayShape decayShape = DecayShape::Linear;  // key shape
    double power = 2.0;                  // key power: polynomial family, WSD polynomial shape

    double gamma = 0.1;                  // key gamma: Step and MultiStep multiplier per drop
    std::int64_t stepSize = 1000;        // key step_size: Step family
    std::vector<std::int64_t> milestones;  // key milestones: MultiStep (absolute steps)
    std::optional<std::int64_t> timescale;  // key timescale: InverseSqrt, default max(warmup, 1)

    std::int64_t cycleSteps = 1000;      // key cycle: Cyclic
    double cycleDecay = 1.0;             // key cycle_decay: peak multiplier per cycle
    std::int64_t rewarmSteps = 0;        // key rewarm: linear re-warm from floor at each cycle start

    std::vector<ControlPoint> points;    // key points: FreeForm, absolute steps
    Interpolation interpolation = Interpolation::Linear;  // key interpolation: linear|monotone_cubic

    std::vector<Schedule> phases;        // key phases: Chain, run one after another

    // PowerScheduler: LR = min(peak, a * n^b) over the tokens n seen before the step.
    double powerA = 4.6;                 // key power_a: a, the paper's batch-size factor included
    double powerB = -0.51;               // key power_b: b < 0
    double tokensPerStep = 1048576.0;    // key tokens_per_step: n = step * tokens_per_step

    // OneCycle, with the meaning of PyTorch's OneCycleLR arguments of the same names.
    double pctStart = 0.3;               // key pct_start: share of the steps the LR rises over
    AnnealStrategy annealStrategy = AnnealStrategy::Cosine;  // key anneal_strategy: cos|linear
    double divFactor = 25.0;             // key div_factor: initial LR = peak / div_factor
    double finalDivFactor = 1e4;         // key final_div_factor: last LR = initial / this
    bool threePhase = false;             // key three_phase: back down to the initial LR first

    // The floor in absolute LR (floorRatio * peak when a ratio is set).
    double floorLr() const;

    // Checks every field; the error names the field and the reason.
    Status validate() const;

    // The LR of every step. Call validate() first; sample() of an invalid schedule is undefined.
    SampledSchedule sample() const;

    // lr[i] = sample().lr[first + i] for i in 0..count-1, without holding every step: for
    // streaming long schedules. Nothing is written for an invalid schedule or range.
    void sampleRange(std::int64_t first, double* lr, std::int64_t count) const;

    // The LR at one step, equal to sample().lr[step].
    double lrAt(std::int64_t step) const;

    // The schedule in blocks of `stride` steps (SampledSchedule::stride), for drawing long
    // schedules fast: each block's LR is the mean over 8 equal parts of it, each part taken at
    // its middle (every step when stride <= 8): exact for straight pieces, close elsewhere.
    SampledSchedule sampleBlocks(std::int64_t stride) const;

    // WSD: the decay's length in steps (decay_steps, or decay times all steps, rounded).
    std::int64_t wsdDecaySteps() const;

    // Total steps: `steps`, or the sum of the phases' steps for a Chain.
    std::int64_t totalSteps() const;
    // Warmup steps as the loss laws see them (a Chain's first phase's warmup; for a one-cycle
    // schedule, whose rise is its warmup, warmupEndStep() of its LR, found without sampling).
    std::int64_t totalWarmupSteps() const;
};

// Names as used in JSON and on the command line ("wsd", "multistep", "1-sqrt", ...).
QString familyName(ScheduleFamily family);
std::optional<ScheduleFamily> familyFromName(const QString& name);
QString warmupShapeName(WarmupShape shape);
std::optional<WarmupShape> warmupShapeFromName(const QString& name);
QString decayShapeName(DecayShape shape);
std::optional<DecayShape> decayShapeFromName(const QString& name);
QString interpolationName(Interpolation interpolation);
std::optional<Interpolation> interpolationFromName(const QString& name);
QString annealStrategyName(AnnealStrategy strategy);
std::optional<AnnealStrategy> annealStrategyFromName(const QString& name);

// The families and decay shapes a schedule file of version 1 cannot hold (REX, the power
// scheduler, one-cycle; the rex decay shape): files with them are written as version 2.
bool needsScheduleVersion2(const Schedule& schedule);

// OneCycle: the phase ends of PyTorch's OneCycleLR, as floating-point steps (its convention:
// the rise ends at pct_start * steps - 1, the three-phase fall at 2 * pct_start * steps - 2,
// the last phase at steps - 1).
struct OneCyclePhases {
    double riseEnd = 0.0;
    double fallEnd = 0.0;  // three_phase only
    double last = 0.0;
};
OneCyclePhases oneCyclePhases(const Schedule& schedule);

QStringList allFamilyNames();

// Whether a family decays to a floor (keys floor / floor_ratio).
bool familyUsesFloor(ScheduleFamily family);

// One parameter key of a family, for help texts, JSON and editors.
struct ScheduleParameterInfo {
    QString key;
    QString description;
};
// The keys that matter for a family, in the order an editor shows them.
std::vector<ScheduleParameterInfo> parameterKeys(ScheduleFamily family);

}  // namespace annealer
