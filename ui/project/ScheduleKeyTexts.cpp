#include "ScheduleKeyTexts.h"

#include "FreeFormConversion.h"
#include "NumberText.h"
#include "SchedulePresets.h"
#include "schedule/ScheduleJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

namespace annealer {

namespace {

QString numberText(const QJsonValue& value) {
    const double number = value.toDouble();
    // Whole numbers (steps) print as integers, whatever their size.
    if (std::abs(number) < 9.0e15 &&
        static_cast<double>(static_cast<std::int64_t>(number)) == number)
        return shortestText(static_cast<std::int64_t>(number));
    return shortestText(number);
}

QString valueText(const QString& key, const QJsonValue& value) {
    if (value.isString()) return value.toString();
    if (value.isBool()) return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (value.isDouble()) return numberText(value);
    if (key == QLatin1String("milestones")) {
        QStringList items;
        for (const QJsonValue& item : value.toArray()) items << numberText(item);
        return items.join(QLatin1Char(','));
    }
    if (key == QLatin1String("points")) {
        QStringList items;
        for (const QJsonValue& item : value.toArray()) {
            const QJsonArray pair = item.toArray();
            items << numberText(pair.at(0)) + QLatin1Char(':') + numberText(pair.at(1));
        }
        return items.join(QLatin1Char(','));
    }
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    return {};
}

// The pairs of keys a schedule gives one of.
QString exclusivePartner(const QString& key) {
    if (key == QLatin1String("floor")) return QStringLiteral("floor_ratio");
    if (key == QLatin1String("floor_ratio")) return QStringLiteral("floor");
    if (key == QLatin1String("decay")) return QStringLiteral("decay_steps");
    if (key == QLatin1String("decay_steps")) return QStringLiteral("decay");
    return {};
}

Result<Schedule> fromTexts(const Schedule& original, ScheduleFamily family,
                           const QMap<QString, QString>& texts) {
    QStringList keyValues;
    for (const ScheduleParameterInfo& info : parameterKeys(family)) {
        const QString text = texts.value(info.key);
        if (!text.isEmpty()) keyValues << info.key + QLatin1Char('=') + text;
    }
    Result<Schedule> parsed = scheduleFromKeyValues(familyName(family), keyValues);
    if (parsed) parsed->name = original.name;
    return parsed;
}

}  // namespace

QMap<QString, QString> scheduleKeyTexts(const Schedule& schedule) {
    QMap<QString, QString> texts;
    const QJsonObject json = scheduleToJson(schedule);
    for (const ScheduleParameterInfo& info : parameterKeys(schedule.family)) {
        const QJsonValue value = json.value(info.key);
        if (!value.isUndefined()) texts.insert(info.key, valueText(info.key, value));
    }
    return texts;
}

Result<Schedule> withKeyText(const Schedule& schedule, const QString& key, const QString& text) {
    if (schedule.family == ScheduleFamily::Chain)
        return Error{QObject::tr("%1: a chain's phases are edited in its JSON file").arg(key)};
    QMap<QString, QString> texts = scheduleKeyTexts(schedule);
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        texts.remove(key);
    else
        texts.insert(key, trimmed);
    const QString partner = exclusivePartner(key);
    if (!partner.isEmpty() && !trimmed.isEmpty()) texts.remove(partner);
    return fromTexts(schedule, schedule.family, texts);
}

Schedule withFamily(const Schedule& schedule, ScheduleFamily family) {
    if (family == schedule.family) return schedule;
    if (family == ScheduleFamily::FreeForm) return toFreeForm(schedule);
    Schedule fallback = defaultScheduleOf(family, ScheduleBasics::of(schedule));
    fallback.name = schedule.name;
    if (family == ScheduleFamily::Chain || schedule.family == ScheduleFamily::Chain)
        return fallback;
    // The new family's defaults, overlaid with every key the two families share.
    QMap<QString, QString> texts = scheduleKeyTexts(fallback);
    const QMap<QString, QString> old = scheduleKeyTexts(schedule);
    for (auto it = old.begin(); it != old.end(); ++it) {
        if (!texts.contains(it.key()) && exclusivePartner(it.key()).isEmpty()) continue;
        texts.insert(it.key(), it.value());
        const QString partner = exclusivePartner(it.key());
        if (!partner.isEmpty() && !old.contains(partner)) texts.remove(partner);
    }
    Result<Schedule> merged = fromTexts(schedule, family, texts);
    return merged ? std::move(merged).value() : fallback;
}

}  // namespace annealer
