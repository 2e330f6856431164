#include "run/recognition/DecayModels.h"

#include <Eigen/Dense>

#include <cmath>

namespace annealer::recognition {

// (1 + cos(pi u)) / 2: from 1 at u = 0 to 0 at u = 1.
double cosineDown(double u) {
    return 0.5 * (1.0 + std::cos(kPi * u));
}

// The coefficients of P, F and I at step x: the same formulas as schedule/Schedule.cpp, with
// the steps continuous so that they can be fitted.
Basis basisAt(const Model& model, const Shape& q, double x) {
    if (model.ramp != Ramp::None && x < q.w) {
        const double u = x / q.w;
        switch (model.ramp) {
            case Ramp::Linear0:  // P x / W
                return {u, 0.0, 0.0};
            case Ramp::Linear:  // I + (P - I) x / W
                return {u, 0.0, 1.0 - u};
            case Ramp::Cosine0:  // P (1 - cos(pi x / W)) / 2
                return {1.0 - cosineDown(u), 0.0, 0.0};
            case Ramp::Cosine:
                return {1.0 - cosineDown(u), 0.0, cosineDown(u)};
            case Ramp::Exponential:  // I (P / I)^(x / W) = P r^(1 - x / W), r = I / P
                return {std::pow(q.r, 1.0 - u), 0.0, 0.0};
            case Ramp::None:
                break;
        }
    }
    const auto progress = [x](double from, double to) {
        return std::clamp((x - from) / (to - from), 0.0, 1.0);
    };
    double g = 1.0;  // the peak's share; the floor has 1 - g
    switch (model.decay) {
        case Decay::Constant:
            return {1.0, 0.0, 0.0};
        case Decay::Linear:  // F + (P - F) (1 - tau), tau = (x - W) / (T - W)
            g = 1.0 - progress(q.w, q.t);
            break;
        case Decay::Cosine:  // F + (P - F) (1 + cos(pi tau)) / 2
            g = cosineDown(progress(q.w, q.t));
            break;
        case Decay::Polynomial:  // F + (P - F) (1 - tau)^p
            g = std::pow(1.0 - progress(q.w, q.t), q.p);
            break;
        case Decay::Exponential:  // P e^(-k (x - W)), i.e. P (F / P)^tau, held from T on
            return {std::exp(-q.k * std::max(std::min(x, q.t) - q.w, 0.0)), 0.0, 0.0};
        case Decay::InverseSqrt:  // P sqrt(ts / (x - W + ts))
            return {std::sqrt(q.ts / (std::max(x - q.w, 0.0) + q.ts)), 0.0, 0.0};
        case Decay::WsdExponential:  // P until D, then P e^(-k (x - D)), held from T on
            return {x < q.d ? 1.0 : std::exp(-q.k * (std::min(x, q.t) - q.d)), 0.0, 0.0};
        case Decay::WsdLinear:  // P until D, then F + (P - F) g(u), u = (x - D) / (T - D)
            g = 1.0 - progress(q.d, q.t);
            break;
        case Decay::WsdCosine:
            g = cosineDown(progress(q.d, q.t));
            break;
        case Decay::WsdOneMinusSqrt:
            g = 1.0 - std::sqrt(progress(q.d, q.t));
            break;
        case Decay::WsdPolynomial:
            g = std::pow(1.0 - progress(q.d, q.t), q.p);
            break;
    }
    return {g, 1.0 - g, 0.0};
}

bool shapeIsValid(const Model& model, const Shape& q) {
    if (model.ramp != Ramp::None && !(q.w > 0.0)) return false;
    if (hasFloor(model.decay) && !isWsd(model.decay) && !(q.t > q.w + 0.5)) return false;
    if (isWsd(model.decay) && !(q.d >= q.w - 1e-9)) return false;
    if (isWsd(model.decay) && hasFloor(model.decay) && !(q.t > q.d + 0.5)) return false;
    return std::isfinite(q.w) && std::isfinite(q.t) && std::isfinite(q.d) && std::isfinite(q.p) &&
           std::isfinite(q.k) && std::isfinite(q.ts) && std::isfinite(q.r);
}

// Solves for the free amplitudes by weighted least squares (variable projection) and returns
// the residuals in units of each sample's tolerance. With `minimax`, the amplitudes instead make
// the largest residual as small as it can be (Lawson's algorithm: least squares reweighted by
// each residual's size, which converges to the Chebyshev solution of a linear problem): the
// right schedule keeps every sample within its rounding, which least squares need not. False
// where the shape is not valid.
bool project(const Model& model, const Shape& q, const Samples& s, Amplitudes* amplitudes,
             std::vector<double>* residuals, bool minimax) {
    if (!shapeIsValid(model, q)) return false;
    const std::size_t n = s.size();
    // Columns of the free amplitudes, in the order peak, floor, init.
    const AmpRule* rules[3] = {&model.peak, &model.floor, &model.init};
    int column[3] = {-1, -1, -1};
    int columns = 0;
    for (int j = 0; j < 3; ++j) {
        if (rules[j]->kind == AmpKind::Free) column[j] = columns++;
    }
    const bool floorTied = model.floor.kind == AmpKind::PeakRatio;
    // Each sample scaled by its tolerance: row . amplitudes - target is its residual.
    std::vector<Eigen::Vector3d> rows(n);
    std::vector<double> targets(n);
    std::vector<Basis> basis(n);
    for (std::size_t i = 0; i < n; ++i) {
        Basis phi = basisAt(model, q, s.x[i]);
        if (floorTied) phi.peak += model.floor.value * phi.floor;
        basis[i] = phi;
        const double coefficient[3] = {phi.peak, phi.floor, phi.init};
        double target = s.y[i];
        Eigen::Vector3d row = Eigen::Vector3d::Zero();
        for (int j = 0; j < 3; ++j) {
            if (rules[j]->kind == AmpKind::Fixed) target -= rules[j]->value * coefficient[j];
            if (column[j] >= 0) row[column[j]] = coefficient[j];
        }
        rows[i] = row / s.tol[i];
        targets[i] = target / s.tol[i];
    }
    const auto solve = [&](const std::vector<double>& weight) {
        Eigen::Matrix3d a = Eigen::Matrix3d::Zero();
        Eigen::Vector3d b = Eigen::Vector3d::Zero();
        for (std::size_t i = 0; i < n; ++i) {
            a.noalias() += weight[i] * rows[i] * rows[i].transpose();
            b += weight[i] * targets[i] * rows[i];
        }
        Eigen::Vector3d solution = Eigen::Vector3d::Zero();
        if (columns > 0) {
            const Eigen::MatrixXd block = a.topLeftCorner(columns, columns);
            Eigen::JacobiSVD<Eigen::MatrixXd> svd(block, Eigen::ComputeFullU | Eigen::ComputeFullV);
            svd.setThreshold(1e-13);
            solution.head(columns) = svd.solve(b.head(columns));
        }
        return solution;
    };
    std::vector<double> weight(n, 1.0);
    Eigen::Vector3d solution = solve(weight);
    if (minimax && columns > 0 && n > static_cast<std::size_t>(columns)) {
        for (int iteration = 0; iteration < 60; ++iteration) {
            double total = 0.0;
            for (std::size_t i = 0; i < n; ++i) {
                weight[i] *= std::abs(rows[i].dot(solution) - targets[i]) + 1e-300;
                total += weight[i];
            }
            if (!(total > 0.0) || !std::isfinite(total)) break;
            for (double& w : weight) w /= total;
            solution = solve(weight);
        }
    }
    double value[3];
    for (int j = 0; j < 3; ++j) {
        value[j] = column[j] >= 0 ? solution[column[j]] : rules[j]->value;
        if (rules[j]->kind == AmpKind::Unused) value[j] = 0.0;
    }
    if (floorTied) value[1] = model.floor.value * value[0];
    // A floor or initial LR below 0 is no schedule's: solve again with it at 0.
    for (int j : {1, 2}) {
        if (column[j] >= 0 && value[j] < 0.0) {
            Model again = model;
            (j == 1 ? again.floor : again.init) = AmpRule{AmpKind::Fixed, 0.0};
            return project(again, q, s, amplitudes, residuals, minimax);
        }
    }
    if (!(value[0] > 0.0) || !std::isfinite(value[0])) return false;
    if (amplitudes) *amplitudes = {value[0], value[1], value[2]};
    if (residuals) {
        residuals->resize(n);
        for (std::size_t i = 0; i < n; ++i) {
            const Basis& phi = basis[i];
            const double fitted = value[0] * phi.peak + (floorTied ? 0.0 : value[1] * phi.floor) +
                                  value[2] * phi.init;
            (*residuals)[i] = (fitted - s.y[i]) / s.tol[i];
        }
    }
    return true;
}

double worstOf(const std::vector<double>& residuals, std::size_t* at) {
    double worst = 0.0;
    for (std::size_t i = 0; i < residuals.size(); ++i) {
        if (std::abs(residuals[i]) > worst) {
            worst = std::abs(residuals[i]);
            if (at) *at = i;
        }
    }
    return worst;
}

double sumOfSquares(const std::vector<double>& residuals) {
    double sum = 0.0;
    for (double r : residuals) sum += r * r;
    return sum;
}

// ---------------------------------------------------------------------------------------------
// Levenberg-Marquardt over the free shape parameters (bounded), forward-difference derivatives.

void setFree(const Model& model, Shape& q, const std::vector<double>& theta) {
    for (std::size_t j = 0; j < model.free.size(); ++j) q.*model.free[j] = theta[j];
}

double levenbergMarquardt(const Model& model, Shape& q, const Samples& s, int iterations) {
    const std::size_t n = model.free.size();
    std::vector<double> residuals;
    if (!project(model, q, s, nullptr, &residuals)) return kInfinity;
    double cost = sumOfSquares(residuals);
    if (n == 0) return cost;
    std::vector<double> theta(n);
    for (std::size_t j = 0; j < n; ++j) {
        theta[j] = std::clamp(q.*model.free[j], model.lo[j], model.hi[j]);
    }
    setFree(model, q, theta);
    if (!project(model, q, s, nullptr, &residuals)) return kInfinity;
    cost = sumOfSquares(residuals);

    const std::size_t m = s.size();
    Eigen::MatrixXd jacobian(m, n);
    std::vector<double> probe;
    double lambda = 1e-3;
    for (int iteration = 0; iteration < iterations && cost > 1e-12; ++iteration) {
        for (std::size_t j = 0; j < n; ++j) {
            Shape moved = q;
            double h = 1e-7 * std::max(std::abs(theta[j]), 1e-4 * (model.hi[j] - model.lo[j]));
            h = std::max(h, 1e-12);
            if (theta[j] + h > model.hi[j]) h = -h;
            moved.*model.free[j] = theta[j] + h;
            if (!project(model, moved, s, nullptr, &probe)) {
                jacobian.col(static_cast<Eigen::Index>(j)).setZero();
                continue;
            }
            for (std::size_t i = 0; i < m; ++i) {
                jacobian(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) =
                    (probe[i] - residuals[i]) / h;
            }
        }
        const Eigen::Map<const Eigen::VectorXd> r(residuals.data(), static_cast<Eigen::Index>(m));
        const Eigen::MatrixXd normal = jacobian.transpose() * jacobian;
        const Eigen::VectorXd gradient = jacobian.transpose() * r;
        bool improved = false;
        const double before = cost;
        while (lambda < 1e14) {
            Eigen::MatrixXd damped = normal;
            for (Eigen::Index j = 0; j < damped.rows(); ++j) {
                damped(j, j) += lambda * std::max(normal(j, j), 1e-30);
            }
            const Eigen::VectorXd delta = damped.ldlt().solve(-gradient);
            std::vector<double> trial(n);
            for (std::size_t j = 0; j < n; ++j) {
                trial[j] = std::clamp(theta[j] + delta[static_cast<Eigen::Index>(j)], model.lo[j],
                                      model.hi[j]);
            }
            Shape trialShape = q;
            setFree(model, trialShape, trial);
            std::vector<double> trialResiduals;
            if (delta.allFinite() && project(model, trialShape, s, nullptr, &trialResiduals)) {
                const double trialCost = sumOfSquares(trialResiduals);
                if (trialCost < cost) {
                    theta = trial;
                    q = trialShape;
                    residuals = std::move(trialResiduals);
                    cost = trialCost;
                    lambda = std::max(lambda / 4.0, 1e-12);
                    improved = true;
                    break;
                }
            }
            lambda *= 4.0;
        }
        if (!improved || before - cost <= 1e-12 * before) break;
    }
    return cost;
}

// The worst residual of a shape (in tolerances), its amplitudes solved for.
double worstFor(const Model& model, const Shape& q, const Samples& s, Amplitudes* amplitudes,
                std::size_t* at) {
    std::vector<double> residuals;
    if (!project(model, q, s, amplitudes, &residuals, model.minimax)) return kInfinity;
    return worstOf(residuals, at);
}



// The best of several starting shapes, by the worst residual.
Fit fitFrom(const Model& model, const std::vector<Shape>& starts, const Samples& s) {
    Fit best{model, starts.empty() ? Shape{} : starts.front(), {}, kInfinity};
    for (const Shape& start : starts) {
        Shape q = start;
        if (!std::isfinite(levenbergMarquardt(model, q, s))) continue;
        Amplitudes amplitudes;
        const double worst = worstFor(model, q, s, &amplitudes);
        if (worst < best.worst) best = Fit{model, q, amplitudes, worst};
    }
    return best;
}

}  // namespace annealer::recognition
