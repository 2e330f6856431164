#pragma once

#include "CptCurves.h"

#include <QJsonObject>
#include <QObject>

#include <optional>
#include <vector>

namespace annealer {

class CptDocument;

// The predicted curves of every schedule of the open CPT project, kept up to date with it on
// the GUI thread: a change predicts again only the schedules whose inputs changed (a drag of
// one schedule re-predicts that one; a new checkpoint or fit, all; a new weight, none).
class CptPredictions : public QObject {
    Q_OBJECT
public:
    explicit CptPredictions(CptDocument* document, QObject* parent = nullptr);

    // The curves of schedule i, or why there are none (no fits, an invalid schedule).
    const Result<CptCurves>& curves(std::size_t index) const { return entries_.at(index).curves; }
    std::size_t count() const { return entries_.size(); }
    const CptStepWindow& window() const { return window_; }

    // Predicts what changed (called on every change of the document).
    void update();

signals:
    void updated();

private:
    struct Entry {
        CptPhase phase;
        Result<CptCurves> curves = Error{QString()};
    };
    CptDocument* document_;
    std::vector<Entry> entries_;
    CptStepWindow window_;
    QJsonObject pretrainingKey_;
    std::optional<CptRunSampler>
        sampler_;  // for the pre-training to the checkpoint  // the pre-training schedule,
                   // checkpoint and fits predicted with
};

}  // namespace annealer
