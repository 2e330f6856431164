#include "fit/Fitter.h"

#include "fit/FinalLossDeparture.h"

#include "ParallelFor.h"
#include "VectorRegisters.h"

#include <Eigen/Dense>
#include <ceres/ceres.h>

#include <QStringList>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <numeric>
#include <ceres/manifold.h>

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
    // How many logged losses the point stands for: 1, or a bin of a densely logged run (see
    // binDenseRun), whose `observed` is then their geometric mean at their mean step.
    double weight = 1.0;
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

// The residuals of consecutive points of one run, in one block: r_i = log(L_obs) -
// log(L_pred(step_i; theta)), with dr/dtheta = -(dL/dtheta) / L_pred (times theta_j for a
// parameter the solver sees as log(theta_j)). One block per run, not per point: the law
// evaluates all its steps in one call, and the solver's bookkeeping is per block.
//
// The robust loss is applied here, as a pseudo-residual whose square is the point's share of
// the objective: f_i = sign(r_i) sqrt(w_i rho(r_i^2)), rho the Huber function of Ceres'
// HuberLoss (rho(s) = s for s <= delta^2, 2 delta sqrt(s) - delta^2 beyond) and w_i the point's
// weight, so that 0.5 sum f_i^2 = 0.5 sum w_i rho(r_i^2), the objective of the fit, exactly.
// Beyond delta, df/dr = sqrt(w_i) delta / sqrt(2 delta |r| - delta^2) (continuous at delta).
class RunResidual : public ceres::CostFunction {
public:
    RunResidual(std::span<const FitPoint> points, const SolverSpace& space, double huberDelta)
        : evaluator_(points.front().evaluator),
          space_(space),
          huberDelta_(huberDelta),
          parameterCount_(static_cast<int>(space.logSpace.size())) {
        for (const FitPoint& point : points) {
            steps_.push_back(point.step);
            logObserved_.push_back(std::log(point.observed));
            rootWeight_.push_back(std::sqrt(point.weight));
        }
        set_num_residuals(static_cast<int>(steps_.size()));
        mutable_parameter_block_sizes()->push_back(parameterCount_);
    }

    bool Evaluate(double const* const* parameters, double* residuals,
                  double** jacobians) const override {
        const bool wantJacobian = jacobians != nullptr && jacobians[0] != nullptr;
        const auto count = static_cast<std::size_t>(parameterCount_);
        double theta[kMaxParameters];
        space_.toParameters(parameters[0], theta);
        // The chain rule's factor from the law's parameter to the solver's coordinate.
        double toSolver[kMaxParameters];
        for (std::size_t j = 0; j < count; ++j) toSolver[j] = space_.logSpace[j] ? theta[j] : 1.0;
        // Ceres may evaluate blocks from several threads: the scratch is per call.
        std::vector<double> values(steps_.size());
        std::vector<double> gradients(wantJacobian ? steps_.size() * count : 0);
        evaluator_->evaluate(std::span<const double>(theta, count), steps_, values,
                             wantJacobian ? gradients.data() : nullptr);
        for (std::size_t i = 0; i < steps_.size(); ++i) {
            const double value = values[i];
            if (!std::isfinite(value) || !(value > 0.0)) return false;
            const double r = logObserved_[i] - std::log(value);
            double slope = rootWeight_[i];  // df/dr
            if (huberDelta_ > 0.0 && std::abs(r) > huberDelta_) {
                const double root = std::sqrt(2.0 * huberDelta_ * std::abs(r) - huberDelta_ * huberDelta_);
                residuals[i] = std::copysign(rootWeight_[i] * root, r);
                slope = rootWeight_[i] * huberDelta_ / root;
            } else {
                residuals[i] = rootWeight_[i] * r;
            }
            if (!wantJacobian) continue;
            const double* gradient = gradients.data() + i * count;
            double* row = jacobians[0] + i * count;
            for (std::size_t j = 0; j < count; ++j)
                row[j] = -slope * gradient[j] / value * toSolver[j];
        }
        return true;
    }

private:
    const LawEvaluator* evaluator_;
    std::vector<std::int64_t> steps_;
    std::vector<double> logObserved_;
    std::vector<double> rootWeight_;
    const SolverSpace& space_;
    double huberDelta_;
    int parameterCount_;
};

// A weak prior on one parameter, as a residual: sqrt(w) (u_j - center) / width, u_j the
// solver's coordinate (log(theta_j) for a parameter fitted in log space).
class PriorResidual : public ceres::CostFunction {
public:
    PriorResidual(int parameterCount, int index, double center, double scale)
        : parameterCount_(parameterCount), index_(index), center_(center), scale_(scale) {
        set_num_residuals(1);
        mutable_parameter_block_sizes()->push_back(parameterCount);
    }

