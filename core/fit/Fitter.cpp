#include "fit/Fitter.h"

#include "ParallelFor.h"

#include <Eigen/Dense>
#include <ceres/ceres.h>

#include <QStringList>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>

namespace annealer {

namespace {

constexpr int kMaxParameters = 16;
// Solver iterations each starting point gets before the best is refined to convergence.
constexpr int kScreeningIterations = 15;

// One observed loss the fit must explain.
struct FitPoint {
    const LawEvaluator* evaluator = nullptr;
    std::int64_t step = 0;
    double observed = 0.0;
};

// The law's value (and, if asked, gradient) at one point; false if not a positive finite loss.
bool evaluatePoint(const FitPoint& point, std::span<const double> parameters, double& value,
                   double* gradient) {
    point.evaluator->evaluate(parameters, std::span<const std::int64_t>(&point.step, 1),
                              std::span<double>(&value, 1), gradient);
    return std::isfinite(value) && value > 0.0;
}

// The solver's coordinates: u_j = log(theta_j) for parameters fitted in log space, else theta_j.
struct SolverSpace {
    std::vector<bool> logSpace;

    void toParameters(const double* u, double* theta) const {
        for (std::size_t j = 0; j < logSpace.size(); ++j) theta[j] = logSpace[j] ? std::exp(u[j]) : u[j];
    }
    double toSolver(std::size_t j, double value) const { return logSpace[j] ? std::log(value) : value; }
};

// r = log(L_obs) - log(L_pred(step; theta)), with dr/dtheta = -(dL/dtheta) / L_pred
// (times theta_j for a parameter the solver sees as log(theta_j)).
class LogResidual : public ceres::CostFunction {
public:
    LogResidual(const FitPoint& point, const SolverSpace& space)
        : point_(point), space_(space), parameterCount_(static_cast<int>(space.logSpace.size())) {
        set_num_residuals(1);
        mutable_parameter_block_sizes()->push_back(parameterCount_);
    }

    bool Evaluate(double const* const* parameters, double* residuals,
                  double** jacobians) const override {
        const bool wantJacobian = jacobians != nullptr && jacobians[0] != nullptr;
        double theta[kMaxParameters];
        double gradient[kMaxParameters];
        space_.toParameters(parameters[0], theta);
        double value = 0.0;
        const std::span<const double> thetaSpan(theta, static_cast<std::size_t>(parameterCount_));
        if (!evaluatePoint(point_, thetaSpan, value, wantJacobian ? gradient : nullptr)) return false;
        residuals[0] = std::log(point_.observed) - std::log(value);
        if (wantJacobian)
            for (int j = 0; j < parameterCount_; ++j)
                jacobians[0][j] = -gradient[j] / value *
                                  (space_.logSpace[static_cast<std::size_t>(j)] ? theta[j] : 1.0);
        return true;
    }

private:
    FitPoint point_;
    const SolverSpace& space_;
    int parameterCount_;
};

// Lets the caller follow and cancel a solve.
class ProgressCallback : public ceres::IterationCallback {
public:
    ProgressCallback(const std::function<bool(double)>& progress, double begin, double span,
                     int maxIterations)
        : progress_(progress), begin_(begin), span_(span), maxIterations_(maxIterations) {}

    ceres::CallbackReturnType operator()(const ceres::IterationSummary& summary) override {
        if (!progress_) return ceres::SOLVER_CONTINUE;
        const double done = std::min(1.0, summary.iteration / static_cast<double>(maxIterations_));
        if (!progress_(begin_ + span_ * done)) {
            cancelled_ = true;
            return ceres::SOLVER_ABORT;
        }
        return ceres::SOLVER_CONTINUE;
    }

