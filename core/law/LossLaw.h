#pragma once

#include "Result.h"
#include "VectorRegisters.h"
#include "schedule/SampledSchedule.h"

#include <QString>

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

namespace annealer {

// One parameter of a law: its name in files and on screen, the range a fit may search, and a
// typical value (a starting point when nothing better is known).
//
// The laws are invariant under a change of LR unit (every LR times k, with the parameters
// changed by LossLaw::rescaledForLr): a fit therefore works in units where the largest LR of the
// fitted runs is 1, and `lower`/`upper` are bounds in those units. For a parameter that changes
// with the LR unit (dependsOnLrUnit) only the sign of its bounds holds in any other unit;
// `typical` is a value for LRs of the usual size (about 3e-4).
struct LawParameter {
    QString name;
    double lower = 0.0;
    double upper = 0.0;
    double typical = 0.0;
    QString meaning;
    // The solver works on log(value): for a positive scale whose useful values span decades
    // and trade off against an exponent (C against gamma in the multi-power law).
    bool fitInLogSpace = false;
    bool dependsOnLrUnit = false;
    // A weak prior (FitOptions::priorWeight) for a shape parameter the data may not pin down:
    // centre and width in the solver's coordinate (log(value) when fitted in log space; units
    // of the largest LR). No prior where priorWidth is 0.
    double priorCenter = 0.0;
    double priorWidth = 0.0;
};

// A law prepared for one per-step schedule. Everything that does not depend on the law's
// parameters (LR areas, the loss-drop tree, ...) is computed once, so evaluating for many
// parameter vectors, as a fit does, is cheap.
class LawEvaluator {
public:
    virtual ~LawEvaluator() = default;

    // values[i] = L(steps[i]). If jacobian is not null it receives dL(steps[i])/dparams[j] at
    // jacobian[i * params.size() + j]. Steps must lie inside the schedule (0..T-1).
    void evaluate(std::span<const double> params, std::span<const std::int64_t> steps,
                  std::span<double> values, double* jacobian) const {
        clearUpperVectorRegisters();  // see VectorRegisters.h: up to 10x on this thread
        evaluateSteps(params, steps, values, jacobian);
    }

private:
    // What evaluate() computes, per law.
    virtual void evaluateSteps(std::span<const double> params,
                               std::span<const std::int64_t> steps, std::span<double> values,
                               double* jacobian) const = 0;
};

// A law of the loss curve as a function of the LR schedule.
class LossLaw {
public:
    virtual ~LossLaw() = default;

    virtual QString id() const = 0;           // "momentum", "multipower": files and CLI
    virtual QString displayName() const = 0;  // for people
    virtual QString formula() const = 0;      // one line, for help texts and the UI
    virtual QString warmupConvention() const = 0;  // how warmup steps enter the law
    virtual const std::vector<LawParameter>& parameters() const = 0;

    // Indices of the parameters the prediction is linear in (for every value of the others,
    // and zero when all of them are zero). A fit solves for them exactly on a grid of the
    // others to find starting points.
    virtual std::vector<int> linearParameters() const = 0;
    // Values of the other (nonlinear) parameters to try as starting points; each entry is a
    // full parameter vector whose linear parameters are ignored.
    virtual std::vector<std::vector<double>> startGrid() const = 0;

    virtual std::unique_ptr<LawEvaluator> prepare(const SampledSchedule& schedule) const = 0;
    // prepare() that says how far it is: progress(fraction), fraction in [0, 1], is called now
    // and then while a long schedule is prepared (a terminal shows it); once it returns false
    // the preparation stops and the result is null (a view drops a 50M-step schedule at once).
    // The same evaluator as prepare() otherwise. By default: called before and after.
    using PreparationProgress = std::function<bool(double fraction)>;
    virtual std::unique_ptr<LawEvaluator> prepareWithProgress(
        const SampledSchedule& schedule, const PreparationProgress& progress) const;

    // The parameters that predict the same losses when every LR is multiplied by k (k > 0). If
    // jacobian is not null it receives d(result_i)/d(params_j) at jacobian[i * size + j].
    virtual std::vector<double> rescaledForLr(std::span<const double> params, double k,
                                              std::vector<double>* jacobian) const = 0;

    // Checks a parameter vector against the law (count, finite, inside the bounds; for a
    // parameter that depends on the LR unit, on the side of zero its bounds allow).
    Status checkParameters(std::span<const double> params) const;
    int parameterIndex(const QString& name) const;  // -1 if unknown
};

// "momentum", "multipower" or "multipower-published" (the multi-power law with the warmup
// convention of the code published with the paper), "cpt-pt" or "cpt-cpt" (the continual
// pre-training law on the pre-training or the new data); an error lists the known ids.
Result<std::shared_ptr<const LossLaw>> makeLaw(const QString& id);
// The laws of a single run's schedule (what the fit dialog and the law panel offer).
QStringList knownLawIds();
// The continual pre-training laws (they need runs that carry a transfer step).
QStringList cptLawIds();

}  // namespace annealer
