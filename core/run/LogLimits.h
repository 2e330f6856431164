#pragma once

#include <cstdint>
#include <optional>

namespace annealer {

// What values a log may hold for the program to represent them.
//
// Steps. A log may hold steps from 0 to kMaxLogStep = 2^53, the last
// whole number a double holds exactly (steps become doubles in fits, charts and schedules).
// Readers turn file values into steps only through the step functions of run/parsing/LogText.h,
// which refuse anything else with the file, line and reason. Within that range the sum or
// difference of two steps, and a step + 1, cannot overflow; where a step is combined with
// anything else (a count, a product), the checked operations below say when it would.
inline constexpr std::int64_t kMaxLogStep = std::int64_t(1) << 53;

inline bool isLogStep(std::int64_t step) {
    return step >= 0 && step <= kMaxLogStep;
}

// LRs are finite, >= 0 and below kMaxLr (no schedule of a real run comes near it; beyond it
// charts, fits and predictions meet overflow). Losses are finite and > 0.
inline constexpr double kMaxLr = 1e3;

// a + b, a - b and a * b, or nothing where the result would not fit std::int64_t.
inline std::optional<std::int64_t> checkedAdd(std::int64_t a, std::int64_t b) {
    std::int64_t r = 0;
    if (__builtin_add_overflow(a, b, &r)) return std::nullopt;
    return r;
}
inline std::optional<std::int64_t> checkedSub(std::int64_t a, std::int64_t b) {
    std::int64_t r = 0;
    if (__builtin_sub_overflow(a, b, &r)) return std::nullopt;
    return r;
}
inline std::optional<std::int64_t> checkedMul(std::int64_t a, std::int64_t b) {
    std::int64_t r = 0;
    if (__builtin_mul_overflow(a, b, &r)) return std::nullopt;
    return r;
}

}  // namespace annealer
