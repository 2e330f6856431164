#include "schedule/ScheduleJson.h"

#include "JsonFile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QSet>

#include <charconv>
#include <cmath>
#include <string>

namespace annealer {

namespace {

const QLatin1String kFormatName("annealer.schedule");

// Integers beyond 2^53 do not survive a trip through a double (JSON numbers are doubles).
constexpr double kLargestWholeNumber = 9007199254740992.0;

enum class KeyKind {
    Integer,
    OptionalInteger,
    Number,
    OptionalNumber,
    WarmupShapeName,
    DecayShapeName,
    InterpolationName,
    AnnealStrategyName,
    Boolean,
    IntegerList,
    Points,
    Phases,
};

std::optional<KeyKind> kindOf(const QString& key) {
    struct Entry {
        const char* key;
        KeyKind kind;
    };
    static const Entry kKeys[] = {
        {"steps", KeyKind::Integer},
        {"peak", KeyKind::Number},
        {"warmup", KeyKind::Integer},
        {"warmup_shape", KeyKind::WarmupShapeName},
        {"warmup_init", KeyKind::Number},
        {"floor", KeyKind::Number},
        {"floor_ratio", KeyKind::OptionalNumber},
        {"decay", KeyKind::Number},
        {"decay_steps", KeyKind::OptionalInteger},
        {"shape", KeyKind::DecayShapeName},
        {"power", KeyKind::Number},
        {"gamma", KeyKind::Number},
        {"step_size", KeyKind::Integer},
        {"milestones", KeyKind::IntegerList},
        {"timescale", KeyKind::OptionalInteger},
        {"cycle", KeyKind::Integer},
        {"cycle_decay", KeyKind::Number},
        {"rewarm", KeyKind::Integer},
        {"points", KeyKind::Points},
        {"interpolation", KeyKind::InterpolationName},
        {"phases", KeyKind::Phases},
        {"power_a", KeyKind::Number},
        {"power_b", KeyKind::Number},
        {"tokens_per_step", KeyKind::Number},
        {"pct_start", KeyKind::Number},
        {"anneal_strategy", KeyKind::AnnealStrategyName},
        {"div_factor", KeyKind::Number},
        {"final_div_factor", KeyKind::Number},
        {"three_phase", KeyKind::Boolean},
    };
    for (const Entry& entry : kKeys)
        if (key == QLatin1String(entry.key)) return entry.kind;
    return std::nullopt;
}

void setInteger(Schedule& schedule, const QString& key, std::int64_t value) {
    if (key == QLatin1String("steps"))
        schedule.steps = value;
    else if (key == QLatin1String("warmup"))
        schedule.warmupSteps = value;
    else if (key == QLatin1String("decay_steps"))
        schedule.decaySteps = value;
    else if (key == QLatin1String("step_size"))
        schedule.stepSize = value;
    else if (key == QLatin1String("timescale"))
        schedule.timescale = value;
    else if (key == QLatin1String("cycle"))
        schedule.cycleSteps = value;
    else if (key == QLatin1String("rewarm"))
        schedule.rewarmSteps = value;
}

void setNumber(Schedule& schedule, const QString& key, double value) {
    if (key == QLatin1String("peak"))
        schedule.peak = value;
    else if (key == QLatin1String("warmup_init"))
        schedule.warmupInit = value;
    else if (key == QLatin1String("floor"))
        schedule.floor = value;
    else if (key == QLatin1String("floor_ratio"))
        schedule.floorRatio = value;
    else if (key == QLatin1String("decay"))
        schedule.decayFraction = value;
    else if (key == QLatin1String("power"))
        schedule.power = value;
    else if (key == QLatin1String("gamma"))
        schedule.gamma = value;
    else if (key == QLatin1String("cycle_decay"))
        schedule.cycleDecay = value;
    else if (key == QLatin1String("power_a"))
        schedule.powerA = value;
    else if (key == QLatin1String("power_b"))
        schedule.powerB = value;
    else if (key == QLatin1String("tokens_per_step"))
        schedule.tokensPerStep = value;
    else if (key == QLatin1String("pct_start"))
        schedule.pctStart = value;
    else if (key == QLatin1String("div_factor"))
        schedule.divFactor = value;
    else if (key == QLatin1String("final_div_factor"))
        schedule.finalDivFactor = value;
}

QString quoted(const QString& text) {
    return QLatin1Char('\'') + text + QLatin1Char('\'');
}

template <typename Enum>
QString choices(std::initializer_list<Enum> values, QString (*name)(Enum)) {
    QStringList names;
    for (Enum value : values) names << name(value);
    return names.join(QStringLiteral(", "));
}

// Sets an enum-valued key from its name; the error lists the names it accepts.
std::optional<QString> setNamedValue(Schedule& schedule, const QString& key, const QString& name) {
    if (key == QLatin1String("warmup_shape")) {
        if (auto shape = warmupShapeFromName(name)) {
            schedule.warmupShape = *shape;
            return std::nullopt;
        }
        return QStringLiteral("unknown warmup shape %1 (%2)")
            .arg(quoted(name), choices({WarmupShape::None, WarmupShape::Linear, WarmupShape::Cosine,
                                        WarmupShape::Exponential},
                                       &warmupShapeName));
    }
    if (key == QLatin1String("shape")) {
        if (auto shape = decayShapeFromName(name)) {
            schedule.decayShape = *shape;
            return std::nullopt;
        }
        return QStringLiteral("unknown decay shape %1 (%2)")
            .arg(quoted(name),
                 choices({DecayShape::Linear, DecayShape::Cosine, DecayShape::OneMinusSqrt,
                          DecayShape::Exponential, DecayShape::Polynomial, DecayShape::Rex},
                         &decayShapeName));
    }
    if (key == QLatin1String("anneal_strategy")) {
        if (auto strategy = annealStrategyFromName(name)) {
            schedule.annealStrategy = *strategy;
            return std::nullopt;
        }
        return QStringLiteral("unknown anneal strategy %1 (%2)")
            .arg(quoted(name),
                 choices({AnnealStrategy::Cosine, AnnealStrategy::Linear}, &annealStrategyName));
    }
    if (auto interpolation = interpolationFromName(name)) {
        schedule.interpolation = *interpolation;
        return std::nullopt;
    }
    return QStringLiteral("unknown interpolation %1 (%2)")
        .arg(quoted(name),
             choices({Interpolation::Linear, Interpolation::MonotoneCubic}, &interpolationName));
}

Error keyError(const QString& prefix, const QString& key, const QString& reason) {
    return Error{prefix + key + QStringLiteral(": ") + reason};
}

// A key must exist and belong to the family; floor/floor_ratio and decay/decay_steps exclude
// each other. `given` collects the keys seen so far.
std::optional<Error> checkKey(ScheduleFamily family, const QString& key, QSet<QString>& given,
                              const QString& prefix) {
    if (!kindOf(key)) return keyError(prefix, key, QStringLiteral("unknown key"));
    QStringList familyKeys;
    for (const ScheduleParameterInfo& info : parameterKeys(family)) familyKeys << info.key;
    if (!familyKeys.contains(key))
        return keyError(prefix, key,
                        QStringLiteral("not a key of the %1 family (its keys: %2)")
                            .arg(familyName(family), familyKeys.join(QStringLiteral(", "))));
    if (given.contains(key)) return keyError(prefix, key, QStringLiteral("given twice"));
    given.insert(key);
    const auto excludes = [&](const char* a, const char* b) {
        return given.contains(QLatin1String(a)) && given.contains(QLatin1String(b));
    };
    if (excludes("floor", "floor_ratio"))
        return keyError(prefix, key, QStringLiteral("give floor or floor_ratio, not both"));
    if (excludes("decay", "decay_steps"))
        return keyError(prefix, key, QStringLiteral("give decay or decay_steps, not both"));
    return std::nullopt;
}

std::optional<std::int64_t> wholeNumber(double value) {
    if (!(std::abs(value) <= kLargestWholeNumber) || std::trunc(value) != value)
        return std::nullopt;
    return static_cast<std::int64_t>(value);
}

// ---------------------------------------------------------------------------------------------
// JSON

QJsonValue toJsonValue(std::int64_t value) {
    return QJsonValue(static_cast<qint64>(value));
}

QJsonObject scheduleObject(const Schedule& schedule) {
    QJsonObject object;
    object.insert(QStringLiteral("name"), schedule.name);
    object.insert(QStringLiteral("family"), familyName(schedule.family));
    for (const ScheduleParameterInfo& info : parameterKeys(schedule.family)) {
        const QString& key = info.key;
        QJsonValue value(QJsonValue::Undefined);
        if (key == QLatin1String("steps"))
            value = toJsonValue(schedule.steps);
        else if (key == QLatin1String("peak"))
            value = schedule.peak;
        else if (key == QLatin1String("warmup"))
            value = toJsonValue(schedule.warmupSteps);
        else if (key == QLatin1String("warmup_shape"))
            value = warmupShapeName(schedule.warmupShape);
        else if (key == QLatin1String("warmup_init"))
            value = schedule.warmupInit;
        // floor or floor_ratio, decay or decay_steps: whichever the user gave
        else if (key == QLatin1String("floor") && !schedule.floorRatio)
            value = schedule.floor;
        else if (key == QLatin1String("floor_ratio") && schedule.floorRatio)
            value = *schedule.floorRatio;
        else if (key == QLatin1String("decay") && !schedule.decaySteps)
            value = schedule.decayFraction;
        else if (key == QLatin1String("decay_steps") && schedule.decaySteps)
            value = toJsonValue(*schedule.decaySteps);
        else if (key == QLatin1String("shape"))
            value = decayShapeName(schedule.decayShape);
        else if (key == QLatin1String("power"))
            value = schedule.power;
        else if (key == QLatin1String("gamma"))
            value = schedule.gamma;
        else if (key == QLatin1String("step_size"))
            value = toJsonValue(schedule.stepSize);
        else if (key == QLatin1String("milestones")) {
            QJsonArray milestones;
            for (std::int64_t milestone : schedule.milestones)
                milestones.append(toJsonValue(milestone));
            value = milestones;
        } else if (key == QLatin1String("timescale") && schedule.timescale)
            value = toJsonValue(*schedule.timescale);
        else if (key == QLatin1String("cycle"))
            value = toJsonValue(schedule.cycleSteps);
        else if (key == QLatin1String("cycle_decay"))
            value = schedule.cycleDecay;
        else if (key == QLatin1String("rewarm"))
            value = toJsonValue(schedule.rewarmSteps);
        else if (key == QLatin1String("points")) {
            QJsonArray points;
            for (const ControlPoint& point : schedule.points)
                points.append(QJsonArray{toJsonValue(point.step), point.lr});
            value = points;
        } else if (key == QLatin1String("interpolation"))
            value = interpolationName(schedule.interpolation);
        else if (key == QLatin1String("power_a"))
            value = schedule.powerA;
        else if (key == QLatin1String("power_b"))
            value = schedule.powerB;
        else if (key == QLatin1String("tokens_per_step"))
            value = schedule.tokensPerStep;
        else if (key == QLatin1String("pct_start"))
            value = schedule.pctStart;
        else if (key == QLatin1String("anneal_strategy"))
            value = annealStrategyName(schedule.annealStrategy);
        else if (key == QLatin1String("div_factor"))
            value = schedule.divFactor;
        else if (key == QLatin1String("final_div_factor"))
            value = schedule.finalDivFactor;
        else if (key == QLatin1String("three_phase"))
            value = schedule.threePhase;
        else if (key == QLatin1String("phases")) {
            QJsonArray phases;
            for (const Schedule& phase : schedule.phases) phases.append(scheduleObject(phase));
            value = phases;
        }
        if (!value.isUndefined()) object.insert(key, value);
    }
    return object;
}

// What a wrong value was: its type, or the number itself when a number was the wrong kind.
QString describe(const QJsonValue& value) {
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest);
    return jsonTypeName(value);
}

std::optional<std::int64_t> jsonWholeNumber(const QJsonValue& value) {
    if (!value.isDouble()) return std::nullopt;
    return wholeNumber(value.toDouble());
}

Result<Schedule> readScheduleObject(const QJsonObject& object, const QString& prefix,
                                    bool topLevel);

// Reads one key's value into the schedule.
std::optional<Error> readJsonKey(Schedule& schedule, const QString& key, const QJsonValue& value,
                                 const QString& prefix) {
    const QString expectedWhole = QStringLiteral("expected a whole number, got ");
    switch (*kindOf(key)) {
        case KeyKind::Integer:
        case KeyKind::OptionalInteger: {
            const auto number = jsonWholeNumber(value);
            if (!number) return keyError(prefix, key, expectedWhole + describe(value));
            setInteger(schedule, key, *number);
            return std::nullopt;
        }
        case KeyKind::Number:
        case KeyKind::OptionalNumber:
            if (!value.isDouble())
                return keyError(prefix, key,
                                QStringLiteral("expected a number, got ") + jsonTypeName(value));
            setNumber(schedule, key, value.toDouble());
            return std::nullopt;
        case KeyKind::Boolean:
            if (!value.isBool())
                return keyError(
                    prefix, key,
                    QStringLiteral("expected true or false, got ") + jsonTypeName(value));
            schedule.threePhase = value.toBool();
            return std::nullopt;
        case KeyKind::WarmupShapeName:
        case KeyKind::DecayShapeName:
        case KeyKind::InterpolationName:
        case KeyKind::AnnealStrategyName:
            if (!value.isString())
                return keyError(prefix, key,
                                QStringLiteral("expected a string, got ") + jsonTypeName(value));
            if (auto problem = setNamedValue(schedule, key, value.toString()))
                return keyError(prefix, key, *problem);
            return std::nullopt;
        case KeyKind::IntegerList: {
            if (!value.isArray())
                return keyError(prefix, key,
                                QStringLiteral("expected an array, got ") + jsonTypeName(value));
            const QJsonArray array = value.toArray();
            schedule.milestones.clear();
            for (qsizetype i = 0; i < array.size(); ++i) {
                const auto number = jsonWholeNumber(array.at(i));
                if (!number)
                    return keyError(prefix, key + QStringLiteral("[%1]").arg(i),
                                    expectedWhole + describe(array.at(i)));
                schedule.milestones.push_back(*number);
            }
            return std::nullopt;
        }
        case KeyKind::Points: {
            if (!value.isArray())
                return keyError(
                    prefix, key,
                    QStringLiteral("expected an array of [step, lr], got ") + jsonTypeName(value));
            const QJsonArray array = value.toArray();
            schedule.points.clear();
            for (qsizetype i = 0; i < array.size(); ++i) {
                const QString pointKey = key + QStringLiteral("[%1]").arg(i);
                const QJsonArray pair = array.at(i).toArray();
                if (!array.at(i).isArray())
                    return keyError(
                        prefix, pointKey,
                        QStringLiteral("expected [step, lr], got ") + jsonTypeName(array.at(i)));
                if (pair.size() != 2)
                    return keyError(
                        prefix, pointKey,
                        QStringLiteral("expected [step, lr], got %1 values").arg(pair.size()));
                const auto step = jsonWholeNumber(pair.at(0));
                if (!step)
                    return keyError(
                        prefix, pointKey,
                        QStringLiteral("step: ") + expectedWhole + describe(pair.at(0)));
                if (!pair.at(1).isDouble())
                    return keyError(
                        prefix, pointKey,
                        QStringLiteral("lr: expected a number, got ") + jsonTypeName(pair.at(1)));
                schedule.points.push_back({*step, pair.at(1).toDouble()});
            }
            return std::nullopt;
        }
        case KeyKind::Phases: {
            if (!value.isArray())
                return keyError(
                    prefix, key,
                    QStringLiteral("expected an array of schedules, got ") + jsonTypeName(value));
            const QJsonArray array = value.toArray();
            schedule.phases.clear();
            for (qsizetype i = 0; i < array.size(); ++i) {
                const QString phaseKey = key + QStringLiteral("[%1]").arg(i);
                if (!array.at(i).isObject())
                    return keyError(
                        prefix, phaseKey,
                        QStringLiteral("expected a schedule object, got ") + jsonTypeName(array.at(i)));
                Result<Schedule> phase = readScheduleObject(
                    array.at(i).toObject(), prefix + phaseKey + QLatin1Char('.'), false);
                if (!phase) return Error{phase.error()};
                schedule.phases.push_back(std::move(phase).value());
            }
            return std::nullopt;
        }
    }
    return std::nullopt;
}

std::optional<Error> checkFormatAndVersion(const QJsonObject& object) {
    const QJsonValue format = object.value(QStringLiteral("format"));
    if (format.isUndefined())
        return Error{
            QStringLiteral("format: missing; an annealer schedule file has "
                           "\"format\": \"annealer.schedule\"")};
    if (format.toString() != kFormatName)
        return Error{QStringLiteral("format: expected \"annealer.schedule\", got ") +
                     (format.isString() ? QLatin1Char('"') + format.toString() + QLatin1Char('"')
                                        : jsonTypeName(format))};
    const QJsonValue version = object.value(QStringLiteral("version"));
    if (version.isUndefined()) return Error{QStringLiteral("version: missing")};
    const auto number = jsonWholeNumber(version);
    if (!number || *number < 1)
        return Error{QStringLiteral("version: expected a whole number >= 1, got ") +
                     describe(version)};
    if (*number > kScheduleFormatVersion)
        return Error{QStringLiteral("version %1 is newer than this program reads (%2)")
                         .arg(*number)
                         .arg(kScheduleFormatVersion)};
    return std::nullopt;
}

Result<Schedule> readScheduleObject(const QJsonObject& object, const QString& prefix,
                                    bool topLevel) {
    if (topLevel) {
        if (auto error = checkFormatAndVersion(object)) return *error;
    }
    Schedule schedule;
    const QJsonValue family = object.value(QStringLiteral("family"));
    if (family.isUndefined())
        return keyError(
            prefix, QStringLiteral("family"),
            QStringLiteral("missing (one of %1)").arg(allFamilyNames().join(QStringLiteral(", "))));
    if (!family.isString())
        return keyError(prefix, QStringLiteral("family"),
                        QStringLiteral("expected a string, got ") + jsonTypeName(family));
    const auto parsedFamily = familyFromName(family.toString());
    if (!parsedFamily)
        return keyError(
            prefix, QStringLiteral("family"),
            QStringLiteral("unknown family %1 (%2)")
                .arg(quoted(family.toString()), allFamilyNames().join(QStringLiteral(", "))));
    schedule.family = *parsedFamily;

    QSet<QString> given;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString key = it.key();
        if (key == QLatin1String("family")) continue;
        if (key == QLatin1String("format") || key == QLatin1String("version")) {
            if (topLevel) continue;
            return keyError(prefix, key,
                            QStringLiteral("only the top level of a file has format and version"));
        }
        if (key == QLatin1String("name")) {
            if (!it.value().isString())
                return keyError(prefix, key,
                                QStringLiteral("expected a string, got ") + jsonTypeName(it.value()));
            schedule.name = it.value().toString();
            continue;
        }
        if (auto error = checkKey(schedule.family, key, given, prefix)) return *error;
        if (auto error = readJsonKey(schedule, key, it.value(), prefix)) return *error;
    }
    return schedule;
}