    bool Evaluate(double const* const* parameters, double* residuals,
                  double** jacobians) const override {
        residuals[0] = scale_ * (parameters[0][index_] - center_);
        if (jacobians != nullptr && jacobians[0] != nullptr) {
            std::fill(jacobians[0], jacobians[0] + parameterCount_, 0.0);
            jacobians[0][index_] = scale_;
        }
        return true;
    }

private:
    int parameterCount_;
    int index_;
    double center_;
    double scale_;
};

// The prior's part of the objective: 0.5 * w * sum ((u_j - center_j) / width_j)^2.
double priorCost(const LossLaw& law, std::span<const double> parameters, double weight) {
    double total = 0.0;
    const auto& specs = law.parameters();
    for (std::size_t j = 0; j < specs.size(); ++j) {
        const LawParameter& spec = specs[j];
        if (!(spec.priorWidth > 0.0) || weight <= 0.0) continue;
        const double u = spec.fitInLogSpace && spec.lower > 0.0 ? std::log(parameters[j]) : parameters[j];
        const double z = (u - spec.priorCenter) / spec.priorWidth;
        total += 0.5 * weight * z * z;
    }
    return total;
}

// Follows a solve: reports progress, lets the caller cancel, and stops the solver once the
// cost has reached a plateau (a relative fall below kPlateauFall over the last kPlateauWindow
// successful iterations), rather than at an iteration cap.
class SolveMonitor : public ceres::IterationCallback {
public:
    SolveMonitor(const std::function<bool(double)>& progress, double begin, double span,
                 int maxIterations)
        : progress_(progress), begin_(begin), span_(span), maxIterations_(maxIterations) {}

    ceres::CallbackReturnType operator()(const ceres::IterationSummary& summary) override {
        if (summary.step_is_successful || costs_.empty()) costs_.push_back(summary.cost);
        if (progress_) {
            const double done = std::min(1.0, summary.iteration / static_cast<double>(maxIterations_));
            if (!progress_(begin_ + span_ * done)) {
                cancelled_ = true;
                return ceres::SOLVER_ABORT;
            }
        }
        if (recentFall() < kPlateauFall) {
            plateau_ = true;
            return ceres::SOLVER_TERMINATE_SUCCESSFULLY;
        }
        return ceres::SOLVER_CONTINUE;
    }

    // Relative fall of the cost over the last window of successful iterations (infinite before
    // there is a window).
    double recentFall() const {
        if (costs_.size() <= static_cast<std::size_t>(kPlateauWindow))
            return std::numeric_limits<double>::infinity();
        const double then = costs_[costs_.size() - 1 - kPlateauWindow], now = costs_.back();
        return (then - now) / std::max(now, std::numeric_limits<double>::min());
    }
    bool cancelled() const { return cancelled_; }
    bool plateau() const { return plateau_; }

