#include "law/LossLaw.h"

#include "law/CptLaw.h"
#include "law/MomentumLaw.h"
#include "law/MultiPowerLaw.h"

#include <QStringList>

#include <cmath>

namespace annealer {

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
        if (value < specs[i].lower || value > specs[i].upper)
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
    return {QStringLiteral("momentum"), QStringLiteral("multipower"),
            QStringLiteral("multipower-published")};
}

QStringList cptLawIds() { return {QStringLiteral("cpt-pt"), QStringLiteral("cpt-cpt")}; }

Result<std::shared_ptr<const LossLaw>> makeLaw(const QString& id) {
    if (id == QLatin1String("momentum"))
        return std::shared_ptr<const LossLaw>(std::make_shared<MomentumLaw>());
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
