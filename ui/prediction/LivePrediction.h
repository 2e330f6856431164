#pragma once

#include "PredictedCurve.h"
#include "project/Project.h"

#include <QObject>

#include <optional>
#include <set>
#include <unordered_map>

namespace annealer {

class ProjectDocument;
class PredictionWorker;

// Keeps the predicted curve of every visible schedule in step with the document: on each change
// it asks the worker for the curves that are out of date (a changed schedule, another law, a
// resized chart) and takes back only results that still match. A schedule being dragged gets
// quick previews; when the drag ends it is refined to the exact prediction.
class LivePrediction : public QObject {
    Q_OBJECT
public:
    explicit LivePrediction(ProjectDocument* document, QObject* parent = nullptr);
    ~LivePrediction() override;

    // The latest curve of a schedule (possibly of an earlier version while a new one is being
    // computed), or nullptr.
    const PredictedCurve* curve(ItemId id) const;
    // True when the curve matches the schedule and law as they are now.
    bool isCurrent(ItemId id) const;

    void setColumns(int columns);
    void beginInteraction(ItemId id);
    void endInteraction(ItemId id);

    // Nothing running, and every visible schedule's curve current (exact unless being dragged).
    bool isSettled() const;
    // Why nothing can be predicted (no law chosen, invalid parameters), or empty.
    QString problem() const { return problem_; }
    // What the fit in use saw (unknown without one): curves say where they leave it.
    const FitRange& fitRange() const;

signals:
    void curveChanged(annealer::ItemId id);
    void curvesCleared();
    void settled();
    void busyChanged(bool busy);
    void problemChanged(const QString& problem);

private:
    void update();
    void accept(const PredictedCurve& curve);
    void onWorkerIdle();
    QByteArray currentKey(ItemId id) const;
    bool needsWork(const ProjectSchedule& entry) const;
    void setBusy(bool busy);
    void setProblem(const QString& problem);

    ProjectDocument* document_;
    PredictionWorker* worker_;
    std::unordered_map<ItemId, PredictedCurve> curves_;
    mutable std::unordered_map<ItemId, QByteArray> scheduleKeys_;  // scheduleIdentity, cached
    QByteArray lawKey_;
    std::set<ItemId> interactive_;
    int columns_ = 800;
    bool busy_ = false;
    QString problem_;
    mutable std::optional<FitRange> fitRange_;  // of the fit in use, until the fit or runs change
};

}  // namespace annealer
