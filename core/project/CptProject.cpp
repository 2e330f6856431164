#include "project/CptProject.h"

#include "JsonFile.h"
#include "fit/FitJson.h"
#include "law/LossLaw.h"
#include "schedule/ScheduleJson.h"

#include <QJsonArray>

#include <cmath>

namespace annealer {

namespace {

const QString kFormat = QStringLiteral("annealer.cpt-project");
constexpr double kLargestWholeNumber = 9007199254740992.0;  // 2^53: whole numbers a double holds

// Reads the fields of one JSON object, each error naming the file and the field's path.
class FieldReader {
public:
    FieldReader(const QJsonObject& object, QString path)
        : object_(object), path_(std::move(path)) {}

    QString where(const QString& key) const {
        return path_.isEmpty() ? key : path_ + QLatin1Char('.') + key;
    }

    Result<double> number(const QString& key) const {
        const QJsonValue value = object_.value(key);
        if (!value.isDouble() || !std::isfinite(value.toDouble()))
            return Error{where(key) + QStringLiteral(": expected a finite number, got ") +
                         jsonTypeName(value)};
        return value.toDouble();
    }
    Result<std::int64_t> whole(const QString& key) const {
        auto value = number(key);
        if (!value) return Error{value.error()};
        if (*value != std::floor(*value) || std::fabs(*value) > kLargestWholeNumber)
            return Error{where(key) +
                         QStringLiteral(": expected a whole number, got %1").arg(*value)};
        return static_cast<std::int64_t>(*value);
    }
    Result<QString> text(const QString& key) const {
        const QJsonValue value = object_.value(key);
        if (!value.isString())
            return Error{where(key) + QStringLiteral(": expected a string, got ") +
                         jsonTypeName(value)};
        return value.toString();
    }
    Result<bool> boolean(const QString& key, bool fallback) const {
        const QJsonValue value = object_.value(key);
        if (value.isUndefined()) return fallback;
        if (!value.isBool())
            return Error{where(key) + QStringLiteral(": expected true or false, got ") +
                         jsonTypeName(value)};
        return value.toBool();
    }
    template <typename T>
    Result<std::vector<T>> array(const QString& key) const {
        const QJsonValue value = object_.value(key);
        if (!value.isArray())
            return Error{where(key) + QStringLiteral(": expected an array, got ") +
                         jsonTypeName(value)};
        std::vector<T> out;
        const QJsonArray items = value.toArray();
        for (qsizetype i = 0; i < items.size(); ++i) {
            const QJsonValue item = items[i];
            const double x = item.toDouble(std::nan(""));
            if (!item.isDouble() || !std::isfinite(x) ||
                (std::is_integral_v<T> &&
                 (x != std::floor(x) || std::fabs(x) > kLargestWholeNumber)))
                return Error{where(key) +
                             QStringLiteral("[%1]: expected a %2, got %3")
                                 .arg(i)
                                 .arg(std::is_integral_v<T> ? QStringLiteral("whole number")
                                                            : QStringLiteral("finite number"),
                                      jsonTypeName(item))};
            out.push_back(static_cast<T>(x));
        }
        return out;
    }

private:
    const QJsonObject& object_;
    QString path_;
};

template <typename T>
QJsonArray toArray(const std::vector<T>& values) {
    QJsonArray array;
    for (const T value : values) array.append(static_cast<double>(value));
    return array;
}

QJsonObject scheduleToJsonEntry(const CptDesignedSchedule& entry) {
    const CptPhase& phase = entry.phase;
    QJsonObject json{{QStringLiteral("name"), entry.name},
                     {QStringLiteral("colour"), entry.colour},
                     {QStringLiteral("visible"), entry.visible},
                     {QStringLiteral("rewarm"), static_cast<qint64>(phase.rewarmSteps)},
                     {QStringLiteral("peak"), phase.peak},
                     {QStringLiteral("shape"), phase.shape},
                     {QStringLiteral("steps"), static_cast<qint64>(phase.steps)},
                     {QStringLiteral("floor"), phase.floor},
                     {QStringLiteral("decay"), phase.decayFraction}};
    if (entry.observed)
        json.insert(QStringLiteral("observed"),
                    QJsonObject{{QStringLiteral("source"), entry.observed->source},
                                {QStringLiteral("steps"), toArray(entry.observed->steps)},
                                {QStringLiteral("val_pt"), toArray(entry.observed->lossPt)},
                                {QStringLiteral("val_cpt"), toArray(entry.observed->lossCpt)}});
    return json;
}

Result<CptObservedRun> observedFromJson(const QJsonObject& json, const QString& path) {
    const FieldReader fields(json, path);
    CptObservedRun run;
    auto source = fields.text(QStringLiteral("source"));
    auto steps = fields.array<std::int64_t>(QStringLiteral("steps"));
    auto pt = fields.array<double>(QStringLiteral("val_pt"));
    auto cpt = fields.array<double>(QStringLiteral("val_cpt"));
    if (!source) return Error{source.error()};
    if (!steps) return Error{steps.error()};
    if (!pt) return Error{pt.error()};
    if (!cpt) return Error{cpt.error()};
    if (pt->size() != steps->size() || cpt->size() != steps->size())
        return Error{path +
                     QStringLiteral(": steps, val_pt and val_cpt differ in length (%1, %2, %3)")
                         .arg(steps->size())
                         .arg(pt->size())
                         .arg(cpt->size())};
    for (std::size_t i = 1; i < steps->size(); ++i)
        if ((*steps)[i] <= (*steps)[i - 1])
            return Error{path + QStringLiteral(".steps[%1]: %2 is not after %3")
                                    .arg(i)
                                    .arg((*steps)[i])
                                    .arg((*steps)[i - 1])};
    run.source = *source;
    run.steps = std::move(*steps);
    run.lossPt = std::move(*pt);
    run.lossCpt = std::move(*cpt);
    return run;
}

Result<CptDesignedSchedule> scheduleFromJsonEntry(const QJsonObject& json, const QString& path) {
    const FieldReader fields(json, path);
    CptDesignedSchedule entry;
    auto name = fields.text(QStringLiteral("name"));
    auto colour = fields.text(QStringLiteral("colour"));
    auto visible = fields.boolean(QStringLiteral("visible"), true);
    auto rewarm = fields.whole(QStringLiteral("rewarm"));
    auto peak = fields.number(QStringLiteral("peak"));
    auto shape = fields.text(QStringLiteral("shape"));
    auto steps = fields.whole(QStringLiteral("steps"));
    auto floor = fields.number(QStringLiteral("floor"));
    auto decay = fields.number(QStringLiteral("decay"));
    for (const QString* problem :
         {name ? nullptr : &name.error(), colour ? nullptr : &colour.error(),
          visible ? nullptr : &visible.error(), rewarm ? nullptr : &rewarm.error(),
          peak ? nullptr : &peak.error(), shape ? nullptr : &shape.error(),
          steps ? nullptr : &steps.error(), floor ? nullptr : &floor.error(),
          decay ? nullptr : &decay.error()})
        if (problem) return Error{*problem};
    // The phase's own checks (cptPhaseFromKeyValues), so a file and the command line agree.
    auto phase = cptPhaseFromKeyValues(
        {QStringLiteral("rewarm=%1").arg(*rewarm), QStringLiteral("peak=%1").arg(*peak, 0, 'g', 17),
         QStringLiteral("shape=") + *shape, QStringLiteral("steps=%1").arg(*steps),
         QStringLiteral("floor=%1").arg(*floor, 0, 'g', 17),
         QStringLiteral("decay=%1").arg(*decay, 0, 'g', 17)});
    if (!phase) return Error{path + QStringLiteral(": ") + phase.error()};
    entry.name = *name;
    entry.colour = *colour;
    entry.visible = *visible;
    entry.phase = *phase;
    const QJsonValue observed = json.value(QStringLiteral("observed"));
    if (observed.isObject()) {
        auto run = observedFromJson(observed.toObject(), path + QStringLiteral(".observed"));
        if (!run) return Error{run.error()};
        entry.observed = std::move(*run);
    } else if (!observed.isUndefined() && !observed.isNull()) {
        return Error{path + QStringLiteral(".observed: expected an object, got ") +
                     jsonTypeName(observed)};
    }
    return entry;
}

Result<std::optional<FitResult>> fitFromEntry(const QJsonObject& fits, const QString& key,
                                              const QString& expectedLaw, const QString& origin) {
    const QJsonValue value = fits.value(key);
    if (value.isUndefined() || value.isNull()) return std::optional<FitResult>{};
    const QString where = origin + QStringLiteral(": fits.") + key;
    if (!value.isObject())
        return Error{where + QStringLiteral(": expected a fit object, got ") + jsonTypeName(value)};
    auto fit = fitFromJson(value.toObject(), where);
    if (!fit) return Error{fit.error()};
    if (fit->lawId != expectedLaw)
        return Error{where +
                     QStringLiteral(": law '%1', expected '%2'").arg(fit->lawId, expectedLaw)};
    return std::optional<FitResult>{std::move(*fit)};
}

}  // namespace

Result<Schedule> CptProject::pretrainingToCheckpoint() const {
    return pretrainingUntil(pretraining, transferStep);
}

Result<Schedule> CptProject::chain(std::size_t index) const {
    auto pt = pretrainingToCheckpoint();
    if (!pt) return Error{pt.error()};
    return cptChain(*pt, schedules.at(index).phase);
}

Result<CptLaws> CptProject::laws() const {
    if (!ptFit)
        return Error{QStringLiteral("no fit of the loss on the pre-training data (law cpt-pt)")};
    if (!cptFit) return Error{QStringLiteral("no fit of the loss on the new data (law cpt-cpt)")};
    auto ptLaw = makeLaw(ptFit->lawId);
    if (!ptLaw) return Error{ptLaw.error()};
    auto cptLaw = makeLaw(cptFit->lawId);
    if (!cptLaw) return Error{cptLaw.error()};
    return CptLaws{*ptLaw, ptFit->parameters, *cptLaw, cptFit->parameters};
}

QJsonObject cptProjectToJson(const CptProject& project) {
    QJsonArray schedules;
    for (const CptDesignedSchedule& entry : project.schedules)
        schedules.append(scheduleToJsonEntry(entry));
    return QJsonObject{
        {QStringLiteral("format"), kFormat},
        {QStringLiteral("version"), kCptProjectFormatVersion},
        {QStringLiteral("pretraining"), scheduleToJson(project.pretraining)},
        {QStringLiteral("transfer_step"), static_cast<qint64>(project.transferStep)},
        {QStringLiteral("weight"), project.weight},
        {QStringLiteral("baseline"),
         project.baseline ? QJsonValue(*project.baseline) : QJsonValue()},
        {QStringLiteral("schedules"), schedules},
        {QStringLiteral("fits"),
         QJsonObject{{QStringLiteral("pt"),
                      project.ptFit ? QJsonValue(fitToJson(*project.ptFit)) : QJsonValue()},
                     {QStringLiteral("cpt"),
                      project.cptFit ? QJsonValue(fitToJson(*project.cptFit)) : QJsonValue()}}},
    };
}

Result<CptProject> cptProjectFromJson(const QJsonObject& json, const QString& origin) {
    if (Status header = checkFormatHeader(json, kFormat, kCptProjectFormatVersion, origin); !header)
        return Error{header.error()};
    const auto at = [&](const QString& key) { return origin + QStringLiteral(": ") + key; };
    CptProject project;
    const QJsonValue pretraining = json.value(QStringLiteral("pretraining"));
    if (!pretraining.isObject())
        return Error{at(QStringLiteral("pretraining")) +
                     QStringLiteral(": expected a schedule object, got ") +
                     jsonTypeName(pretraining)};
    auto pt = scheduleFromJson(pretraining.toObject(), at(QStringLiteral("pretraining")));
    if (!pt) return Error{pt.error()};
    project.pretraining = *pt;
    const FieldReader top(json, {});
    auto transfer = top.whole(QStringLiteral("transfer_step"));
    if (!transfer) return Error{origin + QStringLiteral(": ") + transfer.error()};
    if (*transfer < 1 || *transfer >= project.pretraining.totalSteps())
        return Error{at(QStringLiteral("transfer_step")) +
                     QStringLiteral(": step %1 is not inside the pre-training run (1..%2)")
                         .arg(*transfer)
                         .arg(project.pretraining.totalSteps() - 1)};
    project.transferStep = *transfer;
    auto weight = top.number(QStringLiteral("weight"));
    if (!weight) return Error{origin + QStringLiteral(": ") + weight.error()};
    if (*weight < 0.0 || *weight > 1.0)
        return Error{at(QStringLiteral("weight")) +
                     QStringLiteral(": %1 is not between 0 and 1").arg(*weight)};
    project.weight = *weight;
    const QJsonValue schedules = json.value(QStringLiteral("schedules"));
    if (!schedules.isArray())
        return Error{at(QStringLiteral("schedules")) + QStringLiteral(": expected an array, got ") +
                     jsonTypeName(schedules)};
    const QJsonArray items = schedules.toArray();
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QString path = at(QStringLiteral("schedules[%1]").arg(i));
        if (!items[i].isObject())
            return Error{path + QStringLiteral(": expected an object, got ") +
                         jsonTypeName(items[i])};
        auto entry = scheduleFromJsonEntry(items[i].toObject(), path);
        if (!entry) return Error{entry.error()};
        project.schedules.push_back(std::move(*entry));
    }
    const QJsonValue baseline = json.value(QStringLiteral("baseline"));
    if (baseline.isDouble()) {
        const double index = baseline.toDouble();
        if (index != std::floor(index) || index < 0 ||
            index >= static_cast<double>(project.schedules.size()))
            return Error{at(QStringLiteral("baseline")) +
                         QStringLiteral(": %1 is not the index of a schedule").arg(index)};
        project.baseline = static_cast<int>(index);
    } else if (!baseline.isNull() && !baseline.isUndefined()) {
        return Error{at(QStringLiteral("baseline")) +
                     QStringLiteral(": expected an index or null, got ") + jsonTypeName(baseline)};
    }
    const QJsonObject fits = json.value(QStringLiteral("fits")).toObject();
    auto ptFit = fitFromEntry(fits, QStringLiteral("pt"), QStringLiteral("cpt-pt"), origin);
    if (!ptFit) return Error{ptFit.error()};
    auto cptFit = fitFromEntry(fits, QStringLiteral("cpt"), QStringLiteral("cpt-cpt"), origin);
    if (!cptFit) return Error{cptFit.error()};
    project.ptFit = std::move(*ptFit);
    project.cptFit = std::move(*cptFit);
    return project;
}

Status saveCptProjectFile(const CptProject& project, const QString& path) {
    return writeJsonObjectFile(cptProjectToJson(project), path);
}

Result<CptProject> loadCptProjectFile(const QString& path) {
    auto json = readJsonObjectFile(path);
    if (!json) return Error{json.error()};
    return cptProjectFromJson(*json, path);
}

}  // namespace annealer
