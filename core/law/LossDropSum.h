#pragma once

#include <cstdint>
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
// smooth and stepped schedules (tests/core/tst_multipower_law.cpp checks 1e-5); the cost per
// query grows with log(t) rather than t.
class LossDropSum {
public:
    // eta: the LR of every step. Steps k >= firstStep (and k >= 1) with eta_{k-1} != eta_k enter.
    // stepArea scales every step's LR area (a block-sampled schedule's stride; 1 otherwise).
    LossDropSum(std::span<const double> eta, std::int64_t firstStep, double stepArea = 1.0);
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
    double area(std::int64_t i) const { return prefixArea_[static_cast<std::size_t>(i)]; }
    std::size_t changedSteps() const { return exactSteps_.size(); }

private:
    struct Node;
    struct NodeRule;
    struct Moments;
    struct Tree {
        std::vector<Node> nodes;               // nodes[0] is the root when not empty
        std::vector<NodeRule> rules;           // parallel to nodes
        std::vector<std::uint32_t> members;    // indices of the changed steps, in step order
    };
    struct Term;

    void buildTree(Tree& tree, std::vector<std::uint32_t> members);
    // Appends the node over members [begin, end) and its subtree; returns the node's moments.
    Moments buildNode(Tree& tree, std::size_t begin, std::size_t end);
    void accumulate(const Tree& tree, std::int64_t t, double areaToT, const Parameters& p,
                    bool withDerivatives, Terms& terms) const;

    std::vector<double> prefixArea_;
    // Every changed step, in step order: step k, weight d_k, log(eta_k), P(k).
    std::vector<std::int64_t> exactSteps_;
    std::vector<double> exactWeight_;
    std::vector<double> exactLogLr_;
    std::vector<double> exactArea_;
    Tree drops_;
    Tree rises_;
};

}  // namespace annealer
