#include "LivePrediction.h"

#include "PredictionWorker.h"
#include "ProjectDocument.h"
#include "law/LossLaw.h"

namespace annealer {

LivePrediction::LivePrediction(ProjectDocument* document, QObject* parent)
    : QObject(parent), document_(document), worker_(new PredictionWorker(this)) {
    connect(worker_, &PredictionWorker::curveReady, this, &LivePrediction::accept);
    connect(worker_, &PredictionWorker::idle, this, &LivePrediction::onWorkerIdle);
    connect(document_, &ProjectDocument::projectReset, this, [this] {
        curves_.clear();
        scheduleKeys_.clear();
        interactive_.clear();
        fitRange_.reset();
        emit curvesCleared();
        update();
    });
    connect(document_, &ProjectDocument::scheduleChanged, this, [this](ItemId id) {
        scheduleKeys_.erase(id);
        update();
    });
    connect(document_, &ProjectDocument::scheduleAppearanceChanged, this, [this] { update(); });
    connect(document_, &ProjectDocument::scheduleInserted, this, [this] { update(); });
    connect(document_, &ProjectDocument::scheduleRemoved, this, [this](ItemId id) {
        curves_.erase(id);
        scheduleKeys_.erase(id);
        interactive_.erase(id);
        update();
    });
    connect(document_, &ProjectDocument::lawChanged, this, [this] {
        fitRange_.reset();
        update();
    });
    // The range the fit saw is that of the project's runs it names.
    for (auto changed : {&ProjectDocument::runsChanged, &ProjectDocument::fitsChanged})
        connect(document_, changed, this, [this] {
            const FitRange before = fitRange();
            fitRange_.reset();
            if (fitRange() != before) update();
        });
}

const FitRange& LivePrediction::fitRange() const {
    if (fitRange_) return *fitRange_;
    const Project& project = document_->project();
    std::vector<const SampledSchedule*> seen;
    if (project.law.fitIndex && *project.law.fitIndex < static_cast<int>(project.fits.size())) {
        const FitResult& fit = project.fits[static_cast<std::size_t>(*project.law.fitIndex)];
        for (const FittedRun& used : fit.runs)
            if (const ProjectRun* entry = document_->runOfFit(used))
                seen.push_back(&entry->run.schedule);
    }
    fitRange_ = fitRangeOf(seen);
    return *fitRange_;
}

LivePrediction::~LivePrediction() = default;

const PredictedCurve* LivePrediction::curve(ItemId id) const {
    const auto found = curves_.find(id);
    return found == curves_.end() ? nullptr : &found->second;
}

bool LivePrediction::isCurrent(ItemId id) const {
    const PredictedCurve* shown = curve(id);
    if (!shown) return false;
    const auto key = scheduleKeys_.find(id);
    return key != scheduleKeys_.end() && shown->scheduleKey == key->second &&
           shown->lawKey == lawKey_;
}

void LivePrediction::setColumns(int columns) {
    columns = std::clamp(columns, 64, 4096);
    if (columns == columns_) return;
    columns_ = columns;
    update();
}

void LivePrediction::beginInteraction(ItemId id) {
    interactive_.insert(id);
}

void LivePrediction::endInteraction(ItemId id) {
    if (interactive_.erase(id) > 0) update();
}

bool LivePrediction::isSettled() const {
    if (!worker_->isIdle()) return false;
    if (!problem_.isEmpty()) return true;
    for (const ProjectSchedule& entry : document_->project().schedules)
        if (entry.visible && needsWork(entry)) return false;
    return true;
}

QByteArray LivePrediction::currentKey(ItemId id) const {
    auto found = scheduleKeys_.find(id);
    if (found != scheduleKeys_.end()) return found->second;
    const ProjectSchedule* entry = document_->project().findSchedule(id);
    if (!entry) return {};
    return scheduleKeys_.emplace(id, scheduleIdentity(entry->schedule)).first->second;
}

bool LivePrediction::needsWork(const ProjectSchedule& entry) const {
    const auto found = curves_.find(entry.id);
    if (found == curves_.end()) return true;
    const PredictedCurve& shown = found->second;
    if (shown.scheduleKey != currentKey(entry.id) || shown.lawKey != lawKey_ ||
        shown.columns != columns_)
        return true;
    return !shown.exact && !interactive_.contains(entry.id);
}

void LivePrediction::update() {
    const Project& project = document_->project();
    const LawSelection& law = project.law;
    if (!law.isSet()) {
        setProblem(
            tr("No loss law yet: choose a fit or type the law's parameters in the Law "
               "panel."));
    } else if (auto made = makeLaw(law.lawId); !made) {
        setProblem(made.error());
    } else if (Status check = (*made)->checkParameters(law.parameters); !check) {
        setProblem(tr("Law parameters: %1").arg(check.error()));
    } else {
        setProblem({});
    }
    if (!problem_.isEmpty()) {
        if (!curves_.empty()) {
            curves_.clear();
            emit curvesCleared();
        }
        lawKey_.clear();
        setBusy(false);
        emit settled();
        return;
    }
    // Parameters from a fit carry its covariance, and with it a band around every curve, and
    // its cross-validated error, which widens the band where the fit extrapolates.
    PredictionRequest request;
    std::vector<double> covariance;
    if (law.fitIndex && *law.fitIndex < static_cast<int>(project.fits.size())) {
        const FitResult& fit = project.fits[static_cast<std::size_t>(*law.fitIndex)];
        if (fit.lawId == law.lawId && fit.parameters == law.parameters &&
            fit.covariance.size() == law.parameters.size() * law.parameters.size()) {
            covariance = fit.covariance;
            request.crossValidatedPredE = fit.crossValidatedPredE;
            request.fittedRuns = static_cast<int>(fit.runs.size());
        }
    }
    const FitRange& range = fitRange();
    lawKey_ = lawIdentity(law.lawId, law.parameters, covariance);
    for (double part : {range.peakLr, static_cast<double>(range.longestSteps),
                        range.lowestAnnealedTo, range.deepestRewarm, range.longestWarmupFraction,
                        request.crossValidatedPredE, static_cast<double>(request.fittedRuns)})
        lawKey_ += '|' + QByteArray::number(part, 'g', 17);

    request.lawId = law.lawId;
    request.parameters = law.parameters;
    request.covariance = std::move(covariance);
    request.lawKey = lawKey_;
    request.columns = columns_;
    request.fitRange = range;
    for (const ProjectSchedule& entry : project.schedules) {
        request.liveIds.push_back(entry.id);
        if (!entry.visible || !needsWork(entry)) continue;
        request.jobs.push_back(PredictionJob{entry.id, entry.schedule, currentKey(entry.id),
                                             interactive_.contains(entry.id)});
    }
    if (request.jobs.empty() && worker_->isIdle()) {
        setBusy(false);
        emit settled();
        return;
    }
    // Even with no jobs, a request replaces a running one whose results would be stale.
    setBusy(true);
    worker_->submit(std::move(request));
}

void LivePrediction::accept(const PredictedCurve& curve) {
    const ProjectSchedule* entry = document_->project().findSchedule(curve.id);
    if (!entry || curve.scheduleKey != currentKey(curve.id) || curve.lawKey != lawKey_) return;
    const auto found = curves_.find(curve.id);
    // A preview never replaces the exact curve of the same schedule.
    if (found != curves_.end() && found->second.exact && !curve.exact &&
        found->second.scheduleKey == curve.scheduleKey && found->second.lawKey == curve.lawKey &&
        found->second.columns == curve.columns)
        return;
    curves_[curve.id] = curve;
    emit curveChanged(curve.id);
}

void LivePrediction::onWorkerIdle() {
    for (const ProjectSchedule& entry : document_->project().schedules)
        if (entry.visible && needsWork(entry) && !interactive_.contains(entry.id)) {
            update();  // something changed while the last request ran
            return;
        }
    setBusy(false);
    emit settled();
}

void LivePrediction::setBusy(bool busy) {
    if (busy == busy_) return;
    busy_ = busy;
    emit busyChanged(busy);
}

void LivePrediction::setProblem(const QString& problem) {
    if (problem == problem_) return;
    problem_ = problem;
    emit problemChanged(problem);
}

}  // namespace annealer
