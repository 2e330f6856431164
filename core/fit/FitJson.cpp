#include "fit/FitJson.h"

#include "JsonFile.h"
#include "law/LossLaw.h"

#include <QJsonArray>

#include <cmath>
#include <limits>

namespace annealer {

namespace {

const QString kFormat = QStringLiteral("annealer.fit");
// A metric written as null (it was not a number) reads back as NaN, not as a plausible 0.
const double kUnknown = std::numeric_limits<double>::quiet_NaN();

// JSON has no NaN or infinity: such a number is written as null.
QJsonValue number(double value) { return std::isfinite(value) ? QJsonValue(value) : QJsonValue(); }

QJsonObject metricsToJson(const FittedRun& run) {
    const FitMetrics& m = run.metrics;
    QJsonObject json{{QStringLiteral("name"), run.name},
                     {QStringLiteral("source"), run.source},
                     {QStringLiteral("points"), m.points},
                     {QStringLiteral("r2"), number(m.r2)},
                     {QStringLiteral("mae"), number(m.mae)},
                     {QStringLiteral("pred_e"), number(m.predE)},
                     {QStringLiteral("worst_e"), number(m.worstE)},
                     {QStringLiteral("final_error"), number(m.finalError)},
                     {QStringLiteral("final_rel_error"), number(m.finalRelError)}};
    if (!run.dataKey.isEmpty()) json.insert(QStringLiteral("data_key"), run.dataKey);
    if (run.warmupEnd >= 0) json.insert(QStringLiteral("warmup_end"), static_cast<double>(run.warmupEnd));
    if (std::isfinite(run.crossValidatedPredE))
        json.insert(QStringLiteral("cross_validated_pred_e"), run.crossValidatedPredE);
    return json;
}

FittedRun metricsFromJson(const QJsonObject& run) {
    FittedRun fitted;
    fitted.name = run.value(QStringLiteral("name")).toString();
    fitted.source = run.value(QStringLiteral("source")).toString();
    fitted.dataKey = run.value(QStringLiteral("data_key")).toString();
    fitted.metrics.points = run.value(QStringLiteral("points")).toInt();
    fitted.metrics.r2 = run.value(QStringLiteral("r2")).toDouble(kUnknown);
    fitted.metrics.mae = run.value(QStringLiteral("mae")).toDouble(kUnknown);
    fitted.metrics.predE = run.value(QStringLiteral("pred_e")).toDouble(kUnknown);
    fitted.metrics.worstE = run.value(QStringLiteral("worst_e")).toDouble(kUnknown);
    fitted.metrics.finalError = run.value(QStringLiteral("final_error")).toDouble(kUnknown);
    fitted.metrics.finalRelError = run.value(QStringLiteral("final_rel_error")).toDouble(kUnknown);
    fitted.warmupEnd = static_cast<std::int64_t>(run.value(QStringLiteral("warmup_end")).toDouble(-1.0));
    fitted.crossValidatedPredE =
        run.value(QStringLiteral("cross_validated_pred_e")).toDouble(kUnknown);
    return fitted;
}

}  // namespace

QJsonObject fitToJson(const FitResult& fit) {
    QJsonArray parameters;
    for (std::size_t i = 0; i < fit.parameters.size(); ++i)
        parameters.append(QJsonObject{
            {QStringLiteral("name"), fit.parameterNames[i]},
            {QStringLiteral("value"), number(fit.parameters[i])},
            {QStringLiteral("stderr"),
             number(i < fit.standardErrors.size() ? fit.standardErrors[i] : 0.0)}});
    QJsonArray covariance;
    const std::size_t p = fit.parameters.size();
    for (std::size_t row = 0; row < p && fit.covariance.size() == p * p; ++row) {
        QJsonArray values;
        for (std::size_t col = 0; col < p; ++col) values.append(number(fit.covariance[row * p + col]));
        covariance.append(values);
    }
    QJsonArray runs;
    for (const FittedRun& run : fit.runs) runs.append(metricsToJson(run));
    QJsonObject conventions{
        {QStringLiteral("warmup"), fit.lawConvention},
        {QStringLiteral("objective"),
         fit.huberDelta > 0.0 ? QStringLiteral("Huber loss on log(observed) - log(predicted)")
                              : QStringLiteral("least squares on log(observed) - log(predicted)")},
        {QStringLiteral("huber_delta"), fit.huberDelta},
        {QStringLiteral("standard_errors"),
         QStringLiteral("sqrt(diag(s^2 (J^T J + W)^-1)) over parameters not at a bound, W the "
                        "weak prior's curvature")},
        {QStringLiteral("prior_weight"), fit.priorWeight},
        {QStringLiteral("lr_unit"), number(fit.lrUnit)},
        {QStringLiteral("warmup_end"),
         QStringLiteral("the first step at the run's peak LR before any decay (the end of the "
                        "initial LR rise); runs[].warmup_end")}};
    QJsonObject window;
    if (fit.fromStep) window.insert(QStringLiteral("from"), static_cast<double>(*fit.fromStep));
    if (fit.toStep) window.insert(QStringLiteral("to"), static_cast<double>(*fit.toStep));
    QJsonObject json{{QStringLiteral("format"), kFormat},
                     {QStringLiteral("version"), kFitFormatVersion},
                     {QStringLiteral("law"), fit.lawId},
                     {QStringLiteral("parameters"), parameters},
                     {QStringLiteral("covariance"), covariance},
                     {QStringLiteral("conventions"), conventions},
                     {QStringLiteral("window"), window},
                     {QStringLiteral("converged"), fit.converged},
                     {QStringLiteral("solver_message"), fit.solverMessage},
                     {QStringLiteral("cost"), number(fit.cost)},
                     {QStringLiteral("prior_cost"), number(fit.priorCost)},
                     {QStringLiteral("cross_validated_pred_e"), number(fit.crossValidatedPredE)},
                     {QStringLiteral("warnings"), [&] {
                          QJsonArray warnings;
                          for (const QString& warning : fit.warnings) warnings.append(warning);
                          return warnings;
                      }()},
                     {QStringLiteral("starts"), fit.starts},
                     {QStringLiteral("iterations"), fit.iterations},
                     {QStringLiteral("seconds"), fit.seconds},
                     {QStringLiteral("runs"), runs}};
    if (!fit.heldOut.empty()) {
        QJsonArray heldOut;
        for (const FittedRun& run : fit.heldOut) heldOut.append(metricsToJson(run));
        json.insert(QStringLiteral("held_out"), heldOut);
    }
    return json;
}

Result<FitResult> fitFromJson(const QJsonObject& json, const QString& origin) {
    if (Status header = checkFormatHeader(json, kFormat, kFitFormatVersion, origin); !header)
        return Error{header.error()};
    FitResult fit;
    fit.lawId = json.value(QStringLiteral("law")).toString();
    auto law = makeLaw(fit.lawId);
    if (!law) return Error{origin + QStringLiteral(": law: ") + law.error()};
    const QJsonArray parameters = json.value(QStringLiteral("parameters")).toArray();
    const auto& specs = (*law)->parameters();
    for (const LawParameter& spec : specs) {
        bool found = false;
        for (const QJsonValue& entry : parameters) {
            const QJsonObject object = entry.toObject();
            if (object.value(QStringLiteral("name")).toString() != spec.name) continue;
            const QJsonValue value = object.value(QStringLiteral("value"));
            if (!value.isDouble() || !std::isfinite(value.toDouble()))
                return Error{QStringLiteral("%1: parameters: %2 is not a finite number")
                                 .arg(origin, spec.name)};
            fit.parameterNames.push_back(spec.name);
            fit.parameters.push_back(value.toDouble());
            fit.standardErrors.push_back(object.value(QStringLiteral("stderr")).toDouble(0.0));
            found = true;
            break;
        }
        if (!found)
            return Error{QStringLiteral("%1: parameters: %2 is missing (the %3 law needs it)")
                             .arg(origin, spec.name, fit.lawId)};
    }
    if (Status check = (*law)->checkParameters(fit.parameters); !check)
        return Error{origin + QStringLiteral(": parameters: ") + check.error()};
    const QJsonArray covariance = json.value(QStringLiteral("covariance")).toArray();
    if (covariance.size() == static_cast<qsizetype>(specs.size())) {
        for (const QJsonValue& row : covariance)
            for (const QJsonValue& value : row.toArray()) fit.covariance.push_back(value.toDouble(0.0));
        if (fit.covariance.size() != specs.size() * specs.size()) fit.covariance.clear();
    }
    const QJsonObject conventions = json.value(QStringLiteral("conventions")).toObject();
    fit.lawConvention = conventions.value(QStringLiteral("warmup")).toString();
    fit.huberDelta = conventions.value(QStringLiteral("huber_delta")).toDouble(1e-3);
    const QJsonObject window = json.value(QStringLiteral("window")).toObject();
    if (window.contains(QStringLiteral("from")))
        fit.fromStep = static_cast<std::int64_t>(window.value(QStringLiteral("from")).toDouble());
    if (window.contains(QStringLiteral("to")))
        fit.toStep = static_cast<std::int64_t>(window.value(QStringLiteral("to")).toDouble());
    fit.converged = json.value(QStringLiteral("converged")).toBool(false);
    fit.solverMessage = json.value(QStringLiteral("solver_message")).toString();
    fit.cost = json.value(QStringLiteral("cost")).toDouble(0.0);
    fit.priorCost = json.value(QStringLiteral("prior_cost")).toDouble(0.0);
    fit.priorWeight = conventions.value(QStringLiteral("prior_weight")).toDouble(0.0);
    fit.lrUnit = conventions.value(QStringLiteral("lr_unit")).toDouble(1.0);
    fit.crossValidatedPredE = json.value(QStringLiteral("cross_validated_pred_e")).toDouble(kUnknown);
    for (const QJsonValue& warning : json.value(QStringLiteral("warnings")).toArray())
        fit.warnings.push_back(warning.toString());
    fit.starts = json.value(QStringLiteral("starts")).toInt(0);
    fit.iterations = json.value(QStringLiteral("iterations")).toInt(0);
    fit.seconds = json.value(QStringLiteral("seconds")).toDouble(0.0);
    for (const QJsonValue& entry : json.value(QStringLiteral("runs")).toArray())
        fit.runs.push_back(metricsFromJson(entry.toObject()));
    for (const QJsonValue& entry : json.value(QStringLiteral("held_out")).toArray())
        fit.heldOut.push_back(metricsFromJson(entry.toObject()));
    return fit;
}

Status saveFitFile(const FitResult& fit, const QString& path) {
    return writeJsonObjectFile(fitToJson(fit), path);
}

Result<FitResult> loadFitFile(const QString& path) {
    auto json = readJsonObjectFile(path);
    if (!json) return Error{json.error()};
    return fitFromJson(*json, path);
}

}  // namespace annealer