    static constexpr int kPlateauWindow = 10;
    static constexpr double kPlateauFall = 1e-10;

private:
    const std::function<bool(double)>& progress_;
    double begin_;
    double span_;
    int maxIterations_;
    std::vector<double> costs_;
    bool cancelled_ = false;
    bool plateau_ = false;
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
            total += point.weight * 0.5 * r * r;
        else
            total += point.weight * (huberDelta * r - 0.5 * huberDelta * huberDelta);
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
    Eigen::VectorXd ones(n);  // the target, 1 on every row, each row scaled by sqrt(weight)
    std::vector<double> gradient(static_cast<std::size_t>(p));
    for (Eigen::Index i = 0; i < n; ++i) {
        const FitPoint& point = points[static_cast<std::size_t>(i)];
        double value = 0.0;
        point.evaluator->evaluate(theta, std::span<const std::int64_t>(&point.step, 1),
                                  std::span<double>(&value, 1), gradient.data());
        const double rowScale = std::sqrt(point.weight);
        ones(i) = rowScale;
        for (Eigen::Index j = 0; j < m; ++j) {
            const double column = gradient[static_cast<std::size_t>(linear[static_cast<std::size_t>(j)])];
            if (!std::isfinite(column)) return std::nullopt;
            design(i, j) = rowScale * column / point.observed;
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

// Every point of the law's design of nonlinear parameters (plus any given starts), with the
// linear parameters solved exactly, sorted by cost; the best `keep` of them.
std::vector<Start> chooseStarts(const LossLaw& law, const std::vector<FitPoint>& points,
                                const FitOptions& options, std::size_t keep) {
    const std::vector<std::vector<double>> design =
        options.startDesign.empty() ? law.startGrid() : options.startDesign;
    std::vector<Start> candidates(design.size());
    parallelFor(design.size(), 8, [&](std::size_t begin, std::size_t end) {
        for (std::size_t d = begin; d < end; ++d) {
            candidates[d].cost = std::numeric_limits<double>::infinity();
            if (design[d].size() != law.parameters().size()) continue;
            std::optional<std::vector<double>> theta = solveLinearParameters(law, points, design[d]);
            if (!theta || !law.checkParameters(*theta).ok()) continue;
            candidates[d].cost = objective(points, *theta, options.huberDelta) +
                                 priorCost(law, *theta, options.priorWeight);
            candidates[d].parameters = std::move(*theta);
        }
    });
    std::vector<Start> starts;
    for (Start& candidate : candidates)
        if (std::isfinite(candidate.cost)) starts.push_back(std::move(candidate));
    std::sort(starts.begin(), starts.end(),
              [](const Start& a, const Start& b) { return a.cost < b.cost; });
    if (starts.size() > keep) starts.resize(keep);
    return starts;
}

struct Refined {
    std::vector<double> parameters;
    double cost = 0.0;
    bool converged = false;
    bool cancelled = false;
    double recentFall = 0.0;    // relative fall over the last window of iterations
    int iterations = 0;
    QString message;
};

bool atBound(const LawParameter& spec, double value) {
    const auto near = [](double a, double bound) {
        return std::abs(a - bound) <= 1e-9 * std::max(1.0, std::abs(bound));
    };
    return near(value, spec.lower) || near(value, spec.upper);
}

// One Levenberg-Marquardt solve from `start`, with the parameters marked in `held` kept at
// their start values.
Refined solveOnce(const LossLaw& law, const std::vector<FitPoint>& points,
                  const std::vector<double>& start, const std::vector<int>& held,
                  const FitOptions& options, double progressBegin, double progressSpan) {
    Refined refined;
    refined.parameters = start;
    const auto& specs = law.parameters();
    const int count = static_cast<int>(specs.size());

    SolverSpace space;
    for (const LawParameter& spec : specs) space.logSpace.push_back(spec.fitInLogSpace && spec.lower > 0.0);
    std::vector<double> solverValues(specs.size());
    for (std::size_t j = 0; j < specs.size(); ++j)
        solverValues[j] = space.toSolver(j, std::clamp(start[j], specs[j].lower, specs[j].upper));

    ceres::Problem::Options problemOptions;
    problemOptions.loss_function_ownership = ceres::DO_NOT_TAKE_OWNERSHIP;
    ceres::Problem problem(problemOptions);
    double* u = solverValues.data();
    for (std::size_t begin = 0; begin < points.size();) {
        std::size_t end = begin + 1;
        while (end < points.size() && points[end].evaluator == points[begin].evaluator) ++end;
        problem.AddResidualBlock(
            new RunResidual(std::span<const FitPoint>(points).subspan(begin, end - begin), space,
                            options.huberDelta),
            nullptr, u);
        begin = end;
    }
    for (int j = 0; j < count; ++j) {
        const auto index = static_cast<std::size_t>(j);
        problem.SetParameterLowerBound(u, j, space.toSolver(index, specs[index].lower));
        problem.SetParameterUpperBound(u, j, space.toSolver(index, specs[index].upper));
    }
    for (int j = 0; j < count; ++j) {
        const LawParameter& spec = specs[static_cast<std::size_t>(j)];
        if (spec.priorWidth > 0.0 && options.priorWeight > 0.0)
            problem.AddResidualBlock(new PriorResidual(count, j, spec.priorCenter,
                                                       std::sqrt(options.priorWeight) / spec.priorWidth),
                                     nullptr, u);
    }
    if (static_cast<int>(held.size()) == count) {
        problem.SetParameterBlockConstant(u);
    } else if (!held.empty()) {
        problem.SetManifold(u, new ceres::SubsetManifold(count, held));
    }

    ceres::Solver::Options solverOptions;
    solverOptions.linear_solver_type = ceres::DENSE_QR;
    solverOptions.max_num_iterations = std::max(1, options.maxIterations);
    solverOptions.function_tolerance = 1e-14;
    solverOptions.gradient_tolerance = 1e-16;
    solverOptions.parameter_tolerance = 1e-14;
    // No projected line search after each step: refine() holds a parameter that reaches its
    // bound and solves the others again, so the search (a Jacobian per trial) buys nothing.
    solverOptions.max_num_line_search_step_size_iterations = 0;
    solverOptions.logging_type = ceres::SILENT;
    solverOptions.minimizer_progress_to_stdout = false;
    SolveMonitor monitor(options.progress, progressBegin, progressSpan, options.maxIterations);
    solverOptions.callbacks.push_back(&monitor);

    ceres::Solver::Summary summary;
    ceres::Solve(solverOptions, &problem, &summary);
    space.toParameters(u, refined.parameters.data());
    refined.cost = summary.final_cost;
    refined.iterations = static_cast<int>(summary.iterations.size());
    refined.cancelled = monitor.cancelled();
    refined.recentFall = monitor.recentFall();
    refined.converged = summary.termination_type == ceres::CONVERGENCE || monitor.plateau();
    refined.message = monitor.plateau() ? QStringLiteral("the cost reached a plateau")
                                        : QString::fromStdString(summary.message);
    if (!summary.IsSolutionUsable()) refined.cost = std::numeric_limits<double>::infinity();
    return refined;
}

// Levenberg-Marquardt with an active set: projected steps crawl along a bound, so a parameter
// that reaches its bound is held there and the others are solved again, until no other
// parameter reaches one. The iterations of all solves share options.maxIterations.
Refined refine(const LossLaw& law, const std::vector<FitPoint>& points, const Start& start,
               const FitOptions& options, double progressBegin, double progressSpan) {
    const auto& specs = law.parameters();
    std::vector<int> held;
    FitOptions budget = options;
    Refined refined = solveOnce(law, points, start.parameters, held, budget, progressBegin, progressSpan);
    int iterations = refined.iterations;
    while (!refined.cancelled && std::isfinite(refined.cost) && iterations < options.maxIterations) {
        bool more = false;
        for (std::size_t j = 0; j < specs.size(); ++j) {
            if (std::find(held.begin(), held.end(), static_cast<int>(j)) != held.end()) continue;
            if (!atBound(specs[j], refined.parameters[j])) continue;
            held.push_back(static_cast<int>(j));
            more = true;
        }
        if (!more) break;
        budget.maxIterations = options.maxIterations - iterations;
        Refined next = solveOnce(law, points, refined.parameters, held, budget, progressBegin, progressSpan);
        iterations += next.iterations;
        if (!(next.cost <= refined.cost) && !next.cancelled) break;
        refined = std::move(next);
    }
    refined.iterations = iterations;
    return refined;
}

// Screens the starts with a few iterations each, on all cores, then takes only the most
// promising one to convergence: poor starts would otherwise cost most of the time.
Refined screenAndRefine(const LossLaw& law, const std::vector<FitPoint>& points,
                        const std::vector<Start>& starts, const FitOptions& options) {
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
        if (refined.cancelled) return refined;
        if (leader == nullptr || refined.cost < leader->cost) leader = &refined;
    }
    if (leader->converged) return *leader;
    Refined best = refine(law, points, Start{leader->parameters, leader->cost}, options, 0.5, 0.5);
    best.iterations += leader->iterations;
    return best;
}

// (J^T J / s^2 + P)^-1 over the parameters not held at a bound, in the units the fit worked in:
// J of the log residuals, s^2 their variance, and P the priors taken at their stated widths
// (1 / width^2; the prior's fit weight only sets how firmly the point estimate leans on them,
// not how sure of them the band is). Without the priors, a parameter the runs do not move at
// all gets an infinite variance.
std::vector<double> estimateCovariance(const LossLaw& law, const std::vector<FitPoint>& points,
                                       std::span<const double> parameters, bool withPriors) {
    const auto& specs = law.parameters();
    const std::size_t p = specs.size();
    std::vector<double> covariance(p * p, 0.0);
    std::vector<std::size_t> freeIndex;
    for (std::size_t j = 0; j < p; ++j)
        if (!atBound(specs[j], parameters[j])) freeIndex.push_back(j);
    const auto n = static_cast<Eigen::Index>(points.size());
    const auto f = static_cast<Eigen::Index>(freeIndex.size());
    if (f == 0 || n <= f) return covariance;
    Eigen::MatrixXd jacobian(n, f);
    double squares = 0.0;
    std::vector<double> gradient(p);
    for (Eigen::Index i = 0; i < n; ++i) {
        double value = 0.0;
        const FitPoint& point = points[static_cast<std::size_t>(i)];
        evaluatePoint(point, parameters, value, gradient.data());
        // A bin's mean residual has 1/weight of a point's variance: rows scaled by sqrt(weight).
        const double rowScale = std::sqrt(point.weight);
        const double r = std::log(point.observed) - std::log(value);
        squares += point.weight * r * r;
        for (Eigen::Index c = 0; c < f; ++c)
            jacobian(i, c) = -rowScale * gradient[freeIndex[static_cast<std::size_t>(c)]] / value;
    }
    const double residualVariance = squares / static_cast<double>(n - f);
    Eigen::MatrixXd information = jacobian.transpose() * jacobian;
    std::vector<bool> unmoved(static_cast<std::size_t>(f), false);
    for (Eigen::Index c = 0; c < f; ++c) {
        const double value = parameters[freeIndex[static_cast<std::size_t>(c)]];
        unmoved[static_cast<std::size_t>(c)] =
            jacobian.col(c).norm() * std::max(std::abs(value), 1e-300) <
            1e-12 * std::sqrt(static_cast<double>(n));
        const LawParameter& spec = specs[freeIndex[static_cast<std::size_t>(c)]];
        if (!(spec.priorWidth > 0.0) || !withPriors) continue;
        // The prior is on u = log(theta) for a parameter fitted in log space: du/dtheta = 1/theta.
        const double slope = spec.fitInLogSpace && spec.lower > 0.0
                                 ? 1.0 / parameters[freeIndex[static_cast<std::size_t>(c)]]
                                 : 1.0;
        information(c, c) +=
            residualVariance * slope * slope / (spec.priorWidth * spec.priorWidth);
        unmoved[static_cast<std::size_t>(c)] = false;
    }
    const Eigen::MatrixXd inverse =
        information.completeOrthogonalDecomposition().pseudoInverse() * residualVariance;
    for (Eigen::Index a = 0; a < f; ++a)
        for (Eigen::Index b = 0; b < f; ++b)
            covariance[freeIndex[static_cast<std::size_t>(a)] * p +
                       freeIndex[static_cast<std::size_t>(b)]] = inverse(a, b);
    for (Eigen::Index c = 0; c < f; ++c)
        if (unmoved[static_cast<std::size_t>(c)])
            covariance[freeIndex[static_cast<std::size_t>(c)] * (p + 1)] =
                std::numeric_limits<double>::infinity();
    return covariance;
}

// The covariance of g(theta) from that of theta: G C G^T, G = dg/dtheta (row-major, p x p).
std::vector<double> transformCovariance(const std::vector<double>& covariance,
                                        const std::vector<double>& jacobian, std::size_t p) {
    using Matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    const auto size = static_cast<Eigen::Index>(p);
    const Eigen::Map<const Matrix> c(covariance.data(), size, size);
    const Eigen::Map<const Matrix> g(jacobian.data(), size, size);
    const Matrix result = g * c * g.transpose();
    return std::vector<double>(result.data(), result.data() + p * p);
}

bool inWindow(std::int64_t step, const FitOptions& options) {
    return (!options.fromStep || step >= *options.fromStep) &&
           (!options.toStep || step <= *options.toStep);
}

QString runLabel(const Run& run) { return run.source.isEmpty() ? run.name : run.source; }

// The runs' observed losses as fit points, the law prepared on each run's LR in units where
// `lrUnit` is 1.
struct FitProblem {
    std::vector<std::unique_ptr<LawEvaluator>> evaluators;  // one per run
    std::vector<FitPoint> points;                          // what the solver fits
    std::vector<std::vector<std::size_t>> pointsOfRun;
    // Every logged loss inside the window, per run (the points above may be bins of them): what
    // the metrics and the cross-validation are measured on.
    std::vector<std::vector<std::int64_t>> loggedSteps;
    std::vector<std::vector<double>> loggedLosses;
    std::vector<QString> notes;  // points left out, for the fit's warnings

    std::vector<FitPoint> pointsWithout(std::size_t run) const {
        std::vector<FitPoint> kept;
        for (std::size_t r = 0; r < pointsOfRun.size(); ++r)
            if (r != run)
                for (std::size_t index : pointsOfRun[r]) kept.push_back(points[index]);
        return kept;
    }
    std::vector<double> predicted(std::size_t run, std::span<const double> parameters) const {
        std::vector<double> values(loggedSteps[run].size());
        evaluators[run]->evaluate(parameters, loggedSteps[run], values, nullptr);
        return values;
    }
};

// The logged losses a point stands for, summed: what the priors' weight is per.
double totalWeight(const std::vector<FitPoint>& points) {
    double total = 0.0;
    for (const FitPoint& point : points) total += point.weight;
    return total;
}

// A run logged densely (more than kDenseRun losses in the window, e.g. a training loss at every
// step) is fitted on bins of consecutive losses: each bin one point at its mean step, its
// observed loss the geometric mean of the bin's, weighted by their number. The solver's work
// then follows the curve's shape, not the logging rate (100k losses a run took minutes to fit;
// the bins of the same run, well under a second), and the bins keep the information of every
// loss: a bin's mean has the variance of one loss over its count. Bins are short enough that the
// law is nearly linear across each (the bias of a mean against the law at the mean step is
// second order in the width): a bin spans at most kBinSpan of its first step (the curve's own
// time scale, as losses fall like a power of the step) and an LR change of at most kBinLrChange
// of the largest LR (where the LR moves, the loss follows). Runs logged less densely are fitted
// loss by loss.
constexpr std::size_t kDenseRun = 2000;
constexpr double kBinSpan = 0.01;
constexpr double kBinLrChange = 0.01;

std::vector<FitPoint> binDenseRun(const std::vector<FitPoint>& points,
                                  const SampledSchedule& unitSchedule) {
    if (points.size() <= kDenseRun) return points;
    const auto lrAt = [&](std::int64_t step) { return unitSchedule.lr[unitSchedule.blockOf(step)]; };
    std::vector<FitPoint> bins;
    std::size_t first = 0;
    while (first < points.size()) {
        const FitPoint& start = points[first];
        const double startLr = lrAt(start.step);
        const double span = kBinSpan * static_cast<double>(std::max<std::int64_t>(start.step, 1));
        std::size_t end = first + 1;
        while (end < points.size() &&
               static_cast<double>(points[end].step - start.step) <= span &&
               std::abs(lrAt(points[end].step) - startLr) <= kBinLrChange)
            ++end;
        FitPoint bin = start;
        double steps = 0.0;
        double logLosses = 0.0;
        for (std::size_t i = first; i < end; ++i) {
            steps += static_cast<double>(points[i].step);
            logLosses += std::log(points[i].observed);
        }
        const auto count = static_cast<double>(end - first);
        bin.step = static_cast<std::int64_t>(std::llround(steps / count));
        bin.observed = std::exp(logLosses / count);
        bin.weight = count;
        bins.push_back(bin);
        first = end;
    }
    return bins;
}

Result<FitProblem> makeFitProblem(const LossLaw& law, const std::vector<Run>& runs,
                                  const FitOptions& options, double lrUnit) {
    FitProblem problem;
    std::vector<double> typical;
    for (const LawParameter& spec : law.parameters())
        // Small scales keep the value positive; what the check catches is a point where the
        // law is singular (no LR area yet).
        typical.push_back(spec.dependsOnLrUnit ? 1e-6 : spec.typical);
    for (const Run& run : runs) {
        SampledSchedule scaled = run.schedule;
        for (double& lr : scaled.lr) lr /= lrUnit;
        problem.evaluators.push_back(law.prepare(scaled));
        problem.pointsOfRun.emplace_back();
        problem.loggedSteps.emplace_back();
        problem.loggedLosses.emplace_back();
        std::vector<FitPoint> runPoints;
        for (std::size_t i = 0; i < run.lossSteps.size(); ++i) {
            const std::int64_t step = run.lossSteps[i];
            if (!inWindow(step, options)) continue;
            if (step >= run.schedule.steps())
                return Error{QStringLiteral("%1: the loss at step %2 lies beyond the LR schedule "
                                            "(%3 steps)")
                                 .arg(runLabel(run))
                                 .arg(step)
                                 .arg(run.schedule.steps())};
            if (!(run.loss[i] > 0.0) || !std::isfinite(run.loss[i]))
                return Error{QStringLiteral("%1: the loss at step %2 is %3; a fit needs positive "
                                            "finite losses")
                                 .arg(runLabel(run))
                                 .arg(step)
                                 .arg(run.loss[i])};
            FitPoint point{problem.evaluators.back().get(), step, run.loss[i]};
            double value = 0.0;
            if (!evaluatePoint(point, typical, value, nullptr)) {
                // A loss logged before any LR area (step 0 of a warmup from 0) is one the law
                // has no value for: it is left out, and said.
                problem.notes.push_back(
                    QStringLiteral("%1: the loss at step %2 is left out: the %3 law has no value "
                                   "there (no LR area yet)")
                        .arg(runLabel(run), QString::number(step), law.id()));
                continue;
            }
            runPoints.push_back(point);
            problem.loggedSteps.back().push_back(step);
            problem.loggedLosses.back().push_back(run.loss[i]);
        }
        if (options.binDenseRuns) runPoints = binDenseRun(runPoints, scaled);
        for (const FitPoint& point : runPoints) {
            problem.pointsOfRun.back().push_back(problem.points.size());
            problem.points.push_back(point);
        }
        if (problem.pointsOfRun.back().empty())
            return Error{QStringLiteral("%1: no loss points inside the fit window").arg(runLabel(run))};
    }
    if (problem.points.size() <= law.parameters().size())
        return Error{QStringLiteral("fit: %1 loss points cannot determine %2 parameters")
                         .arg(problem.points.size())
                         .arg(law.parameters().size())};
    return problem;
}

// The largest LR of the runs: the fit's unit of LR.
Result<double> largestLr(const std::vector<Run>& runs) {
    double largest = 0.0;
    for (const Run& run : runs) {
        for (double lr : run.schedule.lr) {
            if (!std::isfinite(lr) || lr < 0.0)
                return Error{QStringLiteral("%1: the LR %2 is not a finite number >= 0")
                                 .arg(runLabel(run))
                                 .arg(lr)};
            largest = std::max(largest, lr);
        }
    }
    if (!(largest > 0.0)) return Error{QStringLiteral("fit: every LR of the runs is zero")};
    return largest;
}

// Leave-one-run-out: for each run, the law refitted on the other runs (from the full fit's
// optimum), then PredE on the run left out.
std::vector<double> crossValidate(const LossLaw& law, const FitProblem& problem,
                                  std::span<const double> optimum, const FitOptions& options) {
    const std::size_t runs = problem.pointsOfRun.size();
    std::vector<double> predE(runs, std::numeric_limits<double>::quiet_NaN());
    if (runs < 2) return predE;
    FitOptions quiet = options;
    quiet.progress = nullptr;
    // The refits are independent: one per core.
    parallelFor(runs, 1, [&](std::size_t begin, std::size_t end) {
        for (std::size_t r = begin; r < end; ++r) {
            const std::vector<FitPoint> kept = problem.pointsWithout(r);
            if (kept.size() <= law.parameters().size()) continue;
            FitOptions refit = quiet;
            refit.priorWeight = options.priorWeight * totalWeight(kept);
            const Start from{std::vector<double>(optimum.begin(), optimum.end()), 0.0};
            const Refined fit = refine(law, kept, from, refit, 0.0, 0.0);
            if (!std::isfinite(fit.cost)) continue;
            predE[r] = computeFitMetrics(problem.predicted(r, fit.parameters),
                                         problem.loggedLosses[r])
                           .predE;
        }
    });
    return predE;
}

// A line if the run's last logged loss breaks with the losses before it (see
// FinalLossDeparture.h).
std::optional<QString> finalLossWarning(const QString& run, std::span<const std::int64_t> steps,
                                        std::span<const double> predicted,
                                        std::span<const double> observed) {
    const std::optional<FinalLossDeparture> found = finalLossDeparture(predicted, observed);
    if (!found) return std::nullopt;
    return QStringLiteral("%1: its last loss (step %2, %3) lies %4% %5 the trend of the losses "
                          "before it, %6 times the run's scatter about the fit: a final "
                          "evaluation unlike the others (on the full validation set, or another "
                          "code path)? The Huber loss limits its pull on the fit; --to %7 leaves "
                          "it out")
        .arg(run)
        .arg(steps.back())
        .arg(observed.back(), 0, 'g', 6)
        .arg(std::abs(100.0 * std::expm1(found->departure)), 0, 'f', 1)
        .arg(found->departure > 0.0 ? QStringLiteral("above") : QStringLiteral("below"))
        .arg(std::abs(found->departure) / std::max(found->scatter, 1e-300), 0, 'f', 0)
        .arg(steps[steps.size() - 2]);
}

// One line per thing the fit cannot vouch for.
// unitParameters and dataCovariance (the runs' information alone) in the fit's units.
std::vector<QString> fitWarnings(const LossLaw& law, std::span<const double> unitParameters,
                                 const std::vector<double>& dataCovariance, const Refined& best,
                                 double priorWeight) {
    std::vector<QString> warnings;
    const auto& specs = law.parameters();
    for (std::size_t j = 0; j < specs.size(); ++j) {
        const LawParameter& spec = specs[j];
        const double value = unitParameters[j];
        if (atBound(spec, value)) {
            const bool upper = std::abs(value - spec.upper) < std::abs(value - spec.lower);
            warnings.push_back(
                QStringLiteral("%1 (%5) is at its %2 bound %3%4: the runs would take it "
                               "further; predictions that lean on it are less certain than "
                               "the band says")
                    .arg(spec.name, upper ? QStringLiteral("upper") : QStringLiteral("lower"))
                    .arg(upper ? spec.upper : spec.lower)
                    .arg(spec.dependsOnLrUnit ? QStringLiteral(" (in units of the largest LR)")
                                              : QString())
                    .arg(spec.meaning));
            continue;
        }
        const double relative =
            std::sqrt(std::max(0.0, dataCovariance[j * specs.size() + j])) / std::abs(value);
        if (relative > 1.0)
            warnings.push_back(
                QStringLiteral("%1 (%3) is ill-determined: %2%4; runs with other schedules (a "
                               "decay of another shape or length) would pin it down")
                    .arg(spec.name)
                    .arg(std::isfinite(relative)
                             ? QStringLiteral("the runs alone leave it a standard error of %1% of "
                                              "its value")
                                   .arg(100.0 * relative, 0, 'f', 0)
                             : QStringLiteral("the runs do not move it at all"))
                    .arg(spec.meaning)
                    .arg(spec.priorWidth > 0.0 && priorWeight > 0.0
                             ? QStringLiteral(", and the weak prior holds it near typical values")
                             : QString()));
    }
    if (!best.converged)
        warnings.push_back(
            QStringLiteral("the fit did not converge: after %1 iterations the cost still fell by "
                           "%2 (relative) over the last %3; try a fit window (--from) that leaves "
                           "out the first steps, the other law, or more runs")
                .arg(best.iterations)
                .arg(best.recentFall, 0, 'g', 2)
                .arg(SolveMonitor::kPlateauWindow));
    return warnings;
}

}  // namespace

std::vector<double> predictAtLossSteps(const LossLaw& law, std::span<const double> parameters,
                                       const Run& run,
                                       const LossLaw::PreparationProgress& progress) {
    const auto evaluator = law.prepareWithProgress(run.schedule, progress);
    if (!evaluator) return {};
    std::vector<double> predicted(run.lossSteps.size());
    evaluator->evaluate(parameters, run.lossSteps, predicted, nullptr);
    return predicted;
}

Result<FitResult> Fitter::fit(const LossLaw& law, const std::vector<Run>& runs,
                              const FitOptions& options) const {
    const auto started = std::chrono::steady_clock::now();
    clearUpperVectorRegisters();  // see VectorRegisters.h
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

    // The laws are invariant under a change of LR unit, so the fit is made in units where the
    // largest LR is 1: the same problem, equally well conditioned, for runs at any LR.
    const Result<double> lrUnit = largestLr(runs);
    if (!lrUnit) return Error{lrUnit.error()};
    Result<FitProblem> problem = makeFitProblem(law, runs, options, *lrUnit);
    if (!problem) return Error{problem.error()};
    const std::vector<FitPoint>& points = problem->points;

    // The prior's weight is per fitted point: logging the same curves more or less densely
    // changes the balance between the runs and the prior by nothing.
    FitOptions solve = options;
    solve.priorWeight = options.priorWeight * totalWeight(points);
    const std::vector<Start> starts = chooseStarts(
        law, points, solve, static_cast<std::size_t>(std::max(1, options.refinedStarts)));
    if (starts.empty())
        return Error{QStringLiteral("fit: no starting point gives a finite, positive loss on "
                                    "every point")};
    const Refined best = screenAndRefine(law, points, starts, solve);
    if (best.cancelled) return Error{QStringLiteral("fit: cancelled")};
    if (!std::isfinite(best.cost))
        return Error{QStringLiteral("fit: the solver found no usable solution (%1)").arg(best.message)};

    FitResult result;
    result.lawId = law.id();
    result.lawConvention = law.warmupConvention();
    for (const LawParameter& spec : specs) result.parameterNames.push_back(spec.name);
    std::vector<double> toRunUnits;
    result.parameters = law.rescaledForLr(best.parameters, *lrUnit, &toRunUnits);
    result.covariance = transformCovariance(
        estimateCovariance(law, points, best.parameters, options.priorWeight > 0.0), toRunUnits,
        specs.size());
    for (std::size_t j = 0; j < specs.size(); ++j)
        result.standardErrors.push_back(
            std::sqrt(std::max(0.0, result.covariance[j * specs.size() + j])));
    result.lrUnit = *lrUnit;
    result.huberDelta = options.huberDelta;
    result.fromStep = options.fromStep;
    result.toStep = options.toStep;
    result.cost = best.cost;
    result.priorWeight = options.priorWeight;
    result.priorCost = priorCost(law, best.parameters, solve.priorWeight);
    result.converged = best.converged;
    result.solverMessage = best.message;
    result.starts = static_cast<int>(starts.size());
    result.iterations = best.iterations;
    result.warnings = problem->notes;
    const std::vector<QString> cautions = fitWarnings(law, best.parameters,
                                  estimateCovariance(law, points, best.parameters, false), best,
                                  options.priorWeight);
    result.warnings.insert(result.warnings.end(), cautions.begin(), cautions.end());

    const std::vector<double> crossValidated =
        options.crossValidate ? crossValidate(law, *problem, best.parameters, options)
                              : std::vector<double>(runs.size(), std::numeric_limits<double>::quiet_NaN());
    double crossValidatedSum = 0.0;
    int crossValidatedRuns = 0;
    for (std::size_t r = 0; r < runs.size(); ++r) {
        // The metrics of the parameters as reported, on the runs as given: what a prediction
        // from the fit file gives, to the last digit.
        const std::vector<std::int64_t>& steps = problem->loggedSteps[r];
        std::vector<double> predicted(steps.size());
        law.prepare(runs[r].schedule)->evaluate(result.parameters, steps, predicted, nullptr);
        FittedRun fitted{runs[r].name, runs[r].source,
                         computeFitMetrics(predicted, problem->loggedLosses[r]), QString()};
        if (const std::optional<QString> warning =
                finalLossWarning(runLabel(runs[r]), steps, predicted, problem->loggedLosses[r]))
            result.warnings.push_back(*warning);
        fitted.warmupEnd = runs[r].schedule.warmupSteps;
        fitted.crossValidatedPredE = crossValidated[r];
        if (std::isfinite(crossValidated[r])) {
            crossValidatedSum += crossValidated[r];
            ++crossValidatedRuns;
        }
        result.runs.push_back(fitted);
    }
    if (crossValidatedRuns == static_cast<int>(runs.size()) && crossValidatedRuns > 0)
        result.crossValidatedPredE = crossValidatedSum / crossValidatedRuns;
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return result;
}

}  // namespace annealer
