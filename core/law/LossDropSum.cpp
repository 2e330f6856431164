#include "law/LossDropSum.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace annealer {

namespace {

// Leaves hold this many changed steps; they are summed exactly when opened.
constexpr std::size_t kLeafSize = 8;
// A node is used whole when x varies across it by at most kSpread * (1 + x): G's derivatives
// scale with (1 + x)^-n, so this bounds the two-point rule's error relative to the node's sum.
constexpr double kSpread = 0.3;
// ... and when log(eta) departs from its linear fit in P by at most this (variance * gamma^2).
constexpr double kLogLrResidual = 1e-6;
// LR of zero would make eta^-gamma infinite; such a step's G is then 1 (or 0 with no area left).
constexpr double kTinyLr = 1e-20;
constexpr std::uint32_t kNoChild = 0xffffffffu;

}  // namespace

// Weighted moments of the changed steps under a node: weights |d_k| (all of one sign), the
// positions P(k) and log(eta_k). Sums of central powers, merged with Pebay's formulas.
struct LossDropSum::Moments {
    double weight = 0.0;
    double meanArea = 0.0;
    double m2Area = 0.0;
    double m3Area = 0.0;
    double meanLogLr = 0.0;
    double m2LogLr = 0.0;
    double coAreaLogLr = 0.0;

    void merge(const Moments& b) {
        if (b.weight <= 0.0) return;
        if (weight <= 0.0) {
            *this = b;
            return;
        }
        const double na = weight, nb = b.weight, n = na + nb;
        const double dArea = b.meanArea - meanArea;
        const double dLog = b.meanLogLr - meanLogLr;
        m3Area += b.m3Area + dArea * dArea * dArea * na * nb * (na - nb) / (n * n) +
                  3.0 * dArea * (na * b.m2Area - nb * m2Area) / n;
        m2Area += b.m2Area + dArea * dArea * na * nb / n;
        m2LogLr += b.m2LogLr + dLog * dLog * na * nb / n;
        coAreaLogLr += b.coAreaLogLr + dArea * dLog * na * nb / n;
        meanArea += dArea * nb / n;
        meanLogLr += dLog * nb / n;
        weight = n;
    }
};


struct LossDropSum::Term {
    double weight;
    double area;
    double logLr;
};

// What a query reads of every node it visits, in one cache line; the rest is in NodeRule.
struct alignas(64) LossDropSum::Node {
    std::int64_t firstStep = 0;
    std::int64_t lastStep = 0;
    double firstArea = 0.0;
    double lastArea = 0.0;
    double minLogLr = 0.0;
    double maxLogLr = 0.0;
    std::uint32_t left = kNoChild;  // kNoChild: a leaf
    std::uint32_t right = kNoChild;
    float residualLogLrVariance = 0.0f;
};

// The two-point Gauss rule standing for a whole node, and a leaf's changed steps.
struct LossDropSum::NodeRule {
    std::array<Term, 2> terms{};
    int size = 0;
    std::uint32_t memberBegin = 0;
    std::uint32_t memberEnd = 0;
};

LossDropSum::LossDropSum(std::span<const double> eta, std::int64_t firstStep, double stepArea) {
    const std::size_t steps = eta.size();
    prefixArea_.resize(steps + 1);
    prefixArea_[0] = 0.0;
    for (std::size_t s = 0; s < steps; ++s) prefixArea_[s + 1] = prefixArea_[s] + stepArea * eta[s];

    const auto first = static_cast<std::size_t>(std::max<std::int64_t>(firstStep, 1));
    std::size_t changed = 0;
    for (std::size_t k = first; k < steps; ++k) changed += eta[k - 1] != eta[k] ? 1 : 0;
    exactSteps_.reserve(changed);
    exactWeight_.reserve(changed);
    exactLogLr_.reserve(changed);
    exactArea_.reserve(changed);
    std::vector<std::uint32_t> dropMembers;
    std::vector<std::uint32_t> riseMembers;
    dropMembers.reserve(changed);
    for (std::size_t k = first; k < steps; ++k) {
        const double change = eta[k - 1] - eta[k];
        if (change == 0.0) continue;
        const auto index = static_cast<std::uint32_t>(exactSteps_.size());
        exactSteps_.push_back(static_cast<std::int64_t>(k));
        exactWeight_.push_back(change);
        exactLogLr_.push_back(std::log(std::max(eta[k], kTinyLr)));
        exactArea_.push_back(prefixArea_[k]);
        (change > 0.0 ? dropMembers : riseMembers).push_back(index);
    }
    buildTree(drops_, std::move(dropMembers));
    buildTree(rises_, std::move(riseMembers));
}

namespace {

// Nodes of a tree over `members` changed steps, split in halves down to leaves of kLeafSize.
std::size_t nodeCount(std::size_t members) {
    if (members <= kLeafSize) return 1;
    return 1 + nodeCount(members / 2) + nodeCount(members - members / 2);
}

}  // namespace