QString withOrigin(const QString& origin, const QString& message) {
    return origin.isEmpty() ? message : origin + QStringLiteral(": ") + message;
}

// ---------------------------------------------------------------------------------------------
// key=value text

std::optional<double> parseNumber(const QString& text) {
    const std::string bytes = text.toStdString();
    double value = 0.0;
    const char* end = bytes.data() + bytes.size();
    const auto result = std::from_chars(bytes.data(), end, value);
    if (bytes.empty() || result.ec != std::errc() || result.ptr != end) return std::nullopt;
    return value;
}

std::optional<std::int64_t> parseWholeNumber(const QString& text) {
    const std::string bytes = text.toStdString();
    std::int64_t value = 0;
    const char* end = bytes.data() + bytes.size();
    const auto result = std::from_chars(bytes.data(), end, value);
    if (!bytes.empty() && result.ec == std::errc() && result.ptr == end) return value;
    // Also 1e7 and the like, as long as the value is whole.
    if (auto number = parseNumber(text)) return wholeNumber(*number);
    return std::nullopt;
}

std::optional<Error> readTextKey(Schedule& schedule, const QString& key, const QString& text) {
    const QString noPrefix;
    const QString expectedWhole = QStringLiteral("expected a whole number, got ");
    const QString expectedNumber = QStringLiteral("expected a number, got ");
    switch (*kindOf(key)) {
        case KeyKind::Integer:
        case KeyKind::OptionalInteger: {
            const auto number = parseWholeNumber(text);
            if (!number) return keyError(noPrefix, key, expectedWhole + quoted(text));
            setInteger(schedule, key, *number);
            return std::nullopt;
        }
        case KeyKind::Number:
        case KeyKind::OptionalNumber: {
            const auto number = parseNumber(text);
            if (!number) return keyError(noPrefix, key, expectedNumber + quoted(text));
            setNumber(schedule, key, *number);
            return std::nullopt;
        }
        case KeyKind::Boolean:
            if (text == QLatin1String("true") || text == QLatin1String("1"))
                schedule.threePhase = true;
            else if (text == QLatin1String("false") || text == QLatin1String("0"))
                schedule.threePhase = false;
            else
                return keyError(noPrefix, key,
                                QStringLiteral("expected true or false, got ") + quoted(text));
            return std::nullopt;
        case KeyKind::WarmupShapeName:
        case KeyKind::DecayShapeName:
        case KeyKind::InterpolationName:
        case KeyKind::AnnealStrategyName:
            if (auto problem = setNamedValue(schedule, key, text))
                return keyError(noPrefix, key, *problem);
            return std::nullopt;
        case KeyKind::IntegerList: {
            schedule.milestones.clear();
            if (text.isEmpty()) return std::nullopt;
            const QStringList items = text.split(QLatin1Char(','));
            for (qsizetype i = 0; i < items.size(); ++i) {
                const auto number = parseWholeNumber(items[i].trimmed());
                if (!number)
                    return keyError(noPrefix, key + QStringLiteral("[%1]").arg(i),
                                    expectedWhole + quoted(items[i]));
                schedule.milestones.push_back(*number);
            }
            return std::nullopt;
        }
        case KeyKind::Points: {
            schedule.points.clear();
            if (text.isEmpty()) return std::nullopt;
            const QStringList items = text.split(QLatin1Char(','));
            for (qsizetype i = 0; i < items.size(); ++i) {
                const QString pointKey = key + QStringLiteral("[%1]").arg(i);
                const QStringList parts = items[i].trimmed().split(QLatin1Char(':'));
                if (parts.size() != 2)
                    return keyError(noPrefix, pointKey,
                                    QStringLiteral("expected step:lr, got ") + quoted(items[i]));
                const auto step = parseWholeNumber(parts[0]);
                if (!step)
                    return keyError(noPrefix, pointKey,
                                    QStringLiteral("step: ") + expectedWhole + quoted(parts[0]));
                const auto lr = parseNumber(parts[1]);
                if (!lr)
                    return keyError(noPrefix, pointKey,
                                    QStringLiteral("lr: ") + expectedNumber + quoted(parts[1]));
                schedule.points.push_back({*step, *lr});
            }
            return std::nullopt;
        }
        case KeyKind::Phases:
            break;  // chain is refused before any key is read
    }
    return std::nullopt;
}

}  // namespace

