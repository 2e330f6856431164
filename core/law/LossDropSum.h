#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace annealer {

// The loss-drop sum of the multi-power law, fast:
//   D(t) = sum_{k in K, k<=t} d_k * G(C * eta_k^(-gamma) * (P(t+1) - P(k))),
//   G(x) = 1 - (1 + x)^(-beta),  d_k = eta_{k-1} - eta_k,  P(i) = sum_{s<i} eta_s
// over the steps k >= firstStep whose LR changed.
//
// Naively one D(t) costs O(t). Here the changed steps are leaves of a binary tree (one tree for
// drops, one for rises, so every node's weights share a sign). For a query t, a node that lies
// well before t is replaced by a two-point Gauss rule in P built from its weighted moments,
// with log(eta) regressed linearly on P inside it. A node is used whole only when the argument
// x varies across it by at most kSpread * (1 + x) and the residual of log(eta) is small; nearer
// nodes are opened, down to exact leaves. The resulting relative error of D is below 1e-6 on
// smooth and stepped schedules (tests/core/tst_loss_laws.cpp checks 1e-5); the cost per
// query grows with log(t) rather than t.
//
// Memory is bounded for long schedules (issue 16: 50M steps): the class keeps its own copy of
// eta (8 bytes a step), P only at every 64th step (P(i) is summed on from there, in the same
// order as the plain prefix sum, so it is bit for bit the same), and the tree; a leaf's changed
// steps are read back from eta when it is opened, not stored. The tree is built in one pass
// over the steps, bottom-up: leaves of consecutive changed steps (8 of them; 128 for schedules
// over 2^20 steps, so that the tree stays at about 2 bytes a step), merged pairwise.
class LossDropSum {
public:
    // eta: the LR of every step. Steps k >= firstStep (and k >= 1) with eta_{k-1} != eta_k enter.
    // stepArea scales every step's LR area (a block-sampled schedule's stride; 1 otherwise).
    // `progress`, when given, is called every 2^20 steps with the fraction built so far; once it
    // returns false the building stops and complete() is false (the object must then not be
    // evaluated).
    LossDropSum(std::span<const double> eta, std::int64_t firstStep, double stepArea = 1.0,
                const std::function<bool(double)>& progress = {});
    ~LossDropSum();
    LossDropSum(LossDropSum&&) noexcept;
    LossDropSum& operator=(LossDropSum&&) noexcept;

    struct Parameters {
        double c = 1.0;
        double beta = 0.5;
        double gamma = 0.5;
    };
    // Value and derivatives of D(t) with respect to C, beta and gamma.
    struct Terms {
        double value = 0.0;
        double dC = 0.0;
        double dBeta = 0.0;
        double dGamma = 0.0;
    };

    Terms evaluate(std::int64_t t, const Parameters& parameters, bool withDerivatives) const;
    // The plain O(t) sum over every changed step, for tests and benchmarks.
    Terms evaluateExact(std::int64_t t, const Parameters& parameters, bool withDerivatives) const;

    // The LR area P(i) = sum_{s<i} eta_s, i = 0..T.
    double area(std::int64_t i) const;
    std::size_t changedSteps() const { return changedSteps_; }
    bool complete() const { return complete_; }

private:
    struct Node;
    struct NodeRule;
    struct Moments;
    struct Member;
    struct TreeBuilder;
    struct Tree {
        std::vector<Node> nodes;
        std::vector<NodeRule> rules;              // parallel to nodes
        std::vector<std::int64_t> sparseSteps;    // the changed steps of sparse leaves
        std::uint32_t root = 0xffffffffu;         // none when empty
        double sign = 1.0;                        // +1: drops, -1: rises
    };
    struct Term;

    // The weight d_k = eta_{k-1} - eta_k of step k when it belongs to `tree` (its sign), else 0.
    double memberWeight(const Tree& tree, std::int64_t k) const;
    // Calls visit(step, weight, area) for the leaf's changed steps up to t, in step order.
    template <typename Visit>
    void forEachLeafMember(const Tree& tree, std::uint32_t index, std::int64_t t,
                           Visit&& visit) const;
    void accumulate(const Tree& tree, std::int64_t t, double areaToT, const Parameters& p,
                    bool withDerivatives, Terms& terms) const;

    std::vector<double> eta_;
    std::vector<double> blockArea_;  // P(b * kAreaBlock)
    double stepArea_ = 1.0;
    std::int64_t firstMember_ = 1;   // max(firstStep, 1)
    std::size_t changedSteps_ = 0;
    bool complete_ = false;
    Tree drops_;
    Tree rises_;
};

}  // namespace annealer