LossDropSum::~LossDropSum() = default;
LossDropSum::LossDropSum(LossDropSum&&) noexcept = default;
LossDropSum& LossDropSum::operator=(LossDropSum&&) noexcept = default;

void LossDropSum::buildTree(Tree& tree, std::vector<std::uint32_t> members) {
    if (members.empty()) return;
    const std::size_t capacity = nodeCount(members.size());
    tree.nodes.reserve(capacity);
    tree.rules.reserve(capacity);
    tree.members = std::move(members);
    buildNode(tree, 0, tree.members.size());
}

LossDropSum::Moments LossDropSum::buildNode(Tree& tree, std::size_t begin, std::size_t end) {
    const auto index = static_cast<std::uint32_t>(tree.nodes.size());
    tree.nodes.emplace_back();
    tree.rules.emplace_back();
    Moments moments;
    double minLog = 0.0, maxLog = 0.0;
    if (end - begin <= kLeafSize) {
        tree.rules[index].memberBegin = static_cast<std::uint32_t>(begin);
        tree.rules[index].memberEnd = static_cast<std::uint32_t>(end);
        // Two passes over the few members: means, then central sums.
        minLog = maxLog = exactLogLr_[tree.members[begin]];
        double weight = 0.0, area = 0.0, logLr = 0.0;
        for (std::size_t m = begin; m < end; ++m) {
            const std::uint32_t e = tree.members[m];
            const double w = std::abs(exactWeight_[e]);
            weight += w;
            area += w * exactArea_[e];
            logLr += w * exactLogLr_[e];
            minLog = std::min(minLog, exactLogLr_[e]);
            maxLog = std::max(maxLog, exactLogLr_[e]);
        }
        moments.weight = weight;
        moments.meanArea = area / weight;
        moments.meanLogLr = logLr / weight;
        for (std::size_t m = begin; m < end; ++m) {
            const std::uint32_t e = tree.members[m];
            const double w = std::abs(exactWeight_[e]);
            const double da = exactArea_[e] - moments.meanArea;
            const double dl = exactLogLr_[e] - moments.meanLogLr;
            moments.m2Area += w * da * da;
            moments.m3Area += w * da * da * da;
            moments.m2LogLr += w * dl * dl;
            moments.coAreaLogLr += w * da * dl;
        }
    } else {
        const std::size_t middle = begin + (end - begin) / 2;
        const auto left = static_cast<std::uint32_t>(tree.nodes.size());
        moments = buildNode(tree, begin, middle);
        const auto right = static_cast<std::uint32_t>(tree.nodes.size());
        moments.merge(buildNode(tree, middle, end));
        const Node& a = tree.nodes[left];
        const Node& b = tree.nodes[right];
        minLog = std::min(a.minLogLr, b.minLogLr);
        maxLog = std::max(a.maxLogLr, b.maxLogLr);
        tree.nodes[index].left = left;
        tree.nodes[index].right = right;
    }

    Node& node = tree.nodes[index];
    const std::uint32_t first = tree.members[begin];
    const std::uint32_t last = tree.members[end - 1];
    node.firstStep = exactSteps_[first];
    node.lastStep = exactSteps_[last];
    node.firstArea = exactArea_[first];
    node.lastArea = exactArea_[last];
    node.minLogLr = minLog;
    node.maxLogLr = maxLog;
    NodeRule& rule = tree.rules[index];

    // Two-point Gauss rule for the weights |d_k| at positions P(k): the nodes are the roots
    // of the second orthogonal polynomial (x-mu)^2 - a(x-mu) - var, a = m3/var; they match the
    // moments 0..3. log(eta) at each is its weighted linear regression on P.
    const double sign = exactWeight_[first] > 0.0 ? 1.0 : -1.0;
    const double w = moments.weight;
    const double variance = moments.m2Area / w;
    if (variance <= 1e-300 || end - begin == 1) {
        rule.terms[0] = {sign * w, moments.meanArea, moments.meanLogLr};
        rule.size = 1;
        node.residualLogLrVariance = 0.0f;
    } else {
        const double a = (moments.m3Area / w) / variance;
        const double root = std::sqrt(a * a + 4.0 * variance);
        const double r1 = 0.5 * (a - root);  // < 0
        const double r2 = 0.5 * (a + root);  // > 0
        const double w1 = w * r2 / (r2 - r1);
        const double w2 = w - w1;
        const double slope = moments.coAreaLogLr / moments.m2Area;
        rule.terms[0] = {sign * w1, moments.meanArea + r1, moments.meanLogLr + slope * r1};
        rule.terms[1] = {sign * w2, moments.meanArea + r2, moments.meanLogLr + slope * r2};
        rule.size = 2;
        node.residualLogLrVariance = static_cast<float>(
            std::max(0.0, (moments.m2LogLr - slope * moments.coAreaLogLr) / w));
    }
    return moments;
}

