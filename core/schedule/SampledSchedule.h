#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

namespace annealer {

// The block of `stride` steps that holds a step, clamped to the `blocks` there are.
inline std::size_t blockOfStep(std::int64_t step, std::int64_t stride, std::size_t blocks) {
    const std::int64_t block = step / stride;
    return static_cast<std::size_t>(
        std::clamp<std::int64_t>(block, 0, static_cast<std::int64_t>(blocks) - 1));
}

// The learning rate of every optimizer step: lr[s] is the LR used at step s (s = 0..T-1).
// warmupSteps is how many leading steps are warmup; the loss laws need it (each law documents
// how it treats them).
//
// For drawing long schedules fast, a schedule may also be sampled in blocks: with stride > 1,
// lr[i] is the mean LR of steps i*stride .. (i+1)*stride-1, and the laws treat each block as
// one step of `stride` times the area. Predictions from it are approximations (off by up to
// one block in where a change happens); fits and exact figures use stride 1.
struct SampledSchedule {
    std::vector<double> lr;
    std::int64_t warmupSteps = 0;
    std::int64_t stride = 1;
    // Continual pre-training: the last step of pre-training (steps after it train on the new
    // data); -1 for a run with no transfer. Only the CPT law reads it (core/law/CptLaw.h).
    std::int64_t transferStep = -1;

    std::int64_t steps() const { return static_cast<std::int64_t>(lr.size()) * stride; }
    // The block (or step, for stride 1) that holds a step.
    std::size_t blockOf(std::int64_t step) const { return blockOfStep(step, stride, lr.size()); }
    std::int64_t warmupBlocks() const { return (warmupSteps + stride / 2) / stride; }
};

}  // namespace annealer
