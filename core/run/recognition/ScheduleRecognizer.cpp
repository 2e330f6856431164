#include "run/recognition/ScheduleRecognizer.h"

#include "VectorRegisters.h"
#include "run/LogLimits.h"
#include "run/recognition/RecognitionSamples.h"
#include "run/recognition/Recognizer.h"

#include <algorithm>
#include <cmath>

namespace annealer {

using recognition::Recognizer;
using recognition::Samples;
using recognition::setTolerances;

double RecognizedSchedule::lrAt(std::int64_t step) const {
    const std::int64_t local = std::max<std::int64_t>(step - origin, 0);
    if (local >= schedule.steps) return holdLr;
    return schedule.lrAt(local);
}

ScheduleRecognition recognizeSchedule(const std::vector<std::int64_t>& steps,
                                      const std::vector<double>& lr,
                                      const ScheduleRecognitionOptions& options) {
    Samples samples;
    const std::size_t n = std::min(steps.size(), lr.size());
    // Steps as readers give them (run/LogLimits.h), so that no sum or difference below overflows.
    if (!isLogStep(options.origin) || options.lastStep > kMaxLogStep) {
        return {std::nullopt, QStringLiteral("the origin or last step is outside 0..2^53")};
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (!isLogStep(steps[i])) {
            return {std::nullopt, QStringLiteral("step %1 is outside 0..2^53").arg(steps[i])};
        }
        if (i > 0 && steps[i] <= steps[i - 1]) {
            return {std::nullopt,
                    QStringLiteral("step %1 comes after step %2 (steps must increase)")
                        .arg(steps[i])
                        .arg(steps[i - 1])};
        }
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (steps[i] < options.origin) continue;
        if (!std::isfinite(lr[i]) || lr[i] < 0.0 || lr[i] >= kMaxLr) {
            return {std::nullopt, QStringLiteral("the LR at step %1 is negative, not a number or "
                                                 "not below %2")
                                      .arg(steps[i])
                                      .arg(kMaxLr)};
        }
        samples.x.push_back(static_cast<double>(steps[i] - options.origin));
        samples.y.push_back(lr[i]);
    }
    setTolerances(samples, options.relativeTolerance);
    clearUpperVectorRegisters();  // thousands of small solves follow: see VectorRegisters.h
    const std::int64_t lastStep =
        std::max(options.lastStep, samples.size() > 0 ? steps[n - 1] : options.origin);
    return Recognizer(samples, options.origin, lastStep).run();
}

}  // namespace annealer
