// PyTorch (torch.optim.lr_scheduler). The scheduler's value at step t is what the optimizer step
// t (from 0) runs at: each scheduler sets the LR of step 0 when constructed and step() moves on
// after every optimizer.step(). The previews use the closed forms torch documents
// (_get_closed_form_lr); SequentialLR restarts scheduler i at local step 0 at milestone i - 1.
#include "export/ExportSupport.h"
#include "export/Exporters.h"

#include "NumberText.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>

namespace annealer {

namespace {

using namespace exporting;

const QString kTorch = QStringLiteral("torch.optim.lr_scheduler.");

// ---------------------------------------------------------------------------------------------
// Native schedulers

// One scheduler of a SequentialLR, in effect from `start`; lr(t) is its closed form at local
// step t for the base LR the file sets (the peak).
struct Piece {
    std::int64_t start = 0;
    QString variable;
    QString code;
    std::function<double(std::int64_t)> lr;
};

// LinearLR: base * (start + (end - start) * min(total, t) / total)
Piece linearLr(std::int64_t start, const QString& variable, double base, double startFactor,
               double endFactor, std::int64_t total) {
    return {start, variable,
            kTorch +
                QStringLiteral("LinearLR(optimizer, start_factor=%1, end_factor=%2, "
                               "total_iters=%3)")
                    .arg(floatLiteral(startFactor), floatLiteral(endFactor), integerLiteral(total)),
            [=](std::int64_t t) {
                return base * (startFactor + (endFactor - startFactor) *
                                                 asDouble(std::min(total, t)) / asDouble(total));
            }};
}

// LambdaLR with a constant multiplier 1: the base LR throughout.
Piece constantLr(std::int64_t start, const QString& variable, double base) {
    return {start, variable, kTorch + QStringLiteral("LambdaLR(optimizer, lambda step: 1.0)"),
            [=](std::int64_t) { return base * 1.0; }};
}

// CosineAnnealingLR: eta_min + (base - eta_min) * (1 + cos(pi * t / T_max)) / 2
Piece cosineAnnealingLr(std::int64_t start, double base, std::int64_t tMax, double etaMin) {
    return {start, QStringLiteral("decay"),
            kTorch + QStringLiteral("CosineAnnealingLR(optimizer, T_max=%1, eta_min=%2)")
                         .arg(integerLiteral(tMax), floatLiteral(etaMin)),
            [=](std::int64_t t) {
                return etaMin +
                       (base - etaMin) * (1.0 + std::cos(kPi * asDouble(t) / asDouble(tMax))) / 2.0;
            }};
}

// ExponentialLR: base * gamma^t
Piece exponentialLr(std::int64_t start, double base, double gamma) {
    return {start, QStringLiteral("decay"),
            kTorch + QStringLiteral("ExponentialLR(optimizer, gamma=%1)").arg(floatLiteral(gamma)),
            [=](std::int64_t t) { return base * std::pow(gamma, asDouble(t)); }};
}

// PolynomialLR: base * (1 - min(total, t) / total)^power
Piece polynomialLr(std::int64_t start, double base, std::int64_t total, double power) {
    return {start, QStringLiteral("decay"),
            kTorch + QStringLiteral("PolynomialLR(optimizer, total_iters=%1, power=%2)")
                         .arg(integerLiteral(total), floatLiteral(power)),
            [=](std::int64_t t) {
                return base * std::pow(1.0 - asDouble(std::min(total, t)) / asDouble(total), power);
            }};
}

// The decay of a WSD schedule from its decay start on, where a native scheduler has its shape.
std::optional<Piece> wsdDecayPiece(const Schedule& schedule, std::int64_t start) {
    const double peak = schedule.peak;
    const double floorLr = schedule.floorLr();
    const std::int64_t length = schedule.wsdDecaySteps();
    switch (wsdShape(schedule)) {
        case DecayShape::Linear:
            if (floorLr > peak) return std::nullopt;  // LinearLR factors lie in [0, 1]
            return linearLr(start, QStringLiteral("decay"), peak, 1.0, floorLr / peak, length);
        case DecayShape::Cosine:
            return cosineAnnealingLr(start, peak, length, floorLr);
        case DecayShape::Exponential:
            return exponentialLr(start, peak, std::pow(floorLr / peak, 1.0 / asDouble(length)));
        case DecayShape::Polynomial:
            if (floorLr != 0.0) return std::nullopt;  // PolynomialLR decays to 0
            return polynomialLr(start, peak, length, schedule.power);
        case DecayShape::OneMinusSqrt:
        case DecayShape::Rex:
            break;
    }
    return std::nullopt;
}

// OneCycleLR as torch computes it (get_lr): phases end at pct_start * T - 1, with three_phase
// at 2 * pct_start * T - 2, and at T - 1; a step anneals within the first phase whose end it has
// not passed (or the last), at pct = (step - start_step) / (end_step - start_step), start_step
// the previous phase's end; cos: end + (start - end) / 2 * (cos(pi pct) + 1), linear:
// (end - start) * pct + start.
struct TorchOneCycle {
    struct Phase {
        double endStep, startLr, endLr;
    };
    std::vector<Phase> phases;
    bool cosine = true;