namespace {

// 1 - exp(-y) for y >= 0, accurate to rounding also for tiny y. glibc's expm1 is several times
// slower than exp, and the loss-drop sum calls this for every term.
inline double oneMinusExpNeg(double y) {
    if (y > 1e-3) return 1.0 - std::exp(-y);
    // Taylor series; the first omitted term, y^6/720, is below 2e-21 here.
    return y * (1.0 - y * (0.5 - y * (1.0 / 6.0 - y * (1.0 / 24.0 - y * (1.0 / 120.0)))));
}

// One term w * G(C * eta^-gamma * (S - P)) and its derivatives, G(x) = 1 - (1+x)^-beta.
// scale = eta^-gamma = exp(-gamma * logLr), passed in because callers often have it.
inline void addTerm(double weight, double area, double logLr, double scale, double areaToT,
                    const LossDropSum::Parameters& p, bool withDerivatives,
                    LossDropSum::Terms& terms) {
    const double distance = areaToT - area;           // S_k(t)
    const double x = p.c * scale * distance;
    const double logOnePlusX = std::log1p(x);
    const double g = oneMinusExpNeg(p.beta * logOnePlusX);  // G(x)
    terms.value += weight * g;
    if (!withDerivatives) return;
    const double complement = 1.0 - g;                          // (1+x)^-beta
    const double slope = p.beta * complement / (1.0 + x);       // G'(x)
    terms.dC += weight * slope * scale * distance;              // dx/dC = x/C
    terms.dBeta += weight * complement * logOnePlusX;           // dG/dbeta
    terms.dGamma -= weight * slope * x * logLr;                 // dx/dgamma = -x log(eta)
}

}  // namespace

void LossDropSum::accumulate(const Tree& tree, std::int64_t t, double areaToT,
                             const Parameters& p, bool withDerivatives, Terms& terms) const {
    if (tree.nodes.empty()) return;
    std::uint32_t stack[128];
    int top = 0;
    stack[top++] = 0;
    while (top > 0) {
        const std::uint32_t index = stack[--top];
        const Node& node = tree.nodes[index];
        if (node.firstStep > t) continue;
        if (node.lastStep <= t) {
            // eta^-gamma at the rule's first point; across the node it lies within
            // [e0 * exp(-u2), e0 * exp(u1)], bounded without further exp calls.
            const NodeRule& rule = tree.rules[index];
            const Term& first = rule.terms[0];
            const double e0 = std::exp(-p.gamma * first.logLr);
            const double u1 = p.gamma * (first.logLr - node.minLogLr);
            const double u2 = p.gamma * (node.maxLogLr - first.logLr);
            if (u1 < 0.5 && p.gamma * p.gamma * node.residualLogLrVariance <= kLogLrResidual) {
                const double xLow = p.c * e0 * (1.0 - u2) * (areaToT - node.lastArea);
                const double xHigh = p.c * e0 / (1.0 - u1) * (areaToT - node.firstArea);
                if (xHigh - xLow <= kSpread * (1.0 + std::max(xLow, 0.0))) {
                    addTerm(first.weight, first.area, first.logLr, e0, areaToT, p,
                            withDerivatives, terms);
                    if (rule.size == 2) {
                        const Term& second = rule.terms[1];
                        addTerm(second.weight, second.area, second.logLr,
                                std::exp(-p.gamma * second.logLr), areaToT, p, withDerivatives,
                                terms);
                    }
                    continue;
                }
            }
        }
        if (node.left == kNoChild) {
            const NodeRule& leaf = tree.rules[index];
            for (std::uint32_t m = leaf.memberBegin; m < leaf.memberEnd; ++m) {
                const std::uint32_t e = tree.members[m];
                if (exactSteps_[e] > t) break;
                addTerm(exactWeight_[e], exactArea_[e], exactLogLr_[e],
                        std::exp(-p.gamma * exactLogLr_[e]), areaToT, p, withDerivatives, terms);
            }
            continue;
        }
        stack[top++] = node.right;
        stack[top++] = node.left;
    }
}

LossDropSum::Terms LossDropSum::evaluate(std::int64_t t, const Parameters& parameters,
                                         bool withDerivatives) const {
    Terms terms;
    const double areaToT = prefixArea_[static_cast<std::size_t>(t) + 1];
    accumulate(drops_, t, areaToT, parameters, withDerivatives, terms);
    accumulate(rises_, t, areaToT, parameters, withDerivatives, terms);
    return terms;
}

LossDropSum::Terms LossDropSum::evaluateExact(std::int64_t t, const Parameters& parameters,
                                              bool withDerivatives) const {
    Terms terms;
    const double areaToT = prefixArea_[static_cast<std::size_t>(t) + 1];
    for (std::size_t e = 0; e < exactSteps_.size() && exactSteps_[e] <= t; ++e)
        addTerm(exactWeight_[e], exactArea_[e], exactLogLr_[e],
                std::exp(-parameters.gamma * exactLogLr_[e]), areaToT, parameters, withDerivatives,
                terms);
    return terms;
}

}  // namespace annealer
