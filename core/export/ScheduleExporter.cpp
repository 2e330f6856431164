#include "export/ScheduleExporter.h"

#include "export/ExportSupport.h"
#include "export/Exporters.h"

#include "NumberText.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <utility>

namespace annealer {

const std::vector<const ScheduleExporter*>& allExporters() {
    static const PytorchExporter pytorch;
    static const HuggingFaceExporter hf;
    static const MegatronExporter megatron;
    static const DeepSpeedExporter deepspeed;
    static const OptaxExporter optax;
    static const TorchtitanExporter torchtitan;
    static const CsvExporter csv;
    static const JsonExporter json;
    static const YamlExporter yaml;
    static const std::vector<const ScheduleExporter*> all = {
        &pytorch, &hf, &megatron, &deepspeed, &optax, &torchtitan, &csv, &json, &yaml};
    return all;
}

const ScheduleExporter* findExporter(const QString& id) {
    for (const ScheduleExporter* exporter : allExporters())
        if (exporter->id() == id) return exporter;
    return nullptr;
}

QStringList exporterIds() {
    QStringList ids;
    for (const ScheduleExporter* exporter : allExporters()) ids << exporter->id();
    return ids;
}

TargetExporter::TargetExporter(QString id, QString fileExtension, QString description)
    : id_(std::move(id)),
      fileExtension_(std::move(fileExtension)),
      description_(std::move(description)) {}

QString TargetExporter::id() const {
    return id_;
}
QString TargetExporter::fileExtension() const {
    return fileExtension_;
}
QString TargetExporter::description() const {
    return description_;
}

ExportResult TargetExporter::newResult() const {
    ExportResult result;
    result.target = id_;
    result.fileExtension = fileExtension_;
    return result;
}

Deviation measureDeviation(const std::vector<double>& preview,
                           const std::vector<double>& reference) {
    double scale = 0.0;
    for (double lr : reference) scale = std::max(scale, std::abs(lr));
    if (scale == 0.0) scale = 1.0;  // an all-zero schedule: absolute deviations
    Deviation worst;
    const std::size_t common = std::min(preview.size(), reference.size());
    for (std::size_t s = 0; s < common; ++s) {
        const double relative = std::abs(preview[s] - reference[s]) / scale;
        // NaN compares false: caught below as a deviation of its own
        if (relative > worst.relative || std::isnan(relative)) {
            worst.relative = std::isnan(relative) ? 1.0 : relative;
            worst.step = static_cast<std::int64_t>(s);
        }
    }
    if (preview.size() != reference.size() && worst.relative < 1.0)
        worst = {1.0, static_cast<std::int64_t>(common)};
    return worst;
}

namespace exporting {

QString floatLiteral(double value) {
    QString text = shortestText(value);
    if (std::isfinite(value) && !text.contains(QLatin1Char('.')) &&
        !text.contains(QLatin1Char('e')))
        text += QStringLiteral(".0");
    return text;
}

QString integerLiteral(std::int64_t value) {
    return shortestText(value);
}

QString commentText(const QString& text) {
    QString result = text;
    result.replace(QLatin1String("\r\n"), QLatin1String(" "));
    result.replace(QLatin1Char('\n'), QLatin1Char(' '));
    result.replace(QLatin1Char('\r'), QLatin1Char(' '));
    return result;
}

QString scheduleSummary(const Schedule& schedule) {
    const QString shape =
        QStringLiteral("%1, %2 steps")
            .arg(familyName(schedule.family), shortestText(schedule.totalSteps()));
    if (schedule.name.isEmpty()) return shape;
    return QLatin1Char('"') + commentText(schedule.name) + QStringLiteral("\": ") + shape;
}

std::int64_t inverseSqrtTimescale(const Schedule& schedule) {
    return schedule.timescale.value_or(std::max<std::int64_t>(schedule.warmupSteps, 1));
}

DecayShape wsdShape(const Schedule& schedule) {
    if (schedule.decayShape == DecayShape::Polynomial && schedule.power == 1.0)
        return DecayShape::Linear;
    return schedule.decayShape;
}

bool isLinearDecay(const Schedule& schedule) {
    return schedule.family == ScheduleFamily::Linear ||
           (schedule.family == ScheduleFamily::Polynomial && schedule.power == 1.0);
}

double floorRatioOf(const Schedule& schedule) {
    return schedule.floorRatio ? *schedule.floorRatio : schedule.floor / schedule.peak;
}

double baseLr(const Schedule& schedule) {
    double base = 0.0;
    if (schedule.family == ScheduleFamily::Chain) {
        for (const Schedule& phase : schedule.phases) base = std::max(base, baseLr(phase));
    } else if (schedule.family == ScheduleFamily::FreeForm) {
        for (const ControlPoint& point : schedule.points) base = std::max(base, point.lr);
    } else {
        base = schedule.peak;
    }
    return base > 0.0 ? base : 1.0;
}

namespace {
void collectLeaves(const Schedule& schedule, std::vector<const Schedule*>& leaves) {
    if (schedule.family != ScheduleFamily::Chain) {
        leaves.push_back(&schedule);
        return;
    }
    for (const Schedule& phase : schedule.phases) collectLeaves(phase, leaves);
}
}  // namespace

std::vector<const Schedule*> chainLeaves(const Schedule& schedule) {
    std::vector<const Schedule*> leaves;
    collectLeaves(schedule, leaves);
    return leaves;
}

bool sameValue(double a, double b, double scale) {
    return std::abs(a - b) <= 1e-12 * std::abs(scale);
}

Outline outlineOf(const Schedule& schedule) {
    const std::vector<const Schedule*> leaves = chainLeaves(schedule);
    Outline outline;
    outline.steps = schedule.totalSteps();
    outline.warmup = schedule.totalWarmupSteps();
    outline.warmupInit = leaves.front()->warmupInit;
    outline.peak = baseLr(schedule);
    // Only picks the approximation's end point; the preview never uses Schedule.
    outline.endLr = std::min(schedule.lrAt(outline.steps - 1), outline.peak);
    return outline;
}

void judge(ExportResult& result, const std::vector<double>& designed) {
    const Deviation deviation = measureDeviation(result.preview, designed);
    result.maxDeviation = deviation.relative;
    result.worstStep = deviation.step;
    if (result.reasons.isEmpty() && deviation.relative > kExactTolerance)
        result.reasons << QStringLiteral(
                              "its formula gives a different LR at step %1 (off by %2 of the "
                              "peak)")
                              .arg(shortestText(deviation.step),
                                   QString::number(deviation.relative, 'g', 3));
    result.exact = result.reasons.isEmpty();
}

QStringList verdictComment(const ExportResult& result, const QString& prefix) {
    QStringList lines;
    if (result.exact) {
        lines << prefix + QStringLiteral("Exact: every step runs at the designed LR.");
    } else {
        lines << prefix + QStringLiteral("NOT exact (largest deviation %1 of the peak, step %2):")
                              .arg(QString::number(result.maxDeviation, 'g', 3),
                                   shortestText(result.worstStep));
        for (const QString& reason : result.reasons)
            lines << prefix + QStringLiteral("  - ") + commentText(reason);
    }
    for (const QString& note : result.notes) lines << prefix + commentText(note);
    return lines;
}

QStringList headerComment(const Schedule& schedule, const ExportResult& result,
                          const QString& how) {
    QStringList lines;
    lines << QStringLiteral("# Annealer schedule %1, %2.").arg(scheduleSummary(schedule), how);
    lines << verdictComment(result, QStringLiteral("# "));
    return lines;
}

QString textOfLines(const QStringList& lines) {
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

std::vector<double> perStepPreview(std::int64_t steps,
                                   const std::function<double(std::int64_t)>& lrAt) {
    std::vector<double> preview(static_cast<std::size_t>(steps));
    for (std::int64_t s = 0; s < steps; ++s) preview[static_cast<std::size_t>(s)] = lrAt(s);
    return preview;
}

void offerPytorchFallback(ExportResult& result, const Schedule& schedule,
                          const QString& alternative, const QString& usage) {
    if (result.exact) return;
    result.alternative = alternative;
    result.fallback = std::make_shared<const ExportResult>(
        PytorchExporter().exportForHost(schedule, QStringList{usage}));
}

void offerTableFallback(ExportResult& result, const Schedule& schedule,
                        const QString& alternative) {
    if (result.exact) return;
    result.alternative = alternative;
    result.fallback = std::make_shared<const ExportResult>(CsvExporter().exportSchedule(schedule));
}

}  // namespace exporting

}  // namespace annealer