    bool cancelled() const { return cancelled_; }

private:
    const std::function<bool(double)>& progress_;
    double begin_;
    double span_;
    int maxIterations_;
    bool cancelled_ = false;
};

// The Huber objective of the fit, 0.5 * sum rho(r^2) as Ceres counts it.
double objective(const std::vector<FitPoint>& points, std::span<const double> parameters,
                 double huberDelta) {
    double total = 0.0;
    for (const FitPoint& point : points) {
        double value = 0.0;
        if (!evaluatePoint(point, parameters, value, nullptr))
            return std::numeric_limits<double>::infinity();
        const double r = std::abs(std::log(point.observed) - std::log(value));
        if (huberDelta <= 0.0 || r <= huberDelta)
            total += 0.5 * r * r;
        else
            total += huberDelta * r - 0.5 * huberDelta * huberDelta;
    }
    return total;
}

struct Start {
    std::vector<double> parameters;
    double cost = 0.0;
};

// For one vector of the nonlinear parameters, the linear ones minimising the squared relative
// error sum ((obs - X b) / obs)^2 subject to their bounds (a small active-set loop).
std::optional<std::vector<double>> solveLinearParameters(const LossLaw& law,
                                                         const std::vector<FitPoint>& points,
                                                         std::vector<double> theta) {
    const std::vector<int> linear = law.linearParameters();
    const auto& specs = law.parameters();
    const auto n = static_cast<Eigen::Index>(points.size());
    const auto p = static_cast<Eigen::Index>(theta.size());
    const auto m = static_cast<Eigen::Index>(linear.size());
    // The law is linear in these parameters, so its gradient along them is the design matrix.
    Eigen::MatrixXd design(n, m);
    Eigen::VectorXd ones = Eigen::VectorXd::Ones(n);
    std::vector<double> gradient(static_cast<std::size_t>(p));
    for (Eigen::Index i = 0; i < n; ++i) {
        const FitPoint& point = points[static_cast<std::size_t>(i)];
        double value = 0.0;
        point.evaluator->evaluate(theta, std::span<const std::int64_t>(&point.step, 1),
                                  std::span<double>(&value, 1), gradient.data());
        for (Eigen::Index j = 0; j < m; ++j) {
            const double column = gradient[static_cast<std::size_t>(linear[static_cast<std::size_t>(j)])];
            if (!std::isfinite(column)) return std::nullopt;
            design(i, j) = column / point.observed;
        }
    }
    std::vector<bool> held(static_cast<std::size_t>(m), false);
    Eigen::VectorXd solution = Eigen::VectorXd::Zero(m);
    for (int round = 0; round <= m; ++round) {
        std::vector<Eigen::Index> freeColumns;
        for (Eigen::Index j = 0; j < m; ++j)
            if (!held[static_cast<std::size_t>(j)]) freeColumns.push_back(j);
        Eigen::VectorXd target = ones;
        for (Eigen::Index j = 0; j < m; ++j) {
            if (!held[static_cast<std::size_t>(j)]) continue;
            const double bound = specs[static_cast<std::size_t>(linear[static_cast<std::size_t>(j)])].lower;
            solution(j) = bound;
            target -= design.col(j) * bound;
        }
        if (!freeColumns.empty()) {
            Eigen::MatrixXd reduced(n, static_cast<Eigen::Index>(freeColumns.size()));
            for (std::size_t c = 0; c < freeColumns.size(); ++c)
                reduced.col(static_cast<Eigen::Index>(c)) = design.col(freeColumns[c]);
            const Eigen::VectorXd b = reduced.colPivHouseholderQr().solve(target);
            for (std::size_t c = 0; c < freeColumns.size(); ++c)
                solution(freeColumns[c]) = b(static_cast<Eigen::Index>(c));
        }
        bool changed = false;
        for (Eigen::Index j = 0; j < m; ++j) {
            const auto& spec = specs[static_cast<std::size_t>(linear[static_cast<std::size_t>(j)])];
            if (!held[static_cast<std::size_t>(j)] && solution(j) < spec.lower) {
                held[static_cast<std::size_t>(j)] = true;
                changed = true;
            }
        }
        if (!changed) break;
    }
    for (Eigen::Index j = 0; j < m; ++j) {
        const auto index = static_cast<std::size_t>(linear[static_cast<std::size_t>(j)]);
        theta[index] = std::clamp(solution(j), specs[index].lower, specs[index].upper);
    }
    return theta;
}

std::vector<Start> chooseStarts(const LossLaw& law, const std::vector<FitPoint>& points,
                                const FitOptions& options) {
    std::vector<Start> starts;
    for (const std::vector<double>& grid : law.startGrid()) {
        std::optional<std::vector<double>> theta = solveLinearParameters(law, points, grid);
        if (!theta) continue;
        const double cost = objective(points, *theta, options.huberDelta);
        if (std::isfinite(cost)) starts.push_back({std::move(*theta), cost});
    }
    std::sort(starts.begin(), starts.end(),
              [](const Start& a, const Start& b) { return a.cost < b.cost; });
    if (starts.size() > static_cast<std::size_t>(std::max(1, options.refinedStarts)))
        starts.resize(static_cast<std::size_t>(std::max(1, options.refinedStarts)));
    return starts;
}

struct Refined {
    std::vector<double> parameters;
    double cost = 0.0;
    bool converged = false;
    bool cancelled = false;
    int iterations = 0;
    QString message;
};

Refined refine(const LossLaw& law, const std::vector<FitPoint>& points, const Start& start,
               const FitOptions& options, double progressBegin, double progressSpan) {
    Refined refined;
    refined.parameters = start.parameters;
    const auto& specs = law.parameters();
    const int count = static_cast<int>(specs.size());

    SolverSpace space;
    for (const LawParameter& spec : specs) space.logSpace.push_back(spec.fitInLogSpace && spec.lower > 0.0);
    std::vector<double> solverValues(specs.size());
    for (std::size_t j = 0; j < specs.size(); ++j)
        solverValues[j] = space.toSolver(j, start.parameters[j]);

    ceres::Problem::Options problemOptions;
    problemOptions.loss_function_ownership = ceres::DO_NOT_TAKE_OWNERSHIP;
    ceres::Problem problem(problemOptions);
    ceres::HuberLoss huber(options.huberDelta);
    double* u = solverValues.data();
    for (const FitPoint& point : points)
        problem.AddResidualBlock(new LogResidual(point, space),
                                 options.huberDelta > 0.0 ? &huber : nullptr, u);
    for (int j = 0; j < count; ++j) {
        const auto index = static_cast<std::size_t>(j);
        problem.SetParameterLowerBound(u, j, space.toSolver(index, specs[index].lower));
        problem.SetParameterUpperBound(u, j, space.toSolver(index, specs[index].upper));
    }

    ceres::Solver::Options solverOptions;
    solverOptions.linear_solver_type = ceres::DENSE_QR;
    solverOptions.max_num_iterations = options.maxIterations;
    solverOptions.function_tolerance = 1e-12;
    solverOptions.gradient_tolerance = 1e-14;
    solverOptions.parameter_tolerance = 1e-12;
    solverOptions.logging_type = ceres::SILENT;
    solverOptions.minimizer_progress_to_stdout = false;
    ProgressCallback callback(options.progress, progressBegin, progressSpan, options.maxIterations);
    solverOptions.callbacks.push_back(&callback);

    ceres::Solver::Summary summary;
    ceres::Solve(solverOptions, &problem, &summary);
    space.toParameters(u, refined.parameters.data());
    refined.cost = summary.final_cost;
    refined.iterations = static_cast<int>(summary.iterations.size());
    refined.converged = summary.termination_type == ceres::CONVERGENCE;
    refined.cancelled = callback.cancelled();
    refined.message = QString::fromStdString(summary.message);
    if (!summary.IsSolutionUsable()) refined.cost = std::numeric_limits<double>::infinity();
    return refined;
}

// s^2 (J^T J)^-1 over the parameters not held at a bound; J of the log residuals.
void estimateCovariance(const LossLaw& law, const std::vector<FitPoint>& points,
                        FitResult& result) {
    const auto& specs = law.parameters();
    const std::size_t p = specs.size();
    result.covariance.assign(p * p, 0.0);
    result.standardErrors.assign(p, 0.0);
    std::vector<std::size_t> freeIndex;
    for (std::size_t j = 0; j < p; ++j) {
        const double value = result.parameters[j];
        const double scale = std::max({1.0, std::abs(specs[j].lower), std::abs(specs[j].upper)});
        const bool atBound = std::abs(value - specs[j].lower) <= 1e-10 * scale ||
                             std::abs(value - specs[j].upper) <= 1e-10 * scale;
        if (!atBound) freeIndex.push_back(j);
    }
    const auto n = static_cast<Eigen::Index>(points.size());
    const auto f = static_cast<Eigen::Index>(freeIndex.size());
    if (f == 0 || n <= f) return;
    Eigen::MatrixXd jacobian(n, f);
    double squares = 0.0;
    std::vector<double> gradient(p);
    for (Eigen::Index i = 0; i < n; ++i) {
        double value = 0.0;
        evaluatePoint(points[static_cast<std::size_t>(i)], result.parameters, value, gradient.data());
        const double r = std::log(points[static_cast<std::size_t>(i)].observed) - std::log(value);
        squares += r * r;
        for (Eigen::Index c = 0; c < f; ++c)
            jacobian(i, c) = -gradient[freeIndex[static_cast<std::size_t>(c)]] / value;
    }
    const double residualVariance = squares / static_cast<double>(n - f);
    const Eigen::MatrixXd information = jacobian.transpose() * jacobian;
    const Eigen::MatrixXd inverse =
        information.completeOrthogonalDecomposition().pseudoInverse() * residualVariance;
    for (Eigen::Index a = 0; a < f; ++a) {
        for (Eigen::Index b = 0; b < f; ++b)
            result.covariance[freeIndex[static_cast<std::size_t>(a)] * p +
                              freeIndex[static_cast<std::size_t>(b)]] = inverse(a, b);
        result.standardErrors[freeIndex[static_cast<std::size_t>(a)]] =
            std::sqrt(std::max(0.0, inverse(a, a)));
    }
}

bool inWindow(std::int64_t step, const FitOptions& options) {
    return (!options.fromStep || step >= *options.fromStep) &&
           (!options.toStep || step <= *options.toStep);
}

}  // namespace

std::vector<double> predictAtLossSteps(const LossLaw& law, std::span<const double> parameters,
                                       const Run& run) {
    std::vector<double> predicted(run.lossSteps.size());
    law.prepare(run.schedule)->evaluate(parameters, run.lossSteps, predicted, nullptr);
    return predicted;
}

Result<FitResult> Fitter::fit(const LossLaw& law, const std::vector<Run>& runs,
                              const FitOptions& options) const {
    const auto started = std::chrono::steady_clock::now();
    const auto& specs = law.parameters();
    if (specs.size() > static_cast<std::size_t>(kMaxParameters))
        return Error{QStringLiteral("%1 law: too many parameters").arg(law.id())};
    if (runs.empty()) return Error{QStringLiteral("fit: no runs to fit")};
    if (!(options.huberDelta >= 0.0) || !std::isfinite(options.huberDelta))
        return Error{QStringLiteral("fit: the Huber delta must be a number >= 0")};
    if (options.fromStep && options.toStep && *options.fromStep > *options.toStep)
        return Error{QStringLiteral("fit: --from %1 is after --to %2")
                         .arg(*options.fromStep)
                         .arg(*options.toStep)};

    std::vector<std::unique_ptr<LawEvaluator>> evaluators;
    std::vector<FitPoint> points;
    std::vector<std::vector<std::size_t>> pointsOfRun;
    std::vector<double> typical;
    for (const LawParameter& spec : specs) typical.push_back(spec.typical);
    for (const Run& run : runs) {
        evaluators.push_back(law.prepare(run.schedule));
        pointsOfRun.emplace_back();
        for (std::size_t i = 0; i < run.lossSteps.size(); ++i) {
            const std::int64_t step = run.lossSteps[i];
            if (!inWindow(step, options)) continue;
            if (step >= run.schedule.steps())
                return Error{QStringLiteral("%1: the loss at step %2 lies beyond the LR schedule "
                                            "(%3 steps)")
                                 .arg(run.source.isEmpty() ? run.name : run.source)
                                 .arg(step)
                                 .arg(run.schedule.steps())};
            FitPoint point{evaluators.back().get(), step, run.loss[i]};
            double value = 0.0;
            if (!evaluatePoint(point, typical, value, nullptr))
                return Error{QStringLiteral("%1: the %2 law cannot be evaluated at step %3 (no LR "
                                            "area up to that step?)")
                                 .arg(run.source.isEmpty() ? run.name : run.source, law.id())
                                 .arg(step)};
            pointsOfRun.back().push_back(points.size());
            points.push_back(point);
        }
        if (pointsOfRun.back().empty())
            return Error{QStringLiteral("%1: no loss points inside the fit window")
                             .arg(run.source.isEmpty() ? run.name : run.source)};
    }
    if (points.size() <= specs.size())
        return Error{QStringLiteral("fit: %1 loss points cannot determine %2 parameters")
                         .arg(points.size())
                         .arg(specs.size())};

    const std::vector<Start> starts = chooseStarts(law, points, options);
    if (starts.empty())
        return Error{QStringLiteral("fit: no starting point gives a finite, positive loss on "
                                    "every point")};

    // Screen the starts with a few iterations each, on all cores, then take only the most
    // promising one to convergence: poor starts would otherwise cost most of the time.
    FitOptions screening = options;
    screening.maxIterations = std::min(options.maxIterations, kScreeningIterations);
    std::vector<Refined> screened(starts.size());
    const double span = 0.5 / static_cast<double>(starts.size());
    parallelFor(starts.size(), 1, [&](std::size_t begin, std::size_t end) {
        for (std::size_t s = begin; s < end; ++s)
            screened[s] = refine(law, points, starts[s], screening, span * static_cast<double>(s), span);
    });
    const Refined* leader = nullptr;
    for (const Refined& refined : screened) {
        if (refined.cancelled) return Error{QStringLiteral("fit: cancelled")};
        if (leader == nullptr || refined.cost < leader->cost) leader = &refined;
    }
    Refined best = leader->converged
                       ? *leader
                       : refine(law, points, Start{leader->parameters, leader->cost}, options, 0.5, 0.5);
    if (best.cancelled) return Error{QStringLiteral("fit: cancelled")};
    if (!leader->converged) best.iterations += leader->iterations;
    if (!std::isfinite(best.cost))
        return Error{QStringLiteral("fit: the solver found no usable solution (%1)").arg(best.message)};

    FitResult result;
    result.lawId = law.id();
    result.lawConvention = law.warmupConvention();
    for (const LawParameter& spec : specs) result.parameterNames.push_back(spec.name);
    result.parameters = best.parameters;
    result.huberDelta = options.huberDelta;
    result.fromStep = options.fromStep;
    result.toStep = options.toStep;
    result.cost = best.cost;
    result.converged = best.converged;
    result.solverMessage = best.message;
    result.starts = static_cast<int>(starts.size());
    result.iterations = best.iterations;
    estimateCovariance(law, points, result);

    for (std::size_t r = 0; r < runs.size(); ++r) {
        std::vector<double> predicted, observed;
        for (std::size_t index : pointsOfRun[r]) {
            double value = 0.0;
            evaluatePoint(points[index], result.parameters, value, nullptr);
            predicted.push_back(value);
            observed.push_back(points[index].observed);
        }
        result.runs.push_back(
            {runs[r].name, runs[r].source, computeFitMetrics(predicted, observed), QString()});
    }
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return result;
}

}  // namespace annealer
