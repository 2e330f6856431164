#include "law/LossDropSum.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

namespace annealer {

namespace {

// Leaves hold this many changed steps; they are summed exactly when opened. Long schedules take
// larger leaves, so that the tree stays small (2 nodes per leaf, 128 bytes a node).
constexpr std::size_t kLeafSize = 8;
constexpr std::size_t kLongLeafSize = 128;
constexpr std::size_t kLongSchedule = std::size_t{1} << 20;
// P is stored at every kAreaBlock-th step and summed on from there.
constexpr std::int64_t kAreaBlock = 64;
// A leaf whose changed steps are fewer than 1 in kSparse of the steps it spans lists them; a
// denser one is walked step by step when opened.
constexpr std::int64_t kSparse = 4;
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

// The two-point Gauss rule standing for a whole node; for a sparse leaf, where its steps are
// listed in Tree::sparseSteps (memberBegin == memberEnd: a dense leaf, walked from eta).
struct LossDropSum::NodeRule {
    std::array<Term, 2> terms{};
    int size = 0;
    std::uint32_t memberBegin = 0;
    std::uint32_t memberEnd = 0;
};

// One changed step while a leaf is built.
struct LossDropSum::Member {
    std::int64_t step;
    double weight;
    double area;
    double logLr;
};

namespace {

double logLrOf(double eta) {
    return std::log(std::max(eta, kTinyLr));
}

// 1 / (2n + 1), n = 0..kAtanhTerms-1: the series of log(m) below.
constexpr int kAtanhTerms = 12;
struct AtanhCoefficients {
    double c[kAtanhTerms];
};
constexpr AtanhCoefficients makeAtanhCoefficients() {
    AtanhCoefficients result{};
    for (int n = 0; n < kAtanhTerms; ++n) result.c[n] = 1.0 / (2.0 * n + 1.0);
    return result;
}
constexpr AtanhCoefficients kAtanh = makeAtanhCoefficients();

// log(max(eta, kTinyLr)) for building the tree, where libm's log was a third of the time on
// long schedules: eta = m * 2^e with m in [sqrt(1/2), sqrt(2)), log(eta) = e ln 2 + log(m),
// log(m) = 2 atanh(s) = 2 (s + s^3/3 + s^5/5 + ...), s = (m - 1) / (m + 1), |s| <= 0.172; the
// first omitted term is below 1e-19 relative. It feeds only the nodes' moments (the exact
// terms of opened leaves take std::log), so its last-bit differences stay far inside the
// sum's error bound.
double buildLogLr(double eta) {
    int exponent = 0;
    double m = std::frexp(std::max(eta, kTinyLr), &exponent);  // m in [0.5, 1)
    if (m < std::numbers::sqrt2 / 2.0) {
        m *= 2.0;
        --exponent;
    }
    const double s = (m - 1.0) / (m + 1.0);
    const double s2 = s * s;
    double series = kAtanh.c[kAtanhTerms - 1];
    for (int n = kAtanhTerms - 2; n >= 0; --n) series = series * s2 + kAtanh.c[n];
    return static_cast<double>(exponent) * std::numbers::ln2 + 2.0 * s * series;
}

}  // namespace

// Builds one tree in a single pass: add() takes the changed steps in step order and closes a
// leaf every `leafSize` of them; finish() merges the nodes pairwise, level by level, to a root.
struct LossDropSum::TreeBuilder {
    Tree& tree;
    std::size_t leafSize;
    std::vector<Member> leaf;
    std::vector<std::uint32_t> level;  // the nodes of the level being built
    std::vector<Moments> moments;      // parallel to tree.nodes, dropped after finish()

