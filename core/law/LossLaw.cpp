#include "law/LossLaw.h"

#include "law/CptLaw.h"
#include "law/MomentumLaw.h"
#include "law/MultiPowerLaw.h"

#include <QStringList>

#include <cmath>

namespace annealer {

std::unique_ptr<LawEvaluator> LossLaw::prepareWithProgress(
    const SampledSchedule& schedule, const PreparationProgress& progress) const {
    if (progress && !progress(0.0)) return nullptr;
    auto evaluator = prepare(schedule);
    if (progress && !progress(1.0)) return nullptr;
    return evaluator;
}

Status LossLaw::checkParameters(std::span<const double> params) const {
    const auto& specs = parameters();
    if (params.size() != specs.size())
        return Error{QStringLiteral("%1 law: expected %2 parameters, got %3")
                         .arg(id())
                         .arg(specs.size())
                         .arg(params.size())};
    for (std::size_t i = 0; i < specs.size(); ++i) {
        const double value = params[i];
        if (!std::isfinite(value))
            return Error{QStringLiteral("%1: not a finite number").arg(specs[i].name)};
        const bool signOnly = specs[i].dependsOnLrUnit;
        const double lower = signOnly ? (specs[i].lower >= 0.0 ? 0.0 : -HUGE_VAL) : specs[i].lower;
        const double upper = signOnly ? (specs[i].upper <= 0.0 ? 0.0 : HUGE_VAL) : specs[i].upper;
        if (signOnly && (value < lower || value > upper))
            return Error{QStringLiteral("%1: %2 must be %3")
                             .arg(specs[i].name)
                             .arg(value)
                             .arg(lower == 0.0 ? QStringLiteral(">= 0") : QStringLiteral("<= 0"))};
        if (value < lower || value > upper)
            return Error{QStringLiteral("%1: %2 is outside [%3, %4]")
                             .arg(specs[i].name)
                             .arg(value)
                             .arg(specs[i].lower)
                             .arg(specs[i].upper)};
    }
    return {};
}

int LossLaw::parameterIndex(const QString& name) const {
    const auto& specs = parameters();
    for (std::size_t i = 0; i < specs.size(); ++i)
        if (specs[i].name == name) return static_cast<int>(i);
    return -1;
}

QStringList knownLawIds() {
    return {QStringLiteral("momentum-literal"), QStringLiteral("momentum"), QStringLiteral("multipower"),
            QStringLiteral("multipower-published")};
}

QStringList cptLawIds() { return {QStringLiteral("cpt-pt"), QStringLiteral("cpt-cpt")}; }

Result<std::shared_ptr<const LossLaw>> makeLaw(const QString& id) {
    if (id == QLatin1String("momentum"))
        return std::shared_ptr<const LossLaw>(std::make_shared<MomentumLaw>());
    if (id == QLatin1String("momentum-literal"))
        return std::shared_ptr<const LossLaw>(std::make_shared<MomentumLaw>(
            0.999, MomentumLaw::WarmupConvention::Literal));
    if (id == QLatin1String("multipower"))
        return std::shared_ptr<const LossLaw>(std::make_shared<MultiPowerLaw>());
    if (id == QLatin1String("multipower-published"))
        return std::shared_ptr<const LossLaw>(
            std::make_shared<MultiPowerLaw>(MultiPowerLaw::Convention::PublishedCode));
    if (id == QLatin1String("cpt-pt"))
        return std::shared_ptr<const LossLaw>(std::make_shared<CptLaw>(CptLaw::Domain::PretrainingData));
    if (id == QLatin1String("cpt-cpt"))
        return std::shared_ptr<const LossLaw>(std::make_shared<CptLaw>(CptLaw::Domain::NewData));
    return Error{QStringLiteral("unknown law '%1' (known: %2)")
                     .arg(id, (knownLawIds() + cptLawIds()).join(QStringLiteral(", ")))};
}

}  // namespace annealer
