// optax (optax/schedules/_schedule.py, _join.py). An optimizer built with learning_rate=schedule
// runs update n (from 0) at schedule(n). join_schedules(schedules, boundaries) hands schedule i
// the count minus boundary i - 1, so every piece starts at its own 0. The previews transcribe
// optax's formulas; JAX evaluates them in float32 unless jax_enable_x64 is set, which no exported
// config can change, so that rounding is a note, not a deviation.
#include "export/ExportSupport.h"
#include "export/Exporters.h"

#include "NumberText.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>

namespace annealer {

namespace {

using namespace exporting;

// One schedule of a join, from `start` on; lr(t) at its own count t.
struct Piece {
    std::int64_t start = 0;
    QString code;
    std::function<double(std::int64_t)> lr;
};

// polynomial_schedule: (init - end) * (1 - clip(t, 0, n) / n)^power + end
Piece polynomialSchedule(std::int64_t start, double init, double end, double power,
                         std::int64_t n) {
    return {start,
            QStringLiteral("optax.polynomial_schedule(init_value=%1, end_value=%2, power=%3, "
                           "transition_steps=%4)")
                .arg(floatLiteral(init), floatLiteral(end), floatLiteral(power), integerLiteral(n)),
            [=](std::int64_t t) {
                const double count = asDouble(std::clamp<std::int64_t>(t, 0, n));
                return (init - end) * std::pow(1.0 - count / asDouble(n), power) + end;
            }};
}

// linear_schedule: polynomial_schedule with power 1
Piece linearSchedule(std::int64_t start, double init, double end, std::int64_t n) {
    return {
        start,
        QStringLiteral("optax.linear_schedule(init_value=%1, end_value=%2, transition_steps=%3)")
            .arg(floatLiteral(init), floatLiteral(end), integerLiteral(n)),
        [=](std::int64_t t) {
            const double count = asDouble(std::clamp<std::int64_t>(t, 0, n));
            return (init - end) * (1.0 - count / asDouble(n)) + end;
        }};
}

Piece constantSchedule(std::int64_t start, double value) {
    return {start, QStringLiteral("optax.constant_schedule(%1)").arg(floatLiteral(value)),
            [=](std::int64_t) { return value; }};
}

// cosine_decay_schedule: init * ((1 - alpha) * (1 + cos(pi * min(t, n) / n)) / 2 + alpha)
double cosineDecay(double init, std::int64_t n, double alpha, std::int64_t t) {
    const double count = asDouble(std::min(t, n));
    const double cosine = 0.5 * (1.0 + std::cos(kPi * count / asDouble(n)));
    return init * ((1.0 - alpha) * cosine + alpha);
}

Piece cosineDecaySchedule(std::int64_t start, double init, std::int64_t n, double alpha) {
    return {start,
            QStringLiteral("optax.cosine_decay_schedule(init_value=%1, decay_steps=%2, alpha=%3)")
                .arg(floatLiteral(init), integerLiteral(n), floatLiteral(alpha)),
            [=](std::int64_t t) { return cosineDecay(init, n, alpha, t); }};
}

// exponential_decay: init * rate^(t / n) (floor(t / n) with staircase); init while t <= 0
Piece exponentialDecay(std::int64_t start, double init, std::int64_t n, double rate,
                       bool staircase) {
    return {start,
            QStringLiteral("optax.exponential_decay(init_value=%1, transition_steps=%2, "
                           "decay_rate=%3%4)")
                .arg(floatLiteral(init), integerLiteral(n), floatLiteral(rate),
                     staircase ? QStringLiteral(", staircase=True") : QString()),
            [=](std::int64_t t) {
                if (t <= 0) return init;
                double p = asDouble(t) / asDouble(n);
                if (staircase) p = std::floor(p);
                return init * std::pow(rate, p);
            }};
}

// A schedule's pieces, and why they are not exactly the schedule.
struct Plan {
    std::vector<Piece> pieces;
    QStringList reasons;
};

// Linear interpolation of a free-form curve at `step` (what optax can join).
double linearThrough(const std::vector<ControlPoint>& points, std::int64_t step) {
    if (step < points.front().step) return points.front().lr;
    if (step >= points.back().step) return points.back().lr;
    std::size_t k = 0;
    while (points[k + 1].step <= step) ++k;
    const double t =
        asDouble(step - points[k].step) / asDouble(points[k + 1].step - points[k].step);
    return points[k].lr + (points[k + 1].lr - points[k].lr) * t;
}

// The warmup and the decay of one non-chain schedule, from `offset` on.
Plan leafPlan(const Schedule& schedule, std::int64_t offset) {
    Plan plan;
    std::vector<Piece>& pieces = plan.pieces;
    const double peak = schedule.peak;
    const double floorLr = schedule.floorLr();
    const std::int64_t warmup = schedule.warmupSteps;
    const std::int64_t afterWarmup = schedule.steps - warmup;
    const std::int64_t decayStart = offset + warmup;
    const auto nearest = [&] {
        // A straight line from the peak to the schedule's last LR.
        const double end = std::min(schedule.lrAt(schedule.steps - 1), peak);
        pieces.push_back(linearSchedule(decayStart, peak, end, afterWarmup));
    };

    double target = peak;  // what the warmup ramps to
    if (schedule.family == ScheduleFamily::FreeForm)
        target = linearThrough(schedule.points, warmup);
    if (warmup > 0) {
        if (schedule.warmupShape != WarmupShape::Linear)
            plan.reasons << QStringLiteral("optax warms up linearly, not %1")
                                .arg(warmupShapeName(schedule.warmupShape));
        // warmup_cosine_decay_schedule below covers the cosine family's warmup itself
        if (schedule.family != ScheduleFamily::Cosine)
            pieces.push_back(linearSchedule(offset, schedule.warmupInit, target, warmup));
    }

    switch (schedule.family) {
        case ScheduleFamily::Constant:
            pieces.push_back(constantSchedule(decayStart, peak));
            break;
        case ScheduleFamily::Linear:
            pieces.push_back(linearSchedule(decayStart, peak, floorLr, afterWarmup));
            break;
        case ScheduleFamily::Polynomial:
            pieces.push_back(
                polynomialSchedule(decayStart, peak, floorLr, schedule.power, afterWarmup));
            break;
        case ScheduleFamily::Cosine: {
            // alpha = end_value / peak_value
            const double alpha = floorLr / peak;
            if (warmup == 0) {
                pieces.push_back(cosineDecaySchedule(offset, peak, afterWarmup, alpha));
                break;
            }
            const double init = schedule.warmupInit;
            // warmup_cosine_decay_schedule: linear_schedule(init, peak, warmup) joined at
            // warmup with cosine_decay_schedule(peak, decay_steps - warmup, alpha)
            pieces.push_back(
                {offset,
                 QStringLiteral("optax.warmup_cosine_decay_schedule(init_value=%1, peak_value=%2, "
                                "warmup_steps=%3, decay_steps=%4, end_value=%5)")
                     .arg(floatLiteral(init), floatLiteral(peak), integerLiteral(warmup),
                          integerLiteral(schedule.steps), floatLiteral(floorLr)),
                 [=](std::int64_t t) {
                     if (t < warmup) {
                         const double count = asDouble(std::clamp<std::int64_t>(t, 0, warmup));
                         return (init - peak) * (1.0 - count / asDouble(warmup)) + peak;
                     }
                     return cosineDecay(peak, afterWarmup, alpha, t - warmup);
                 }});
            break;
        }
        case ScheduleFamily::Exponential:
            pieces.push_back(
                exponentialDecay(decayStart, peak, afterWarmup, floorLr / peak, false));
            break;
        case ScheduleFamily::Step:
            pieces.push_back(
                exponentialDecay(decayStart, peak, schedule.stepSize, schedule.gamma, true));
            break;
        case ScheduleFamily::MultiStep: {
            // Boundaries count from the piece's start; those at or before it merge at 0.
            std::map<std::int64_t, double> scales;
            for (std::int64_t milestone : schedule.milestones) {
                const std::int64_t boundary = std::max<std::int64_t>(milestone - warmup, 0);
                const auto found = scales.find(boundary);
                if (found == scales.end())
                    scales.emplace(boundary, schedule.gamma);
                else
                    found->second *= schedule.gamma;
            }
            QStringList entries;
            for (const auto& [boundary, scale] : scales)
                entries << QStringLiteral("%1: %2").arg(integerLiteral(boundary),
                                                        floatLiteral(scale));
            // piecewise_constant_schedule: init times every scale whose boundary <= t
            pieces.push_back({decayStart,
                              QStringLiteral("optax.piecewise_constant_schedule(init_value=%1, "
                                             "boundaries_and_scales={%2})")
                                  .arg(floatLiteral(peak), entries.join(QStringLiteral(", "))),
                              [=](std::int64_t t) {
                                  double value = peak;
                                  for (const auto& [boundary, scale] : scales)
                                      if (t >= boundary) value = scale * value;
                                  return value;
                              }});
            break;
        }
        case ScheduleFamily::Wsd: {
            const std::int64_t length = schedule.wsdDecaySteps();
            const std::int64_t start = offset + schedule.steps - length;
            if (start > decayStart) pieces.push_back(constantSchedule(decayStart, peak));
            switch (schedule.decayShape) {
                case DecayShape::Linear:
                    pieces.push_back(linearSchedule(start, peak, floorLr, length));
                    break;
                case DecayShape::Cosine:
                    pieces.push_back(cosineDecaySchedule(start, peak, length, floorLr / peak));
                    break;
                case DecayShape::Exponential:
                    pieces.push_back(exponentialDecay(start, peak, length, floorLr / peak, false));
                    break;
                case DecayShape::Polynomial:
                    pieces.push_back(
                        polynomialSchedule(start, peak, floorLr, schedule.power, length));
                    break;
                case DecayShape::OneMinusSqrt:
                case DecayShape::Rex:
                    plan.reasons << QStringLiteral(
                                        "optax has no %1 decay; the nearest is a linear one")
                                        .arg(decayShapeName(schedule.decayShape));
                    pieces.push_back(linearSchedule(start, peak, floorLr, length));
                    break;
            }
            break;
        }
        case ScheduleFamily::Cyclic: {
            const std::int64_t cycle = schedule.cycleSteps;
            const std::int64_t rewarm = schedule.rewarmSteps;
            const double cycleDecay = schedule.cycleDecay;
            const std::int64_t cycles = (afterWarmup + cycle - 1) / cycle;
            // sgdr_schedule: cycle i is warmup_cosine_decay_schedule(floor, P_i, rewarm, cycle,
            // floor) from i * cycle on, P_i = P * cycle_decay^i
            pieces.push_back(
                {decayStart,
                 QStringLiteral("optax.sgdr_schedule([dict(init_value=%1, peak_value=%2 * %3 ** i, "
                                "warmup_steps=%4, decay_steps=%5, end_value=%1) for i in "
                                "range(%6)])")
                     .arg(floatLiteral(floorLr), floatLiteral(peak), floatLiteral(cycleDecay),
                          integerLiteral(rewarm), integerLiteral(cycle), integerLiteral(cycles)),
                 [=](std::int64_t t) {
                     const std::int64_t index = std::min(t / cycle, cycles - 1);
                     const std::int64_t r = t - index * cycle;
                     const double cyclePeak = peak * std::pow(cycleDecay, asDouble(index));
                     if (r < rewarm) {
                         const double count = asDouble(std::clamp<std::int64_t>(r, 0, rewarm));
                         return (floorLr - cyclePeak) * (1.0 - count / asDouble(rewarm)) +
                                cyclePeak;
                     }
                     const double alpha = cyclePeak == 0.0 ? 0.0 : floorLr / cyclePeak;
                     return cosineDecay(cyclePeak, cycle - rewarm, alpha, r - rewarm);
                 }});
            break;
        }
        case ScheduleFamily::FreeForm: {
            if (schedule.interpolation == Interpolation::MonotoneCubic &&
                schedule.points.size() > 2)
                plan.reasons << QStringLiteral(
                    "optax has no monotone cubic interpolation; the nearest joins straight "
                    "lines through the same points");
            const std::vector<ControlPoint>& points = schedule.points;
            if (points.front().step > warmup)
                pieces.push_back(constantSchedule(decayStart, points.front().lr));
            bool any = false;
            for (std::size_t k = 0; k + 1 < points.size(); ++k) {
                if (points[k + 1].step <= warmup) continue;
                const std::int64_t from = std::max(points[k].step, warmup);
                const double value = from == points[k].step ? points[k].lr : target;
                pieces.push_back(linearSchedule(offset + from, value, points[k + 1].lr,
                                                points[k + 1].step - from));
                any = true;
            }
            if (!any && points.front().step <= warmup)
                pieces.push_back(constantSchedule(decayStart, points.back().lr));
            break;
        }
        case ScheduleFamily::InverseSqrt:
            plan.reasons << QStringLiteral(
                "optax has no inverse square-root schedule; the nearest is a linear decay to the "
                "final LR");
            nearest();
            break;
        case ScheduleFamily::Rex:
        case ScheduleFamily::PowerScheduler:
        case ScheduleFamily::OneCycle:
            // optax's cosine_onecycle_schedule rises until step pct_start * steps, one step
            // later than PyTorch's OneCycleLR, whose semantics the one-cycle family has.
            plan.reasons << QStringLiteral(
                                "optax has no %1 schedule with these semantics; the nearest is "
                                "a linear decay to the final LR")
                                .arg(familyName(schedule.family));
            nearest();
            break;
        case ScheduleFamily::Chain:
            break;  // flattened by the caller
    }
    return plan;
}

Plan schedulePlan(const Schedule& schedule) {
    Plan plan;
    std::int64_t offset = 0;
    for (const Schedule* leaf : chainLeaves(schedule)) {
        Plan part = leafPlan(*leaf, offset);
        for (Piece& piece : part.pieces) plan.pieces.push_back(std::move(piece));
        for (const QString& reason : part.reasons)
            if (!plan.reasons.contains(reason)) plan.reasons << reason;
        offset += leaf->steps;
    }
    return plan;
}

std::vector<double> previewOf(const Plan& plan, std::int64_t steps) {
    std::vector<double> lr(static_cast<std::size_t>(steps));
    std::size_t active = 0;
    for (std::int64_t s = 0; s < steps; ++s) {
        // join_schedules: the last piece whose boundary is <= step
        while (active + 1 < plan.pieces.size() && s >= plan.pieces[active + 1].start) ++active;
        lr[static_cast<std::size_t>(s)] = plan.pieces[active].lr(s - plan.pieces[active].start);
    }
    return lr;
}

const char* const kFloat32Note =
    "JAX computes schedules in float32 unless jax_enable_x64 is set: expect rounding near 1e-7 "
    "of the LR.";

QString header(const Schedule& schedule, const ExportResult& result, const QString& how) {
    QStringList lines = headerComment(schedule, result, how);
    lines << QStringLiteral(
        "# optimizer = optax.adamw(learning_rate=schedule): update n (from 0) runs at the LR of "
        "step n.");
    return textOfLines(lines);
}

QString planText(const Schedule& schedule, const Plan& plan, const ExportResult& result) {
    QString text = header(schedule, result, QStringLiteral("as an optax schedule"));
    text += QStringLiteral("import optax\n\nTOTAL_STEPS = %1\n\n")
                .arg(integerLiteral(schedule.totalSteps()));
    if (plan.pieces.size() == 1) {
        text += QStringLiteral("schedule = %1\n").arg(plan.pieces.front().code);
        return text;
    }
    QStringList boundaries;
    text += QStringLiteral("schedule = optax.join_schedules(\n    schedules=[\n");
    for (std::size_t i = 0; i < plan.pieces.size(); ++i) {
        text += QStringLiteral("        %1,\n").arg(plan.pieces[i].code);
        if (i > 0) boundaries << integerLiteral(plan.pieces[i].start);
    }
    text += QStringLiteral("    ],\n    boundaries=[%1],\n)\n")
                .arg(boundaries.join(QStringLiteral(", ")));
    return text;
}

}  // namespace

ExportResult OptaxExporter::exportSchedule(const Schedule& schedule) const {
    ExportResult result = newResult();
    const Plan plan = schedulePlan(schedule);
    result.reasons = plan.reasons;
    result.notes << QString::fromLatin1(kFloat32Note);
    result.preview = previewOf(plan, schedule.totalSteps());
    judge(result, schedule.sample().lr);
    result.text = planText(schedule, plan, result);
    if (!result.exact) {
        result.alternative = QStringLiteral("optax: a schedule function over a per-step table");
        result.fallback = std::make_shared<const ExportResult>(exportTable(schedule));
    }
    return result;
}

ExportResult OptaxExporter::exportTable(const Schedule& schedule) const {
    ExportResult result = newResult();
    result.notes << QString::fromLatin1(kFloat32Note);
    result.preview = schedule.sample().lr;
    // The table holds the designed LR in shortest round-trip digits: what is read back is it.
    judge(result, result.preview);
    QString text = header(schedule, result, QStringLiteral("as an optax schedule over a table"));
    text += QStringLiteral("import jax.numpy as jnp\n\nTOTAL_STEPS = %1\n\n_LR = jnp.asarray([\n")
                .arg(integerLiteral(schedule.totalSteps()));
    constexpr std::size_t kPerLine = 8;
    for (std::size_t s = 0; s < result.preview.size(); s += kPerLine) {
        QStringList values;
        for (std::size_t k = s; k < std::min(s + kPerLine, result.preview.size()); ++k)
            values << floatLiteral(result.preview[k]);
        text += QStringLiteral("    ") + values.join(QStringLiteral(", ")) + QStringLiteral(",\n");
    }
    text += QStringLiteral(
        "])\n\n\n"
        "def schedule(count):\n"
        "    \"\"\"The LR of update `count` (from 0); beyond the run, the nearest end's.\"\"\"\n"
        "    return _LR[jnp.clip(count, 0, TOTAL_STEPS - 1)]\n");
    result.text = text;
    return result;
}

}  // namespace annealer