    // `members`: how many changed steps will be added, so that the nodes are allocated once
    // (growing a vector of 50M steps' nodes would hold it twice for a moment).
    TreeBuilder(Tree& target, std::size_t size, std::size_t members)
        : tree(target), leafSize(size) {
        leaf.reserve(size);
        const std::size_t leaves = (members + size - 1) / size;
        const std::size_t nodes = leaves == 0 ? 0 : 2 * leaves - 1;
        tree.nodes.reserve(nodes);
        tree.rules.reserve(nodes);
        moments.reserve(nodes);
        level.reserve(leaves);
    }

    void add(const Member& member) {
        leaf.push_back(member);
        if (leaf.size() == leafSize) closeLeaf();
    }

    // The Gauss rule of a node from its moments; `members` changed steps under it.
    void setRule(std::uint32_t index, const Moments& m, std::size_t members) {
        Node& node = tree.nodes[index];
        NodeRule& rule = tree.rules[index];
        // Two-point Gauss rule for the weights |d_k| at positions P(k): the nodes are the roots
        // of the second orthogonal polynomial (x-mu)^2 - a(x-mu) - var, a = m3/var; they match
        // the moments 0..3. log(eta) at each is its weighted linear regression on P.
        const double sign = tree.sign;
        const double w = m.weight;
        const double variance = m.m2Area / w;
        if (variance <= 1e-300 || members == 1) {
            rule.terms[0] = {sign * w, m.meanArea, m.meanLogLr};
            rule.size = 1;
            node.residualLogLrVariance = 0.0f;
            return;
        }
        const double a = (m.m3Area / w) / variance;
        const double root = std::sqrt(a * a + 4.0 * variance);
        const double r1 = 0.5 * (a - root);  // < 0
        const double r2 = 0.5 * (a + root);  // > 0
        const double w1 = w * r2 / (r2 - r1);
        const double w2 = w - w1;
        const double slope = m.coAreaLogLr / m.m2Area;
        rule.terms[0] = {sign * w1, m.meanArea + r1, m.meanLogLr + slope * r1};
        rule.terms[1] = {sign * w2, m.meanArea + r2, m.meanLogLr + slope * r2};
        rule.size = 2;
        node.residualLogLrVariance =
            static_cast<float>(std::max(0.0, (m.m2LogLr - slope * m.coAreaLogLr) / w));
    }

    std::uint32_t newNode() {
        const auto index = static_cast<std::uint32_t>(tree.nodes.size());
        tree.nodes.emplace_back();
        tree.rules.emplace_back();
        moments.emplace_back();
        return index;
    }

    void closeLeaf() {
        if (leaf.empty()) return;
        const std::uint32_t index = newNode();
        // Two passes over the few members: means, then central sums.
        Moments m;
        double minLog = leaf.front().logLr, maxLog = leaf.front().logLr;
        double weight = 0.0, area = 0.0, logLr = 0.0;
        for (const Member& e : leaf) {
            const double w = std::abs(e.weight);
            weight += w;
            area += w * e.area;
            logLr += w * e.logLr;
            minLog = std::min(minLog, e.logLr);
            maxLog = std::max(maxLog, e.logLr);
        }
        m.weight = weight;
        m.meanArea = area / weight;
        m.meanLogLr = logLr / weight;
        for (const Member& e : leaf) {
            const double w = std::abs(e.weight);
            const double da = e.area - m.meanArea;
            const double dl = e.logLr - m.meanLogLr;
            m.m2Area += w * da * da;
            m.m3Area += w * da * da * da;
            m.m2LogLr += w * dl * dl;
            m.coAreaLogLr += w * da * dl;
        }
        Node& node = tree.nodes[index];
        node.firstStep = leaf.front().step;
        node.lastStep = leaf.back().step;
        node.firstArea = leaf.front().area;
        node.lastArea = leaf.back().area;
        node.minLogLr = minLog;
        node.maxLogLr = maxLog;
        const auto count = static_cast<std::int64_t>(leaf.size());
        if (node.lastStep - node.firstStep + 1 > kSparse * count) {
            NodeRule& rule = tree.rules[index];
            rule.memberBegin = static_cast<std::uint32_t>(tree.sparseSteps.size());
            for (const Member& e : leaf) tree.sparseSteps.push_back(e.step);
            rule.memberEnd = static_cast<std::uint32_t>(tree.sparseSteps.size());
        }
        moments[index] = m;
        setRule(index, m, leaf.size());
        level.push_back(index);
        leaf.clear();
    }