    explicit TorchOneCycle(const Schedule& schedule)
        : cosine(schedule.annealStrategy == AnnealStrategy::Cosine) {
        const double maxLr = schedule.peak;
        const double initialLr = maxLr / schedule.divFactor;
        const double minLr = initialLr / schedule.finalDivFactor;
        const double total = asDouble(schedule.steps);
        const double riseEnd = schedule.pctStart * total - 1;
        if (schedule.threePhase)
            phases = {{riseEnd, initialLr, maxLr},
                      {2 * schedule.pctStart * total - 2, maxLr, initialLr},
                      {total - 1, initialLr, minLr}};
        else
            phases = {{riseEnd, initialLr, maxLr}, {total - 1, maxLr, minLr}};
    }
    double at(std::int64_t step) const {
        double startStep = 0.0;
        for (std::size_t i = 0; i < phases.size(); ++i) {
            const Phase& phase = phases[i];
            if (asDouble(step) <= phase.endStep || i + 1 == phases.size()) {
                const double pct = (asDouble(step) - startStep) / (phase.endStep - startStep);
                if (cosine)
                    return phase.endLr +
                           (phase.startLr - phase.endLr) / 2.0 * (std::cos(kPi * pct) + 1);
                return (phase.endLr - phase.startLr) * pct + phase.startLr;
            }
            startStep = phase.endStep;
        }
        return 0.0;  // not reached: the last phase takes every step
    }
};

// The schedulers that reproduce a non-chain schedule, or nothing when one piece has no native
// scheduler.
std::optional<std::vector<Piece>> nativePieces(const Schedule& schedule) {
    const double peak = schedule.peak;
    const double floorLr = schedule.floorLr();
    const std::int64_t warmup = schedule.warmupSteps;
    const std::int64_t afterWarmup = schedule.steps - warmup;
    std::vector<Piece> pieces;

    if (warmup > 0) {
        if (schedule.warmupShape != WarmupShape::Linear) return std::nullopt;
        const double init = schedule.warmupInit;
        if (init == 0.0) {
            // LinearLR cannot start at 0 (its chained form divides by the start factor).
            // LambdaLR: base * (step / W)
            pieces.push_back(
                {0, QStringLiteral("warmup"),
                 kTorch + QStringLiteral("LambdaLR(optimizer, lambda step: step / %1)")
                              .arg(integerLiteral(warmup)),
                 [=](std::int64_t t) { return peak * (asDouble(t) / asDouble(warmup)); }});
        } else if (init <= peak) {
            pieces.push_back(linearLr(0, QStringLiteral("warmup"), peak, init / peak, 1.0, warmup));
        } else {
            return std::nullopt;
        }
    }

    switch (schedule.family) {
        case ScheduleFamily::Constant:
            pieces.push_back(constantLr(warmup, QStringLiteral("stable"), peak));
            break;
        case ScheduleFamily::Linear:
            if (floorLr > peak) return std::nullopt;
            pieces.push_back(
                linearLr(warmup, QStringLiteral("decay"), peak, 1.0, floorLr / peak, afterWarmup));
            break;
        case ScheduleFamily::Cosine:
            pieces.push_back(cosineAnnealingLr(warmup, peak, afterWarmup, floorLr));
            break;
        case ScheduleFamily::Polynomial:
            if (floorLr != 0.0) return std::nullopt;
            pieces.push_back(polynomialLr(warmup, peak, afterWarmup, schedule.power));
            break;
        case ScheduleFamily::Exponential:
            pieces.push_back(
                exponentialLr(warmup, peak, std::pow(floorLr / peak, 1.0 / asDouble(afterWarmup))));
            break;
        case ScheduleFamily::Step: {
            const std::int64_t stepSize = schedule.stepSize;
            const double gamma = schedule.gamma;
            // StepLR: base * gamma^(t // step_size)
            pieces.push_back(
                {warmup, QStringLiteral("decay"),
                 kTorch + QStringLiteral("StepLR(optimizer, step_size=%1, gamma=%2)")
                              .arg(integerLiteral(stepSize), floatLiteral(gamma)),
                 [=](std::int64_t t) { return peak * std::pow(gamma, asDouble(t / stepSize)); }});
            break;
        }
        case ScheduleFamily::MultiStep: {
            // Milestones count from the scheduler's own start; those at or before the end of
            // warmup all apply at its step 0.
            std::vector<std::int64_t> local;
            QStringList texts;
            for (std::int64_t milestone : schedule.milestones) {
                local.push_back(std::max<std::int64_t>(milestone - warmup, 0));
                texts << integerLiteral(local.back());
            }
            const double gamma = schedule.gamma;
            // MultiStepLR: base * gamma^(bisect_right(milestones, t))
            pieces.push_back(
                {warmup, QStringLiteral("decay"),
                 kTorch + QStringLiteral("MultiStepLR(optimizer, milestones=[%1], gamma=%2)")
                              .arg(texts.join(QStringLiteral(", ")), floatLiteral(gamma)),
                 [=](std::int64_t t) {
                     const auto passed = std::upper_bound(local.begin(), local.end(), t);
                     return peak * std::pow(gamma, asDouble(passed - local.begin()));
                 }});
            break;
        }
        case ScheduleFamily::Wsd: {
            const std::int64_t decayStart = schedule.steps - schedule.wsdDecaySteps();
            if (decayStart > warmup)
                pieces.push_back(constantLr(warmup, QStringLiteral("stable"), peak));
            std::optional<Piece> decay = wsdDecayPiece(schedule, decayStart);
            if (!decay) return std::nullopt;
            pieces.push_back(std::move(*decay));
            break;
        }
        case ScheduleFamily::Cyclic: {
            if (schedule.rewarmSteps != 0 || schedule.cycleDecay != 1.0) return std::nullopt;
            const std::int64_t cycle = schedule.cycleSteps;
            // CosineAnnealingWarmRestarts (T_mult 1):
            // eta_min + (base - eta_min) * (1 + cos(pi * (t mod T_0) / T_0)) / 2
            pieces.push_back(
                {warmup, QStringLiteral("decay"),
                 kTorch + QStringLiteral("CosineAnnealingWarmRestarts(optimizer, T_0=%1, "
                                         "eta_min=%2)")
                              .arg(integerLiteral(cycle), floatLiteral(floorLr)),
                 [=](std::int64_t t) {
                     return floorLr +
                            (peak - floorLr) *
                                (1.0 + std::cos(kPi * asDouble(t % cycle) / asDouble(cycle))) / 2.0;
                 }});
            break;
        }
        case ScheduleFamily::OneCycle: {
            // cycle_momentum off: the designed schedule is the LR's alone.
            const TorchOneCycle oneCycle(schedule);
            pieces.push_back(
                {0, QStringLiteral("schedule"),
                 kTorch + QStringLiteral("OneCycleLR(optimizer, max_lr=%1, total_steps=%2, "
                                         "pct_start=%3, anneal_strategy=\"%4\", div_factor=%5, "
                                         "final_div_factor=%6, three_phase=%7, "
                                         "cycle_momentum=False)")
                              .arg(floatLiteral(peak), integerLiteral(schedule.steps),
                                   floatLiteral(schedule.pctStart),
                                   annealStrategyName(schedule.annealStrategy),
                                   floatLiteral(schedule.divFactor),
                                   floatLiteral(schedule.finalDivFactor),
                                   schedule.threePhase ? QStringLiteral("True")
                                                       : QStringLiteral("False")),
                 [=](std::int64_t t) { return oneCycle.at(t); }});
            break;
        }
        case ScheduleFamily::InverseSqrt:
        case ScheduleFamily::FreeForm:
        case ScheduleFamily::Chain:
        case ScheduleFamily::Rex:
        case ScheduleFamily::PowerScheduler:
            return std::nullopt;
    }
    return pieces;
}

std::vector<double> previewPieces(const std::vector<Piece>& pieces, std::int64_t steps) {
    std::vector<double> lr(static_cast<std::size_t>(steps));
    std::size_t active = 0;
    for (std::int64_t s = 0; s < steps; ++s) {
        while (active + 1 < pieces.size() && s >= pieces[active + 1].start) ++active;
        lr[static_cast<std::size_t>(s)] = pieces[active].lr(s - pieces[active].start);
    }
    return lr;
}

// ---------------------------------------------------------------------------------------------
// LambdaLR over the schedule's formula. Each Python line has its C++ twin below it, the same
// operations in the same order, so the preview is what the Python computes.

// The twin of _cosine_down (rising false) and _cosine_up (rising true): (1 +- cos(pi n / d)) / 2
// as the square of cos or sin of pi n / 2d up to the middle, and past it of the other function of
// pi (d - n) / 2d, so that neither cancels where its value nears 0.
double halfAngleSquare(std::int64_t n, std::int64_t d, bool rising) {
    const bool firstHalf = 2 * n <= d;
    const double x = 0.5 * kPi * (asDouble(firstHalf ? n : d - n) / asDouble(d));
    const double c = firstHalf == rising ? std::sin(x) : std::cos(x);
    return c * c;
}
// (1 + cos(pi n / d)) / 2: no cancellation near n = d, where the decay nears its floor.
double cosineDown(std::int64_t n, std::int64_t d) {
    return halfAngleSquare(n, d, false);
}
// (1 - cos(pi n / d)) / 2: no cancellation near n = 0.
double cosineUp(std::int64_t n, std::int64_t d) {
    return halfAngleSquare(n, d, true);
}

const char* const kCosineDownPython =
    "def _cosine_down(n, d):\n"
    "    \"\"\"(1 + cos(pi n / d)) / 2, without the cancellation near n = d.\"\"\"\n"
    "    if 2 * n <= d:\n"
    "        c = math.cos(0.5 * math.pi * (n / d))\n"
    "        return c * c\n"
    "    c = math.sin(0.5 * math.pi * ((d - n) / d))\n"
    "    return c * c\n";

const char* const kCosineUpPython =
    "def _cosine_up(n, d):\n"
    "    \"\"\"(1 - cos(pi n / d)) / 2, without the cancellation near n = 0.\"\"\"\n"
    "    if 2 * n <= d:\n"
    "        c = math.sin(0.5 * math.pi * (n / d))\n"
    "        return c * c\n"
    "    c = math.cos(0.5 * math.pi * ((d - n) / d))\n"
    "    return c * c\n";

const char* const kInterpolatePython =
    "def _interpolate(xs, ys, slopes, step):\n"
    "    \"\"\"Through the points (xs, ys): straight lines, or cubic Hermite pieces with the\n"
    "    given slopes; constant before the first point and after the last.\"\"\"\n"
    "    if step < xs[0]:\n"
    "        return ys[0]\n"
    "    if step >= xs[-1]:\n"
    "        return ys[-1]\n"
    "    k = bisect.bisect_right(xs, step) - 1\n"
    "    width = xs[k + 1] - xs[k]\n"
    "    t = (step - xs[k]) / width\n"
    "    y0, y1 = ys[k], ys[k + 1]\n"
    "    if slopes is None:\n"
    "        return y0 + (y1 - y0) * t\n"
    "    t2 = t * t\n"
    "    t3 = t2 * t\n"
    "    value = ((2 * t3 - 3 * t2 + 1) * y0 + (t3 - 2 * t2 + t) * width * slopes[k]\n"
    "             + (3 * t2 - 2 * t3) * y1 + (t3 - t2) * width * slopes[k + 1])\n"
    "    # the pieces are monotone; the clamp removes rounding overshoot\n"
    "    return min(max(value, min(y0, y1)), max(y0, y1))\n";

// Fritsch-Carlson slopes of a monotone cubic through the points: zero at local extrema, else
// the mean of the neighbouring secants limited to 3x the smaller one.
std::vector<double> monotoneSlopes(const std::vector<ControlPoint>& points) {
    const std::size_t count = points.size();
    std::vector<double> slopes(count, 0.0);
    if (count < 2) return slopes;
    const auto secant = [&](std::size_t k) {
        return (points[k + 1].lr - points[k].lr) / asDouble(points[k + 1].step - points[k].step);
    };
    slopes.front() = secant(0);
    slopes.back() = secant(count - 2);
    for (std::size_t k = 1; k + 1 < count; ++k) {
        const double before = secant(k - 1);
        const double after = secant(k);
        if (before * after <= 0.0) continue;
        const double mean = 0.5 * (before + after);
        const double limit = 3.0 * std::min(std::abs(before), std::abs(after));
        slopes[k] = std::copysign(std::min(std::abs(mean), limit), mean);
    }
    return slopes;
}

// The _interpolate helper in C++.
double interpolate(const std::vector<ControlPoint>& points, const std::vector<double>* slopes,
                   std::int64_t step) {
    if (step < points.front().step) return points.front().lr;
    if (step >= points.back().step) return points.back().lr;
    const auto after =
        std::upper_bound(points.begin(), points.end(), step,
                         [](std::int64_t s, const ControlPoint& point) { return s < point.step; });
    const auto k = static_cast<std::size_t>(after - points.begin()) - 1;
    const double width = asDouble(points[k + 1].step - points[k].step);
    const double t = asDouble(step - points[k].step) / width;
    const double y0 = points[k].lr;
    const double y1 = points[k + 1].lr;
    if (!slopes) return y0 + (y1 - y0) * t;
    const double t2 = t * t;
    const double t3 = t2 * t;
    const double value = (2.0 * t3 - 3.0 * t2 + 1.0) * y0 +
                         (t3 - 2.0 * t2 + t) * width * (*slopes)[k] + (3.0 * t2 - 2.0 * t3) * y1 +
                         (t3 - t2) * width * (*slopes)[k + 1];
    return std::min(std::max(value, std::min(y0, y1)), std::max(y0, y1));
}

QString tuple(const QStringList& items) {
    if (items.size() == 1) return QLatin1Char('(') + items.front() + QStringLiteral(",)");
    return QLatin1Char('(') + items.join(QStringLiteral(", ")) + QLatin1Char(')');
}

// The formula of one non-chain schedule as the body of a Python function of `step` (its own
// steps, from 0), with its C++ twin.
struct Formula {
    QStringList globals;  // module-level constants it reads
    QStringList body;     // indented by 4
    std::function<double(std::int64_t)> lr;
    bool cosineDown = false, cosineUp = false, interpolate = false, bisect = false;
};

// The decay of a WSD schedule (or of the power scheduler) from `start` (its LR where the decay
// begins) to the floor, as Python lines after `n = step - <decay start>`, with the C++ twin of
// n. The REX shape is F + (start - F) (1 - u) / (1 - u / 2) (Chen et al. 2021).
std::function<double(std::int64_t)> wsdDecayFormula(const Schedule& schedule, double start,
                                                    QStringList& rule, Formula& f) {
    const double peak = start;
    const double floorLr = schedule.floorLr();
    const std::int64_t length = schedule.wsdDecaySteps();
    const QString P = floatLiteral(peak);
    const QString F = floatLiteral(floorLr);
    const QString D = integerLiteral(length);
    std::function<double(std::int64_t)> decay;
    switch (schedule.decayShape) {
        case DecayShape::Linear:
            rule << QStringLiteral("return %2 + (%1 - %2) * ((%3 - n) / %3)").arg(P, F, D);
            decay = [=](std::int64_t n) {
                return floorLr + (peak - floorLr) * (asDouble(length - n) / asDouble(length));
            };
            break;
        case DecayShape::Cosine:
            rule << QStringLiteral("return %2 + (%1 - %2) * _cosine_down(n, %3)").arg(P, F, D);
            decay = [=](std::int64_t n) {
                return floorLr + (peak - floorLr) * cosineDown(n, length);
            };
            f.cosineDown = true;
            break;
        case DecayShape::OneMinusSqrt:
            // 1 - sqrt(u) as (1 - u) / (1 + sqrt(u)): no cancellation as u nears 1
            rule << QStringLiteral(
                        "return %2 + (%1 - %2) * (((%3 - n) / %3) / (1 + math.sqrt(n / "
                        "%3)))")
                        .arg(P, F, D);
            decay = [=](std::int64_t n) {
                return floorLr +
                       (peak - floorLr) * ((asDouble(length - n) / asDouble(length)) /
                                           (1.0 + std::sqrt(asDouble(n) / asDouble(length))));
            };
            break;
        case DecayShape::Polynomial: {
            const double power = schedule.power;
            rule << QStringLiteral("return %2 + (%1 - %2) * ((%3 - n) / %3) ** %4")
                        .arg(P, F, D, floatLiteral(power));
            decay = [=](std::int64_t n) {
                return floorLr +
                       (peak - floorLr) * std::pow(asDouble(length - n) / asDouble(length), power);
            };
            break;
        }
        case DecayShape::Exponential:
            rule << QStringLiteral("return %1 * math.exp(math.log(%2 / %1) * (n / %3))")
                        .arg(P, F, D);
            decay = [=](std::int64_t n) {
                return peak * std::exp(std::log(floorLr / peak) * (asDouble(n) / asDouble(length)));
            };
            break;
        case DecayShape::Rex:
            rule << QStringLiteral(
                        "return %2 + (%1 - %2) * (((%3 - n) / %3) / (1 - 0.5 * (n / %3)))")
                        .arg(P, F, D);
            decay = [=](std::int64_t n) {
                return floorLr +
                       (peak - floorLr) * ((asDouble(length - n) / asDouble(length)) /
                                           (1.0 - 0.5 * (asDouble(n) / asDouble(length))));
            };
            break;
    }
    return decay;
}

// One leaf's formula; `index` names its module-level constants.
Formula leafFormula(const Schedule& schedule, int index) {
    Formula f;
    const double peak = schedule.peak;
    const double floorLr = schedule.floorLr();
    const std::int64_t steps = schedule.steps;
    const std::int64_t warmup = schedule.warmupSteps;
    const std::int64_t afterWarmup = steps - warmup;
    const QString P = floatLiteral(peak);
    const QString F = floatLiteral(floorLr);
    const QString W = integerLiteral(warmup);
    const QString N = integerLiteral(afterWarmup);
    // steps since the end of warmup, as an operand and as an argument
    const QString since =
        warmup == 0 ? QStringLiteral("step") : QStringLiteral("(step - %1)").arg(W);
    const QString sinceArgument =
        warmup == 0 ? QStringLiteral("step") : QStringLiteral("step - %1").arg(W);

    // The rule for steps >= warmup: Python lines (returning) and the C++ twin.
    QStringList rule;
    std::function<double(std::int64_t)> ruleLr;
    switch (schedule.family) {
        case ScheduleFamily::Constant:
            rule << QStringLiteral("return %1").arg(P);
            ruleLr = [=](std::int64_t) { return peak; };
            break;
        case ScheduleFamily::Linear:
            rule << QStringLiteral("return %1 + (%2 - %1) * (%3 / %4)").arg(P, F, since, N);
            ruleLr = [=](std::int64_t s) {
                return peak + (floorLr - peak) * (asDouble(s - warmup) / asDouble(afterWarmup));
            };
            break;
        case ScheduleFamily::Cosine:
            rule << QStringLiteral("return %2 + (%1 - %2) * _cosine_down(%3, %4)")
                        .arg(P, F, sinceArgument, N);
            ruleLr = [=](std::int64_t s) {
                return floorLr + (peak - floorLr) * cosineDown(s - warmup, afterWarmup);
            };
            f.cosineDown = true;
            break;
        case ScheduleFamily::Polynomial: {
            const double power = schedule.power;
            rule << QStringLiteral("return %2 + (%1 - %2) * ((%3 - step) / %4) ** %5")
                        .arg(P, F, integerLiteral(steps), N, floatLiteral(power));
            ruleLr = [=](std::int64_t s) {
                return floorLr + (peak - floorLr) *
                                     std::pow(asDouble(steps - s) / asDouble(afterWarmup), power);
            };
            break;
        }
        case ScheduleFamily::Exponential:
            rule << QStringLiteral("return %1 * math.exp(math.log(%2 / %1) * (%3 / %4))")
                        .arg(P, F, since, N);
            ruleLr = [=](std::int64_t s) {
                return peak * std::exp(std::log(floorLr / peak) *
                                       (asDouble(s - warmup) / asDouble(afterWarmup)));
            };
            break;
        case ScheduleFamily::InverseSqrt: {
            const std::int64_t timescale = inverseSqrtTimescale(schedule);
            rule << QStringLiteral("return %1 * math.sqrt(%2 / (%3 + %2))")
                        .arg(P, integerLiteral(timescale), since);
            ruleLr = [=](std::int64_t s) {
                return peak * std::sqrt(asDouble(timescale) / asDouble((s - warmup) + timescale));
            };
            break;
        }
        case ScheduleFamily::Step: {
            const double gamma = schedule.gamma;
            const std::int64_t stepSize = schedule.stepSize;
            rule << QStringLiteral("return %1 * %2 ** (%3 // %4)")
                        .arg(P, floatLiteral(gamma), since, integerLiteral(stepSize));
            ruleLr = [=](std::int64_t s) {
                return peak * std::pow(gamma, asDouble((s - warmup) / stepSize));
            };
            break;
        }
        case ScheduleFamily::MultiStep: {
            const double gamma = schedule.gamma;
            const std::vector<std::int64_t> milestones = schedule.milestones;
            QStringList texts;
            for (std::int64_t milestone : milestones) texts << integerLiteral(milestone);
            rule << QStringLiteral("return %1 * %2 ** bisect.bisect_right(%3, step)")
                        .arg(P, floatLiteral(gamma),
                             milestones.empty() ? QStringLiteral("()") : tuple(texts));
            ruleLr = [=](std::int64_t s) {
                const auto passed = std::upper_bound(milestones.begin(), milestones.end(), s);
                return peak * std::pow(gamma, asDouble(passed - milestones.begin()));
            };
            f.bisect = true;
            break;
        }
        case ScheduleFamily::Wsd: {
            const std::int64_t length = schedule.wsdDecaySteps();
            const std::int64_t start = steps - length;
            const QString D = integerLiteral(length);
            rule << QStringLiteral("if step < %1:").arg(integerLiteral(start))
                 << QStringLiteral("    return %1").arg(P)
                 << QStringLiteral("n = step - %1").arg(integerLiteral(start));
            const std::function<double(std::int64_t)> decay =
                wsdDecayFormula(schedule, peak, rule, f);
            ruleLr = [=](std::int64_t s) { return s < start ? peak : decay(s - start); };
            break;
        }
        case ScheduleFamily::Rex:
            // F + (P - F) * (1 - tau) / (1 - tau / 2) (Chen et al. 2021)
            rule << QStringLiteral(
                        "return %2 + (%1 - %2) * (((%4 - %3) / %4) / (1 - 0.5 * (%3 / %4)))")
                        .arg(P, F, since, N);
            ruleLr = [=](std::int64_t s) {
                return floorLr +
                       (peak - floorLr) *
                           ((asDouble(afterWarmup - (s - warmup)) / asDouble(afterWarmup)) /
                            (1.0 - 0.5 * (asDouble(s - warmup) / asDouble(afterWarmup))));
            };
            break;
        case ScheduleFamily::PowerScheduler: {
            // min(P, a * (step * tokens_per_step)^b) (Shen et al. 2024), P at step 0 (where
            // Python's 0.0 ** b would raise), then the decay from its value at the decay start
            const double a = schedule.powerA;
            const double b = schedule.powerB;
            const double tokens = schedule.tokensPerStep;
            const std::int64_t start = steps - schedule.wsdDecaySteps();
            const auto level = [=](std::int64_t s) {
                return s == 0 ? peak : std::min(peak, a * std::pow(asDouble(s) * tokens, b));
            };
            rule << QStringLiteral("if step < %1:").arg(integerLiteral(start))
                 << QStringLiteral(
                        "    return %1 if step == 0 else min(%1, %2 * (step * %3) ** %4)")
                        .arg(P, floatLiteral(a), floatLiteral(tokens), floatLiteral(b))
                 << QStringLiteral("n = step - %1").arg(integerLiteral(start));
            const std::function<double(std::int64_t)> decay =
                wsdDecayFormula(schedule, level(start), rule, f);
            ruleLr = [=](std::int64_t s) { return s < start ? level(s) : decay(s - start); };
            break;
        }
        case ScheduleFamily::OneCycle: {
            // OneCycleLR's own arithmetic (TorchOneCycle), phase by phase
            const TorchOneCycle oneCycle(schedule);
            QStringList phases;
            for (const TorchOneCycle::Phase& phase : oneCycle.phases)
                phases << QStringLiteral("(%1, %2, %3)")
                              .arg(floatLiteral(phase.endStep), floatLiteral(phase.startLr),
                                   floatLiteral(phase.endLr));
            const QString last = floatLiteral(oneCycle.phases.back().endStep);
            rule << QStringLiteral("start_step = 0")
                 << QStringLiteral("for end_step, start_lr, end_lr in %1:").arg(tuple(phases))
                 << QStringLiteral("    if step <= end_step or end_step == %1:").arg(last)
                 << QStringLiteral("        pct = (step - start_step) / (end_step - start_step)");
            if (oneCycle.cosine)
                rule << QStringLiteral(
                    "        return end_lr + (start_lr - end_lr) / 2.0 * (math.cos(math.pi * pct) "
                    "+ 1)");
            else
                rule << QStringLiteral("        return (end_lr - start_lr) * pct + start_lr");
            rule << QStringLiteral("    start_step = end_step");
            ruleLr = [=](std::int64_t s) { return oneCycle.at(s); };
            break;
        }
        case ScheduleFamily::Cyclic: {
            const std::int64_t cycle = schedule.cycleSteps;
            const std::int64_t rewarm = schedule.rewarmSteps;
            const double cycleDecay = schedule.cycleDecay;
            rule << QStringLiteral("cycle, r = divmod(%1, %2)")
                        .arg(sinceArgument, integerLiteral(cycle))
                 << QStringLiteral("peak = %1 * %2 ** cycle").arg(P, floatLiteral(cycleDecay));
            if (rewarm > 0)
                rule << QStringLiteral("if r < %1:").arg(integerLiteral(rewarm))
                     << QStringLiteral("    return %1 + (peak - %1) * (r / %2)")
                            .arg(F, integerLiteral(rewarm));
            rule << QStringLiteral("return %1 + (peak - %1) * _cosine_down(r - %2, %3)")
                        .arg(F, integerLiteral(rewarm), integerLiteral(cycle - rewarm));
            ruleLr = [=](std::int64_t s) {
                const std::int64_t cycleIndex = (s - warmup) / cycle;
                const std::int64_t r = (s - warmup) % cycle;
                const double cyclePeak = peak * std::pow(cycleDecay, asDouble(cycleIndex));
                if (r < rewarm)
                    return floorLr + (cyclePeak - floorLr) * (asDouble(r) / asDouble(rewarm));
                return floorLr + (cyclePeak - floorLr) * cosineDown(r - rewarm, cycle - rewarm);
            };
            f.cosineDown = true;
            break;
        }
        case ScheduleFamily::FreeForm: {
            const std::vector<ControlPoint> points = schedule.points;
            const bool cubic =
                schedule.interpolation == Interpolation::MonotoneCubic && points.size() >= 2;
            const std::vector<double> slopes =
                cubic ? monotoneSlopes(points) : std::vector<double>();
            QStringList xs, ys, ms;
            for (const ControlPoint& point : points) {
                xs << integerLiteral(point.step);
                ys << floatLiteral(point.lr);
            }
            for (double slope : slopes) ms << floatLiteral(slope);
            const QString suffix = QString::number(index);
            f.globals << QStringLiteral("_X%1 = %2").arg(suffix, tuple(xs))
                      << QStringLiteral("_Y%1 = %2").arg(suffix, tuple(ys))
                      << QStringLiteral("_SLOPES%1 = %2")
                             .arg(suffix, cubic ? tuple(ms) : QStringLiteral("None"));
            rule << QStringLiteral("return _interpolate(_X%1, _Y%1, _SLOPES%1, step)").arg(suffix);
            ruleLr = [=](std::int64_t s) {
                return interpolate(points, cubic ? &slopes : nullptr, s);
            };
            f.interpolate = true;
            f.bisect = true;
            break;
        }
        case ScheduleFamily::Chain:
            break;  // callers flatten chains into leaves
    }

    if (warmup > 0) {
        // The warmup ramps to the rule's value at its end: the peak, or a free-form curve's
        // value there.
        const double target = schedule.family == ScheduleFamily::FreeForm ||
                                      schedule.family == ScheduleFamily::PowerScheduler
                                  ? ruleLr(warmup)
                                  : peak;
        const double init = schedule.warmupInit;
        const QString T = floatLiteral(target);
        const QString I = floatLiteral(init);
        f.body << QStringLiteral("if step < %1:").arg(W);
        std::function<double(std::int64_t)> warmupLr;
        switch (schedule.warmupShape) {
            case WarmupShape::Linear:
            case WarmupShape::None:  // no warmup steps: never reached
                f.body << QStringLiteral("    return %1 + (%2 - %1) * (step / %3)").arg(I, T, W);
                warmupLr = [=](std::int64_t s) {
                    return init + (target - init) * (asDouble(s) / asDouble(warmup));
                };
                break;
            case WarmupShape::Cosine:
                f.body << QStringLiteral("    return %1 + (%2 - %1) * _cosine_up(step, %3)")
                              .arg(I, T, W);
                warmupLr = [=](std::int64_t s) {
                    return init + (target - init) * cosineUp(s, warmup);
                };
                f.cosineUp = true;
                break;
            case WarmupShape::Exponential:
                f.body << QStringLiteral(
                              "    return %1 * math.exp(math.log(%2 / %1) * (step / %3))")
                              .arg(I, T, W);
                warmupLr = [=](std::int64_t s) {
                    return init *
                           std::exp(std::log(target / init) * (asDouble(s) / asDouble(warmup)));
                };
                break;
        }
        f.lr = [=](std::int64_t s) { return s < warmup ? warmupLr(s) : ruleLr(s); };
    } else {
        f.lr = ruleLr;
    }
    f.body << rule;
    for (QString& line : f.body) line.prepend(QStringLiteral("    "));
    return f;
}

QString fileHeader(const Schedule& schedule, const ExportResult& result, const QStringList& usage,
                   const QString& how) {
    QStringList lines =
        headerComment(schedule, result, QStringLiteral("for PyTorch (%1)").arg(how));
    lines
        << QStringLiteral(
               "# scheduler = make_scheduler(optimizer), then scheduler.step() after every")
        << QStringLiteral(
               "# optimizer.step(): optimizer step s (from 0) runs at the designed LR of step s.");
    for (const QString& line : usage) lines << QStringLiteral("# ") + commentText(line);
    return textOfLines(lines);
}

QString resetGroups(const QString& constant, const QString& why) {
    return QStringLiteral(
               "    # %2\n"
               "    for group in optimizer.param_groups:\n"
               "        group[\"lr\"] = %1\n"
               "        group[\"initial_lr\"] = %1\n")
        .arg(constant, why);
}

QString nativeText(const Schedule& schedule, const std::vector<Piece>& pieces,
                   const ExportResult& result, const QStringList& usage) {
    QString text = fileHeader(schedule, result, usage, QStringLiteral("native schedulers"));
    text += QStringLiteral("import torch\n\nTOTAL_STEPS = %1\nPEAK_LR = %2\n\n\n")
                .arg(integerLiteral(schedule.steps), floatLiteral(schedule.peak));
    text += QStringLiteral("def make_scheduler(optimizer):\n");
    text +=
        resetGroups(QStringLiteral("PEAK_LR"),
                    QStringLiteral("The schedulers multiply each group's initial LR: the peak."));
    if (pieces.size() == 1) {
        text += QStringLiteral("    return %1\n").arg(pieces.front().code);
        return text;
    }
    QStringList names, milestones;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        text += QStringLiteral("    %1 = %2\n").arg(pieces[i].variable, pieces[i].code);
        names << pieces[i].variable;
        if (i > 0) milestones << integerLiteral(pieces[i].start);
    }
    text +=
        QStringLiteral(
            "    return %1SequentialLR(\n"
            "        optimizer, schedulers=[%2], milestones=[%3]\n"
            "    )\n")
            .arg(kTorch, names.join(QStringLiteral(", ")), milestones.join(QStringLiteral(", ")));
    return text;
}

// The whole schedule (a chain phase by phase) as Python lr_at(step), with its C++ twin.
struct ScheduleFormula {
    QString code;  // helpers, constants and lr_at
    std::function<double(std::int64_t)> lr;
};

ScheduleFormula scheduleFormula(const Schedule& schedule) {
    const std::vector<const Schedule*> leaves = chainLeaves(schedule);
    std::vector<Formula> formulas;
    std::vector<std::int64_t> starts;
    std::int64_t start = 0;
    for (std::size_t i = 0; i < leaves.size(); ++i) {
        formulas.push_back(leafFormula(*leaves[i], static_cast<int>(i)));
        starts.push_back(start);
        start += leaves[i]->steps;
    }
    bool cosineDownUsed = false, cosineUpUsed = false, interpolateUsed = false;
    QStringList globals;
    for (const Formula& f : formulas) {
        cosineDownUsed = cosineDownUsed || f.cosineDown;
        cosineUpUsed = cosineUpUsed || f.cosineUp;
        interpolateUsed = interpolateUsed || f.interpolate;
        globals << f.globals;
    }

    QStringList blocks;
    if (cosineDownUsed) blocks << QString::fromLatin1(kCosineDownPython);
    if (cosineUpUsed) blocks << QString::fromLatin1(kCosineUpPython);
    if (interpolateUsed) blocks << QString::fromLatin1(kInterpolatePython);
    if (!globals.isEmpty()) blocks << globals.join(QLatin1Char('\n')) + QLatin1Char('\n');

    const QString docstring = QStringLiteral(
        "    \"\"\"The designed LR of optimizer step `step` (from 0); beyond the run, the nearest "
        "end's.\"\"\"\n"
        "    step = min(max(step, 0), TOTAL_STEPS - 1)\n");
    if (leaves.size() == 1) {
        blocks << QStringLiteral("def lr_at(step):\n") + docstring +
                      formulas.front().body.join(QLatin1Char('\n')) + QLatin1Char('\n');
    } else {
        for (std::size_t i = 0; i < leaves.size(); ++i)
            blocks << QStringLiteral("def _phase%1(step):\n").arg(i) +
                          formulas[i].body.join(QLatin1Char('\n')) + QLatin1Char('\n');
        QString dispatch = QStringLiteral("def lr_at(step):\n") + docstring;
        for (std::size_t i = 0; i < leaves.size(); ++i) {
            const QString call = starts[i] == 0
                                     ? QStringLiteral("_phase%1(step)").arg(i)
                                     : QStringLiteral("_phase%1(step - %2)").arg(i).arg(starts[i]);
            if (i + 1 < leaves.size())
                dispatch += QStringLiteral("    if step < %1:\n        return %2\n")
                                .arg(integerLiteral(starts[i + 1]), call);
            else
                dispatch += QStringLiteral("    return %1\n").arg(call);
        }
        blocks << dispatch;
    }

    ScheduleFormula result;
    result.code = blocks.join(QStringLiteral("\n\n"));
    const std::int64_t total = schedule.totalSteps();
    result.lr = [formulas, starts, total](std::int64_t step) {
        step = std::min(std::max<std::int64_t>(step, 0), total - 1);
        std::size_t i = 0;
        while (i + 1 < starts.size() && step >= starts[i + 1]) ++i;
        return formulas[i].lr(step - starts[i]);
    };
    return result;
}

bool needsBisect(const Schedule& schedule) {
    for (const Schedule* leaf : chainLeaves(schedule))
        if (leaf->family == ScheduleFamily::MultiStep || leaf->family == ScheduleFamily::FreeForm)
            return true;
    return false;
}

QString formulaText(const Schedule& schedule, const ScheduleFormula& formula,
                    const ExportResult& result, const QStringList& usage) {
    QString text = fileHeader(schedule, result, usage, QStringLiteral("LambdaLR over its formula"));
    if (needsBisect(schedule)) text += QStringLiteral("import bisect\n");
    text += QStringLiteral("import math\n\nimport torch\n\nTOTAL_STEPS = %1\nBASE_LR = %2\n\n\n")
                .arg(integerLiteral(schedule.totalSteps()), floatLiteral(baseLr(schedule)));
    text += formula.code;
    text += QStringLiteral("\n\ndef make_scheduler(optimizer):\n");
    text += resetGroups(QStringLiteral("BASE_LR"),
                        QStringLiteral("LambdaLR multiplies each group's initial LR, BASE_LR, by "
                                       "lr_at(step) / BASE_LR."));
    text += QStringLiteral("    return %1LambdaLR(optimizer, lambda step: lr_at(step) / BASE_LR)\n")
                .arg(kTorch);
    return text;
}

}  // namespace

