#include "CptPredictions.h"

#include "CptDocument.h"
#include "fit/FitJson.h"
#include "schedule/ScheduleJson.h"

namespace annealer {

namespace {

bool samePhase(const CptPhase& a, const CptPhase& b) {
    return a.rewarmSteps == b.rewarmSteps && a.peak == b.peak && a.shape == b.shape &&
           a.steps == b.steps && a.floor == b.floor && a.decayFraction == b.decayFraction;
}

// Everything besides a schedule's own phase that its curves depend on.
QJsonObject sharedInputs(const CptProject& project, const CptStepWindow& window) {
    QJsonObject key{{QStringLiteral("pretraining"), scheduleToJson(project.pretraining)},
                    {QStringLiteral("transfer"), static_cast<qint64>(project.transferStep)},
                    {QStringLiteral("first"), static_cast<qint64>(window.first)},
                    {QStringLiteral("last"), static_cast<qint64>(window.last)}};
    if (project.ptFit) key.insert(QStringLiteral("pt"), fitToJson(*project.ptFit));
    if (project.cptFit) key.insert(QStringLiteral("cpt"), fitToJson(*project.cptFit));
    return key;
}

}  // namespace

CptPredictions::CptPredictions(CptDocument* document, QObject* parent)
    : QObject(parent), document_(document) {
    connect(document_, &CptDocument::changed, this, &CptPredictions::update);
}

void CptPredictions::update() {
    const CptProject& project = document_->project();
    window_ = cptStepWindow(project);
    const QJsonObject key = sharedInputs(project, window_);
    const bool sharedChanged = key != pretrainingKey_;
    pretrainingKey_ = key;
    if (sharedChanged) {
        sampler_.reset();
        if (auto pt = project.pretrainingToCheckpoint()) sampler_.emplace(*pt);
    }
    entries_.resize(project.schedules.size());
    for (std::size_t i = 0; i < entries_.size(); ++i) {
        Entry& entry = entries_[i];
        const CptPhase& phase = project.schedules[i].phase;
        if (!sharedChanged && entry.curves && samePhase(entry.phase, phase)) continue;
        entry.phase = phase;
        if (!document_->laws())
            entry.curves = Error{document_->laws().error()};
        else if (!sampler_)
            entry.curves = Error{project.pretrainingToCheckpoint().error()};
        else
            entry.curves = predictCptSchedule(project, *document_->laws(), i, window_, *sampler_);
    }
    emit updated();
}

}  // namespace annealer