    void finish() {
        closeLeaf();
        while (level.size() > 1) {
            std::vector<std::uint32_t> parents;
            parents.reserve(level.size() / 2 + 1);
            for (std::size_t i = 0; i + 1 < level.size(); i += 2) {
                const std::uint32_t left = level[i];
                const std::uint32_t right = level[i + 1];
                const std::uint32_t index = newNode();
                Moments m = moments[left];
                m.merge(moments[right]);
                moments[index] = m;
                const Node& a = tree.nodes[left];
                const Node& b = tree.nodes[right];
                Node& node = tree.nodes[index];
                node.firstStep = a.firstStep;
                node.lastStep = b.lastStep;
                node.firstArea = a.firstArea;
                node.lastArea = b.lastArea;
                node.minLogLr = std::min(a.minLogLr, b.minLogLr);
                node.maxLogLr = std::max(a.maxLogLr, b.maxLogLr);
                node.left = left;
                node.right = right;
                setRule(index, m, 2);
                parents.push_back(index);
            }
            if (level.size() % 2 == 1) parents.push_back(level.back());
            level = std::move(parents);
        }
        if (!level.empty()) tree.root = level.front();
        moments = {};
        tree.sparseSteps.shrink_to_fit();
    }
};

LossDropSum::LossDropSum(std::span<const double> eta, std::int64_t firstStep, double stepArea,
                         const std::function<bool(double)>& progress)
    : eta_(eta.begin(), eta.end()),
      stepArea_(stepArea),
      firstMember_(std::max<std::int64_t>(firstStep, 1)) {
    const auto steps = static_cast<std::int64_t>(eta_.size());
    blockArea_.reserve(static_cast<std::size_t>(steps / kAreaBlock + 1));
    drops_.sign = 1.0;
    rises_.sign = -1.0;
    const std::size_t leafSize =
        eta_.size() > kLongSchedule ? kLongLeafSize : kLeafSize;
    std::size_t dropCount = 0, riseCount = 0;
    constexpr std::int64_t kCheckEvery = std::int64_t{1} << 20;
    // The count takes about a fifth of the time, the building the rest.
    const auto stopped = [&](std::int64_t s, double from, double share) {
        return s % kCheckEvery == 0 && progress &&
               !progress(from + share * static_cast<double>(s) / static_cast<double>(steps));
    };
    for (std::int64_t s = firstMember_; s < steps; ++s) {
        if (stopped(s, 0.0, 0.2)) return;
        const auto k = static_cast<std::size_t>(s);
        dropCount += eta_[k - 1] > eta_[k] ? 1 : 0;
        riseCount += eta_[k - 1] < eta_[k] ? 1 : 0;
    }
    TreeBuilder dropBuilder(drops_, leafSize, dropCount);
    TreeBuilder riseBuilder(rises_, leafSize, riseCount);
    // P(s) in one running sum; P(s+1) = P(s) + stepArea * eta_s, as area() sums it again.
    double area = 0.0;
    for (std::int64_t s = 0; s < steps; ++s) {
        if (stopped(s, 0.2, 0.8)) return;
        if (s % kAreaBlock == 0) blockArea_.push_back(area);
        if (s >= firstMember_) {
            const auto k = static_cast<std::size_t>(s);
            const double change = eta_[k - 1] - eta_[k];
            if (change != 0.0) {
                ++changedSteps_;
                (change > 0.0 ? dropBuilder : riseBuilder)
                    .add(Member{s, change, area, buildLogLr(eta_[k])});
            }
        }
        area = area + stepArea_ * eta_[static_cast<std::size_t>(s)];
    }
    if (steps % kAreaBlock == 0) blockArea_.push_back(area);  // P(T) starts a block of its own
    dropBuilder.finish();
    riseBuilder.finish();
    complete_ = true;
}

LossDropSum::~LossDropSum() = default;
LossDropSum::LossDropSum(LossDropSum&&) noexcept = default;
LossDropSum& LossDropSum::operator=(LossDropSum&&) noexcept = default;

double LossDropSum::area(std::int64_t i) const {
    const std::int64_t block = i / kAreaBlock;
    double area = blockArea_[static_cast<std::size_t>(block)];
    for (std::int64_t s = block * kAreaBlock; s < i; ++s)
        area = area + stepArea_ * eta_[static_cast<std::size_t>(s)];
    return area;
}

double LossDropSum::memberWeight(const Tree& tree, std::int64_t k) const {
    const auto i = static_cast<std::size_t>(k);
    const double change = eta_[i - 1] - eta_[i];
    return change * tree.sign > 0.0 ? change : 0.0;
}

template <typename Visit>
void LossDropSum::forEachLeafMember(const Tree& tree, std::uint32_t index, std::int64_t t,
                                    Visit&& visit) const {
    const Node& node = tree.nodes[index];
    const NodeRule& rule = tree.rules[index];
    if (rule.memberBegin != rule.memberEnd) {
        for (std::uint32_t m = rule.memberBegin; m < rule.memberEnd; ++m) {
            const std::int64_t k = tree.sparseSteps[m];
            if (k > t) break;
            visit(k, memberWeight(tree, k), area(k));
        }
        return;
    }
    double runningArea = node.firstArea;  // P(firstStep), then summed on step by step
    const std::int64_t last = std::min(node.lastStep, t);
    for (std::int64_t k = node.firstStep; k <= last; ++k) {
        const double weight = memberWeight(tree, k);
        if (weight != 0.0) visit(k, weight, runningArea);
        runningArea = runningArea + stepArea_ * eta_[static_cast<std::size_t>(k)];
    }
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
    if (tree.root == kNoChild) return;
    std::uint32_t stack[128];
    int top = 0;
    stack[top++] = tree.root;
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
            forEachLeafMember(tree, index, t, [&](std::int64_t k, double weight, double area) {
                const double logLr = logLrOf(eta_[static_cast<std::size_t>(k)]);
                addTerm(weight, area, logLr, std::exp(-p.gamma * logLr), areaToT, p,
                        withDerivatives, terms);
            });
            continue;
        }
        stack[top++] = node.right;
        stack[top++] = node.left;
    }
}