ExportResult PytorchExporter::exportSchedule(const Schedule& schedule) const {
    return exportForHost(schedule, {});
}

ExportResult PytorchExporter::exportForHost(const Schedule& schedule,
                                            const QStringList& usage) const {
    const std::vector<double> designed = schedule.sample().lr;
    ExportResult result = newResult();

    if (schedule.family != ScheduleFamily::Chain) {
        if (std::optional<std::vector<Piece>> pieces = nativePieces(schedule)) {
            if (schedule.family == ScheduleFamily::OneCycle)
                result.notes << QStringLiteral(
                    "OneCycleLR is given cycle_momentum=False: the designed schedule is the LR's "
                    "alone; set it to True to cycle the momentum as well.");
            result.preview = previewPieces(*pieces, schedule.steps);
            judge(result, designed);
            // A native scheduler that rounds off (a geometric factor over very many steps)
            // gives way to the formula.
            if (result.exact) {
                result.text = nativeText(schedule, *pieces, result, usage);
                return result;
            }
            result.reasons.clear();
            result.notes.clear();
        }
    }

    const ScheduleFormula formula = scheduleFormula(schedule);
    const double base = baseLr(schedule);
    // LambdaLR: base * lambda(step), lambda = lr_at(step) / BASE_LR
    result.preview = perStepPreview(schedule.totalSteps(),
                                    [&](std::int64_t s) { return base * (formula.lr(s) / base); });
    judge(result, designed);
    result.text = formulaText(schedule, formula, result, usage);
    // Not expected: the formula is the schedule's own. The table is exact regardless.
    offerTableFallback(result, schedule, QStringLiteral("csv: the LR of every step"));
    return result;
}

}  // namespace annealer
