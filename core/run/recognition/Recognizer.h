#pragma once

// Internal to the schedule recogniser (ScheduleRecognizer.h is its interface): the search over
// the families. Its parts: Recognizer.cpp (the search, and fitting, rounding and checking a
// candidate), PlateauFamilies.cpp (constant, step, multi-step), DecayFamilies.cpp (warmups and
// the continuous decays: linear, cosine, exponential, inverse sqrt, polynomial, WSD).
#include "run/recognition/DecayModels.h"
#include "run/recognition/RecognitionSamples.h"
#include "run/recognition/ScheduleRecognizer.h"

#include <QString>

#include <cmath>
#include <cstdint>
#include <optional>

namespace annealer::recognition {

// ---------------------------------------------------------------------------------------------
// The recognizer

class Recognizer {
public:
    Recognizer(const Samples& all, std::int64_t origin, std::int64_t lastStep)
        : all_(all), origin_(origin), end_(std::max(lastStep - origin, std::int64_t(0)) + 1) {}

    ScheduleRecognition run();

private:
    Samples fitSubset(std::size_t from, std::size_t to, std::size_t limit = kFitSamples) const;
    QString stepText(double local) const {
        return QString::number(static_cast<std::int64_t>(std::llround(local)) + origin_);
    }
    void note(const QString& family, double worst, double atLocal);

    std::optional<RecognizedSchedule> tryPlateaus();
    std::optional<RecognizedSchedule> tryDecay(Decay decay, std::size_t postFrom);
    std::optional<Fit> fitWarmup(const Fit& post, std::size_t postFrom, std::size_t postTo);
    std::optional<RecognizedSchedule> finish(const Fit& fit, bool warmupFitted,
                                             std::size_t postFrom, const QString& family);
    std::optional<RecognizedSchedule> finishWith(Fit fit, bool warmupFitted, std::size_t postFrom,
                                                 const QString& family);

    bool roundStepCounts(Fit& fit, const Samples& s) const;
    void snapAmplitudes(Fit& fit, const Samples& s) const;
    std::optional<RecognizedSchedule> build(const Fit& fit, bool warmupLogged, std::size_t from,
                                            double geometricFloorRatio) const;
    // The worst mismatch over the samples from `from` on, in tolerances, and where.
    double mismatch(const RecognizedSchedule& recognized, std::size_t from, double* atLocal) const;
    bool supported(const Schedule& schedule, const Model& model, std::size_t from, int parameters,
                   const QString& family);
    void describe(RecognizedSchedule& recognized, bool rampFitted) const;

    const Samples& all_;
    std::int64_t origin_;
    std::int64_t end_;      // steps (from the origin) the LR is wanted for
    std::size_t peak_ = 0;  // the first sample at the largest LR
    std::size_t drop_ = 0;  // the first sample after it below it (all_.size() if none)
    // The closest miss, and a family that matched but had too few samples to be sure of, for
    // the reason given when nothing is recognised.
    QString closest_;
    double closestWorst_ = kInfinity;
    QString supportProblem_;
    // How closely the steps of finish() must match (kFitMatch, then kMatch if that fails).
    double loose_ = kFitMatch;
};

}  // namespace annealer::recognition