QJsonObject scheduleToJson(const Schedule& schedule) {
    QJsonObject object = scheduleObject(schedule);
    object.insert(QStringLiteral("format"), kFormatName);
    // Version 1 where it is enough, so that files of the older families stay readable by
    // programs that know only version 1; those give a clear "newer version" error otherwise.
    object.insert(QStringLiteral("version"), needsScheduleVersion2(schedule) ? 2 : 1);
    return object;
}

Result<Schedule> scheduleFromJson(const QJsonObject& json, const QString& origin) {
    Result<Schedule> schedule = readScheduleObject(json, QString(), true);
    if (!schedule) return Error{withOrigin(origin, schedule.error())};
    if (Status status = schedule->validate(); !status)
        return Error{withOrigin(origin, status.error())};
    return schedule;
}

Status saveScheduleFile(const Schedule& schedule, const QString& path) {
    // A file that would not load again is refused here rather than discovered later.
    if (Status status = schedule.validate(); !status)
        return Error{withOrigin(path, status.error())};
    return writeJsonObjectFile(scheduleToJson(schedule), path);
}

Result<Schedule> loadScheduleFile(const QString& path) {
    auto object = readJsonObjectFile(path);
    if (!object) return Error{object.error()};
    return scheduleFromJson(*object, path);
}

Result<Schedule> scheduleFromKeyValues(const QString& family, const QStringList& keyValues) {
    const auto parsedFamily = familyFromName(family);
    if (!parsedFamily)
        return Error{QStringLiteral("unknown family %1 (%2)")
                         .arg(quoted(family), allFamilyNames().join(QStringLiteral(", ")))};
    if (*parsedFamily == ScheduleFamily::Chain)
        return Error{
            QStringLiteral("chain: not available as key=value; a chain is a list of "
                           "phases, written as a JSON schedule file")};
    Schedule schedule;
    schedule.family = *parsedFamily;
    QSet<QString> given;
    for (const QString& keyValue : keyValues) {
        const qsizetype equals = keyValue.indexOf(QLatin1Char('='));
        if (equals <= 0) return Error{quoted(keyValue) + QStringLiteral(": expected key=value")};
        const QString key = keyValue.left(equals);
        const QString text = keyValue.mid(equals + 1);
        if (auto error = checkKey(schedule.family, key, given, QString())) return *error;
        if (auto error = readTextKey(schedule, key, text)) return *error;
    }
    if (Status status = schedule.validate(); !status) return Error{status.error()};
    return schedule;
}

}  // namespace annealer