LossDropSum::Terms LossDropSum::evaluate(std::int64_t t, const Parameters& parameters,
                                         bool withDerivatives) const {
    Terms terms;
    const double areaToT = area(t + 1);
    accumulate(drops_, t, areaToT, parameters, withDerivatives, terms);
    accumulate(rises_, t, areaToT, parameters, withDerivatives, terms);
    return terms;
}

LossDropSum::Terms LossDropSum::evaluateExact(std::int64_t t, const Parameters& parameters,
                                              bool withDerivatives) const {
    Terms terms;
    const double areaToT = area(t + 1);
    const std::int64_t last = std::min(t, static_cast<std::int64_t>(eta_.size()) - 1);
    if (firstMember_ > last) return terms;
    double runningArea = area(firstMember_);
    for (std::int64_t k = firstMember_; k <= last; ++k) {
        const auto i = static_cast<std::size_t>(k);
        const double change = eta_[i - 1] - eta_[i];
        if (change != 0.0) {
            const double logLr = logLrOf(eta_[i]);
            addTerm(change, runningArea, logLr, std::exp(-parameters.gamma * logLr), areaToT,
                    parameters, withDerivatives, terms);
        }
        runningArea = runningArea + stepArea_ * eta_[i];
    }
    return terms;
}

}  // namespace annealer
