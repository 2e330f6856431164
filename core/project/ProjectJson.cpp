#include "project/ProjectJson.h"

#include "JsonFile.h"
#include "fit/FitJson.h"
#include "law/LossLaw.h"
#include "project/LrKnots.h"
#include "schedule/ScheduleJson.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <cmath>

namespace annealer {

namespace {

const QString kFormat = QStringLiteral("annealer.project");

// Integers beyond 2^53 do not survive a trip through a double (JSON numbers are doubles).
constexpr double kLargestWholeNumber = 9007199254740992.0;

// Bounds on values a project holds, so that every sum, log and axis made from them is finite:
// a loss is a positive number below 1e6 (the laws take its log); tokens per step at most 1e12
// (times 50M steps, 5e19 tokens on the chart's x axis).
constexpr double kMaxLoss = 1e6;
constexpr double kMaxTokensPerStep = 1e12;

QJsonValue wholeValue(std::int64_t value) {
    return QJsonValue(static_cast<qint64>(value));
}

// ---------------------------------------------------------------------------------------------
// Writing

QJsonObject scheduleEntryToJson(const ProjectSchedule& entry) {
    return QJsonObject{{QStringLiteral("colour"), entry.colour},
                       {QStringLiteral("visible"), entry.visible},
                       {QStringLiteral("schedule"), scheduleToJson(entry.schedule)}};
}

QJsonObject runToJson(const ProjectRun& entry) {
    const Run& run = entry.run;
    QJsonArray lossSteps;
    QJsonArray lossValues;
    for (std::size_t i = 0; i < run.lossSteps.size(); ++i) {
        lossSteps.append(wholeValue(run.lossSteps[i]));
        lossValues.append(run.loss[i]);
    }
    const LrKnots knots = LrKnots::compress(run.schedule.lr);
    QJsonArray knotSteps;
    QJsonArray knotValues;
    for (std::size_t i = 0; i < knots.steps.size(); ++i) {
        knotSteps.append(wholeValue(knots.steps[i]));
        knotValues.append(knots.values[i]);
    }
    return QJsonObject{
        {QStringLiteral("colour"), entry.colour},
        {QStringLiteral("visible"), entry.visible},
        {QStringLiteral("name"), run.name},
        {QStringLiteral("source"), run.source},
        {QStringLiteral("loss_metric"), run.lossMetric},
        {QStringLiteral("lr_metric"), run.lrMetric},
        {QStringLiteral("lr_rebuild"), run.lrRebuild},
        {QStringLiteral("loss"),
         QJsonObject{{QStringLiteral("steps"), lossSteps}, {QStringLiteral("values"), lossValues}}},
        {QStringLiteral("lr"),
         QJsonObject{
             {QStringLiteral("warmup_steps"), wholeValue(run.schedule.warmupSteps)},
             {QStringLiteral("knots"), QJsonObject{{QStringLiteral("steps"), knotSteps},
                                                   {QStringLiteral("values"), knotValues}}}}}};
}

QJsonObject lawToJson(const LawSelection& law) {
    QJsonObject parameters;
    if (auto made = makeLaw(law.lawId)) {
        const auto& specs = (*made)->parameters();
        for (std::size_t i = 0; i < specs.size() && i < law.parameters.size(); ++i)
            parameters.insert(specs[i].name, law.parameters[i]);
    }
    return QJsonObject{{QStringLiteral("id"), law.lawId},
                       {QStringLiteral("parameters"), parameters},
                       {QStringLiteral("fit"),
                        law.fitIndex ? QJsonValue(*law.fitIndex) : QJsonValue(QJsonValue::Null)}};
}

QJsonObject viewToJson(const ViewSettings& view) {
    return QJsonObject{
        {QStringLiteral("log_lr"), view.logLr},
        {QStringLiteral("x_unit"),
         view.xUnit == XUnit::Tokens ? QStringLiteral("tokens") : QStringLiteral("steps")},
        {QStringLiteral("tokens_per_step"), view.tokensPerStep}};
}

// ---------------------------------------------------------------------------------------------
// Reading. Each helper takes `where`, the file and the field path so far, and names it in its
// error.

Error fieldError(const QString& where, const QString& reason) {
    return Error{where + QStringLiteral(": ") + reason};
}

Error expected(const QString& where, const QString& what, const QJsonValue& got) {
    return fieldError(where, QStringLiteral("expected %1, got %2").arg(what, jsonTypeName(got)));
}

Result<QJsonObject> readObject(const QJsonValue& value, const QString& where) {
    if (!value.isObject()) return expected(where, QStringLiteral("an object"), value);
    return value.toObject();
}

// A missing array reads as empty: sections a project does not use may be left out.
Result<QJsonArray> readOptionalArray(const QJsonValue& value, const QString& where) {
    if (value.isUndefined()) return QJsonArray();
    if (!value.isArray()) return expected(where, QStringLiteral("an array"), value);
    return value.toArray();
}

Result<QJsonArray> readArray(const QJsonValue& value, const QString& where) {
    if (!value.isArray()) return expected(where, QStringLiteral("an array"), value);
    return value.toArray();
}

Result<double> readFinite(const QJsonValue& value, const QString& where) {
    if (!value.isDouble() || !std::isfinite(value.toDouble()))
        return expected(where, QStringLiteral("a number"), value);
    return value.toDouble();
}

Result<std::int64_t> readWhole(const QJsonValue& value, const QString& where) {
    const double number = value.toDouble();
    if (!value.isDouble() || !(std::abs(number) <= kLargestWholeNumber) ||
        std::trunc(number) != number)
        return value.isDouble()
                   ? fieldError(where,
                                QStringLiteral("expected a whole number, got %1").arg(number))
                   : expected(where, QStringLiteral("a whole number"), value);
    return static_cast<std::int64_t>(number);
}

Result<bool> readBool(const QJsonValue& value, const QString& where, bool missing) {
    if (value.isUndefined()) return missing;
    if (!value.isBool()) return expected(where, QStringLiteral("true or false"), value);
    return value.toBool();
}

Result<QString> readString(const QJsonValue& value, const QString& where) {
    if (value.isUndefined()) return QString();
    if (!value.isString()) return expected(where, QStringLiteral("a string"), value);
    return value.toString();
}

Result<QString> readColour(const QJsonValue& value, const QString& where) {
    static const QRegularExpression pattern(QStringLiteral("^#[0-9a-fA-F]{6}$"));
    if (value.isUndefined()) return QString();
    if (!value.isString() || !pattern.match(value.toString()).hasMatch())
        return fieldError(where, QStringLiteral("expected a colour \"#rrggbb\", got %1")
                                     .arg(value.isString() ? QLatin1Char('"') + value.toString() +
                                                                 QLatin1Char('"')
                                                           : jsonTypeName(value)));
    return value.toString().toLower();
}

Status readSteps(const QJsonValue& value, const QString& where, std::vector<std::int64_t>& out) {
    auto array = readArray(value, where);
    if (!array) return Error{array.error()};
    out.clear();
    out.reserve(static_cast<std::size_t>(array->size()));
    for (qsizetype i = 0; i < array->size(); ++i) {
        const QString itemWhere = where + QStringLiteral("[%1]").arg(i);
        auto step = readWhole(array->at(i), itemWhere);
        if (!step) return Error{step.error()};
        if (*step < 0)
            return fieldError(itemWhere, QStringLiteral("step %1 is negative").arg(*step));
        if (!out.empty() && *step <= out.back())
            return fieldError(
                itemWhere,
                QStringLiteral("step %1 is not after step %2").arg(*step).arg(out.back()));
        out.push_back(*step);
    }
    return {};
}

Status readValues(const QJsonValue& value, const QString& where, std::vector<double>& out) {
    auto array = readArray(value, where);
    if (!array) return Error{array.error()};
    out.clear();
    out.reserve(static_cast<std::size_t>(array->size()));
    for (qsizetype i = 0; i < array->size(); ++i) {
        auto number = readFinite(array->at(i), where + QStringLiteral("[%1]").arg(i));
        if (!number) return Error{number.error()};
        out.push_back(*number);
    }
    return {};
}

Result<ProjectSchedule> readScheduleEntry(const QJsonValue& value, const QString& where) {
    auto object = readObject(value, where);
    if (!object) return Error{object.error()};
    ProjectSchedule entry;
    auto colour = readColour(object->value(QStringLiteral("colour")), where + ".colour");
    if (!colour) return Error{colour.error()};
    entry.colour = *colour;
    auto visible = readBool(object->value(QStringLiteral("visible")), where + ".visible", true);
    if (!visible) return Error{visible.error()};
    entry.visible = *visible;
    const QString scheduleWhere = where + QStringLiteral(".schedule");
    auto scheduleObject = readObject(object->value(QStringLiteral("schedule")), scheduleWhere);
    if (!scheduleObject) return Error{scheduleObject.error()};
    auto schedule = scheduleFromJson(*scheduleObject, scheduleWhere);
    if (!schedule) return Error{schedule.error()};
    entry.schedule = std::move(schedule).value();
    return entry;
}

Result<ProjectRun> readRun(const QJsonValue& value, const QString& where) {
    auto object = readObject(value, where);
    if (!object) return Error{object.error()};
    ProjectRun entry;
    Run& run = entry.run;
    auto colour = readColour(object->value(QStringLiteral("colour")), where + ".colour");
    if (!colour) return Error{colour.error()};
    entry.colour = *colour;
    auto visible = readBool(object->value(QStringLiteral("visible")), where + ".visible", true);
    if (!visible) return Error{visible.error()};
    entry.visible = *visible;
    struct TextField {
        const char* key;
        QString* target;
    };
    for (const TextField& text :
         {TextField{"name", &run.name}, TextField{"source", &run.source},
          TextField{"loss_metric", &run.lossMetric}, TextField{"lr_metric", &run.lrMetric},
          TextField{"lr_rebuild", &run.lrRebuild}}) {
        const QString key = QString::fromLatin1(text.key);
        auto read = readString(object->value(key), where + QLatin1Char('.') + key);
        if (!read) return Error{read.error()};
        *text.target = *read;
    }

    const QString lossWhere = where + QStringLiteral(".loss");
    auto loss = readObject(object->value(QStringLiteral("loss")), lossWhere);
    if (!loss) return Error{loss.error()};
    if (Status status =
            readSteps(loss->value(QStringLiteral("steps")), lossWhere + ".steps", run.lossSteps);
        !status)
        return Error{status.error()};
    if (Status status =
            readValues(loss->value(QStringLiteral("values")), lossWhere + ".values", run.loss);
        !status)
        return Error{status.error()};
    if (run.loss.size() != run.lossSteps.size())
        return fieldError(lossWhere, QStringLiteral("%1 steps but %2 values")
                                         .arg(run.lossSteps.size())
                                         .arg(run.loss.size()));
    if (run.loss.empty()) return fieldError(lossWhere, QStringLiteral("no loss values"));
    for (std::size_t i = 0; i < run.loss.size(); ++i)
        if (!(run.loss[i] > 0.0 && run.loss[i] < kMaxLoss))
            return fieldError(lossWhere + QStringLiteral(".values[%1]").arg(i),
                              QStringLiteral("a loss must be > 0 and below %1, got %2")
                                  .arg(kMaxLoss)
                                  .arg(run.loss[i]));

    const QString lrWhere = where + QStringLiteral(".lr");
    auto lr = readObject(object->value(QStringLiteral("lr")), lrWhere);
    if (!lr) return Error{lr.error()};
    const QString knotsWhere = lrWhere + QStringLiteral(".knots");
    auto knotsObject = readObject(lr->value(QStringLiteral("knots")), knotsWhere);
    if (!knotsObject) return Error{knotsObject.error()};
    LrKnots knots;
    if (Status status = readSteps(knotsObject->value(QStringLiteral("steps")),
                                  knotsWhere + ".steps", knots.steps);
        !status)
        return Error{status.error()};
    if (Status status = readValues(knotsObject->value(QStringLiteral("values")),
                                   knotsWhere + ".values", knots.values);
        !status)
        return Error{status.error()};
    if (knots.steps.size() != knots.values.size())
        return fieldError(knotsWhere, QStringLiteral("%1 steps but %2 values")
                                          .arg(knots.steps.size())
                                          .arg(knots.values.size()));
    if (knots.steps.empty() || knots.steps.front() != 0)
        return fieldError(knotsWhere + ".steps", QStringLiteral("must start at step 0"));
    for (std::size_t i = 0; i < knots.values.size(); ++i) {
        if (knots.values[i] < 0.0)
            return fieldError(knotsWhere + QStringLiteral(".values[%1]").arg(i),
                              QStringLiteral("a negative LR"));
        if (knots.values[i] >= kMaxLearningRate)
            return fieldError(knotsWhere + QStringLiteral(".values[%1]").arg(i),
                              QStringLiteral("LR %1 is not below %2")
                                  .arg(knots.values[i])
                                  .arg(kMaxLearningRate));
    }
    if (knots.steps.back() > kMaxScheduleSteps)
        return fieldError(knotsWhere + ".steps",
                          QStringLiteral("more than %1 steps").arg(kMaxScheduleSteps));
    if (knots.steps.back() < run.lossSteps.back())
        return fieldError(knotsWhere + ".steps",
                          QStringLiteral("the LR ends at step %1, before the last loss step %2")
                              .arg(knots.steps.back())
                              .arg(run.lossSteps.back()));
    run.schedule.lr = knots.expand();
    auto warmup = readWhole(lr->value(QStringLiteral("warmup_steps")), lrWhere + ".warmup_steps");
    if (!warmup) return Error{warmup.error()};
    if (*warmup < 0 || *warmup > run.schedule.steps())
        return fieldError(
            lrWhere + ".warmup_steps",
            QStringLiteral("%1 is outside 0..%2").arg(*warmup).arg(run.schedule.steps()));
    run.schedule.warmupSteps = *warmup;
    return entry;
}

Status readLaw(const QJsonValue& value, const QString& where, Project& project) {
    if (value.isUndefined() || value.isNull()) return {};
    auto object = readObject(value, where);
    if (!object) return Error{object.error()};
    LawSelection& selection = project.law;
    auto id = readString(object->value(QStringLiteral("id")), where + ".id");
    if (!id) return Error{id.error()};
    auto law = makeLaw(*id);
    if (!law) return fieldError(where + ".id", law.error());
    selection.lawId = *id;
    const QString parametersWhere = where + QStringLiteral(".parameters");
    auto parameters = readObject(object->value(QStringLiteral("parameters")), parametersWhere);
    if (!parameters) return Error{parameters.error()};
    for (const LawParameter& spec : (*law)->parameters()) {
        const QJsonValue parameter = parameters->value(spec.name);
        const QString parameterWhere = parametersWhere + QLatin1Char('.') + spec.name;
        if (parameter.isUndefined())
            return fieldError(parameterWhere,
                              QStringLiteral("missing (the %1 law needs it)").arg(*id));
        auto number = readFinite(parameter, parameterWhere);
        if (!number) return Error{number.error()};
        selection.parameters.push_back(*number);
    }
    if (Status check = (*law)->checkParameters(selection.parameters); !check)
        return fieldError(parametersWhere, check.error());
    const QJsonValue fit = object->value(QStringLiteral("fit"));
    if (!fit.isUndefined() && !fit.isNull()) {
        auto index = readWhole(fit, where + ".fit");
        if (!index) return Error{index.error()};
        if (*index < 0 || *index >= static_cast<std::int64_t>(project.fits.size()))
            return fieldError(where + ".fit", QStringLiteral("no fit number %1 (the file has %2)")
                                                  .arg(*index)
                                                  .arg(project.fits.size()));
        selection.fitIndex = static_cast<int>(*index);
    }
    return {};
}

Status readView(const QJsonValue& value, const QString& where, ViewSettings& view) {
    if (value.isUndefined()) return {};
    auto object = readObject(value, where);
    if (!object) return Error{object.error()};
    auto logLr = readBool(object->value(QStringLiteral("log_lr")), where + ".log_lr", false);
    if (!logLr) return Error{logLr.error()};
    view.logLr = *logLr;
    auto unit = readString(object->value(QStringLiteral("x_unit")), where + ".x_unit");
    if (!unit) return Error{unit.error()};
    if (*unit == QLatin1String("tokens"))
        view.xUnit = XUnit::Tokens;
    else if (unit->isEmpty() || *unit == QLatin1String("steps"))
        view.xUnit = XUnit::Steps;
    else
        return fieldError(
            where + ".x_unit",
            QStringLiteral("expected \"steps\" or \"tokens\", got \"%1\"").arg(*unit));
    const QJsonValue tokens = object->value(QStringLiteral("tokens_per_step"));
    if (!tokens.isUndefined()) {
        auto number = readFinite(tokens, where + ".tokens_per_step");
        if (!number) return Error{number.error()};
        if (!(*number >= 1.0 && *number <= kMaxTokensPerStep))
            return fieldError(where + ".tokens_per_step",
                              QStringLiteral("must be between 1 and %1, got %2")
                                  .arg(kMaxTokensPerStep)
                                  .arg(*number));
        view.tokensPerStep = *number;
    }
    return {};
}

QString at(const QString& origin, const char* key) {
    return origin + QStringLiteral(": ") + QString::fromLatin1(key);
}

}  // namespace

QJsonObject projectToJson(const Project& project) {
    QJsonArray schedules;
    for (const ProjectSchedule& entry : project.schedules)
        schedules.append(scheduleEntryToJson(entry));
    QJsonArray runs;
    for (const ProjectRun& entry : project.runs) runs.append(runToJson(entry));
    QJsonArray fits;
    for (const FitResult& fit : project.fits) fits.append(fitToJson(fit));
    const int baseline = project.baseline ? project.scheduleIndex(*project.baseline) : -1;
    QJsonObject json{{QStringLiteral("format"), kFormat},
                     {QStringLiteral("version"), kProjectFormatVersion},
                     {QStringLiteral("schedules"), schedules},
                     {QStringLiteral("runs"), runs},
                     {QStringLiteral("fits"), fits},
                     {QStringLiteral("baseline"),
                      baseline >= 0 ? QJsonValue(baseline) : QJsonValue(QJsonValue::Null)},
                     {QStringLiteral("view"), viewToJson(project.view)}};
    if (project.law.isSet()) json.insert(QStringLiteral("law"), lawToJson(project.law));
    return json;
}

Result<Project> projectFromJson(const QJsonObject& json, const QString& origin) {
    if (Status header = checkFormatHeader(json, kFormat, kProjectFormatVersion, origin); !header)
        return Error{header.error()};
    Project project;

    auto schedules =
        readOptionalArray(json.value(QStringLiteral("schedules")), at(origin, "schedules"));
    if (!schedules) return Error{schedules.error()};
    for (qsizetype i = 0; i < schedules->size(); ++i) {
        auto entry = readScheduleEntry(schedules->at(i),
                                       at(origin, "schedules") + QStringLiteral("[%1]").arg(i));
        if (!entry) return Error{entry.error()};
        entry->id = project.takeId();
        project.schedules.push_back(std::move(entry).value());
    }

    auto runs = readOptionalArray(json.value(QStringLiteral("runs")), at(origin, "runs"));
    if (!runs) return Error{runs.error()};
    for (qsizetype i = 0; i < runs->size(); ++i) {
        auto entry = readRun(runs->at(i), at(origin, "runs") + QStringLiteral("[%1]").arg(i));
        if (!entry) return Error{entry.error()};
        entry->id = project.takeId();
        project.runs.push_back(std::move(entry).value());
    }

    auto fits = readOptionalArray(json.value(QStringLiteral("fits")), at(origin, "fits"));
    if (!fits) return Error{fits.error()};
    for (qsizetype i = 0; i < fits->size(); ++i) {
        const QString where = at(origin, "fits") + QStringLiteral("[%1]").arg(i);
        auto object = readObject(fits->at(i), where);
        if (!object) return Error{object.error()};
        auto fit = fitFromJson(*object, where);
        if (!fit) return Error{fit.error()};
        project.fits.push_back(std::move(fit).value());
    }

    if (Status status = readLaw(json.value(QStringLiteral("law")), at(origin, "law"), project);
        !status)
        return Error{status.error()};

    const QJsonValue baseline = json.value(QStringLiteral("baseline"));
    if (!baseline.isUndefined() && !baseline.isNull()) {
        auto index = readWhole(baseline, at(origin, "baseline"));
        if (!index) return Error{index.error()};
        if (*index < 0 || *index >= static_cast<std::int64_t>(project.schedules.size()))
            return fieldError(at(origin, "baseline"),
                              QStringLiteral("no schedule number %1 (the file has %2)")
                                  .arg(*index)
                                  .arg(project.schedules.size()));
        project.baseline = project.schedules[static_cast<std::size_t>(*index)].id;
    }

    if (Status status =
            readView(json.value(QStringLiteral("view")), at(origin, "view"), project.view);
        !status)
        return Error{status.error()};
    return project;
}

Status saveProjectFile(const Project& project, const QString& path) {
    return writeJsonObjectFile(projectToJson(project), path);
}

Result<Project> loadProjectFile(const QString& path) {
    auto json = readJsonObjectFile(path);
    if (!json) return Error{json.error()};
    return projectFromJson(*json, path);
}

}  // namespace annealer
