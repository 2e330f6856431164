#pragma once

// What the schedule suites share: a bare schedule of one family, closeness relative to the LRs in
// play, and CHECK_LR, which reports the schedule, step and both values to the last digit.
#include "schedule/Schedule.h"

#include <QString>
#include <QTest>

#include <cmath>
#include <cstdint>
#include <numbers>

namespace schedule_checks {

constexpr double kPi = std::numbers::pi;

inline annealer::Schedule makeSchedule(annealer::ScheduleFamily family, std::int64_t steps,
                                       double peak, std::int64_t warmup = 0) {
    annealer::Schedule schedule;
    schedule.family = family;
    schedule.steps = steps;
    schedule.peak = peak;
    schedule.warmupSteps = warmup;
    return schedule;
}

// Relative closeness; `scale` is the size of the values in play (the peak, usually).
inline bool isClose(double actual, double expected, double scale, double tolerance = 1e-13) {
    return std::abs(actual - expected) <= tolerance * scale;
}

inline QString describe(const char* what, std::int64_t step, double actual, double expected) {
    return QStringLiteral("%1 at step %2: got %3, expected %4")
        .arg(QLatin1String(what))
        .arg(step)
        .arg(actual, 0, 'g', 17)
        .arg(expected, 0, 'g', 17);
}

}  // namespace schedule_checks

#define CHECK_LR(schedule, step, expected, scale)                                        \
    do {                                                                                 \
        const double actual_ = (schedule).lrAt(step);                                    \
        QVERIFY2(schedule_checks::isClose(actual_, (expected), (scale)),                 \
                 qPrintable(schedule_checks::describe(#schedule, (step), actual_,        \
                                                      (expected))));                     \
    } while (false)
