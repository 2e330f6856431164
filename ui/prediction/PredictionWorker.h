#pragma once

#include "PredictedCurve.h"
#include "PredictionRequest.h"

#include <QObject>

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>

class QThread;

namespace annealer {

class PredictionEngine;

// Runs predictions on its own thread, off the GUI thread. There is no queue: a request
// submitted while another is pending replaces it, and a running one stops at its next curve
// boundary, so stale work is dropped rather than finished. Curves arrive on the GUI thread
// through curveReady(); idle() follows when the latest request is done.
class PredictionWorker : public QObject {
    Q_OBJECT
public:
    explicit PredictionWorker(QObject* parent = nullptr);
    ~PredictionWorker() override;

    void submit(PredictionRequest request);
    // No request pending or running (GUI thread).
    bool isIdle() const { return finished_ == submitted_; }

signals:
    void curveReady(const annealer::PredictedCurve& curve);
    void idle();

private:
    void loop();
    void requestFinished(std::uint64_t generation);

    std::unique_ptr<PredictionEngine> engine_;  // used on the worker thread only
    QThread* thread_ = nullptr;

    std::mutex mutex_;
    std::condition_variable wake_;
    std::optional<PredictionRequest> pending_;  // guarded by mutex_
    std::uint64_t pendingGeneration_ = 0;       // guarded by mutex_
    bool stopping_ = false;                     // guarded by mutex_

    std::uint64_t submitted_ = 0;  // GUI thread
    std::uint64_t finished_ = 0;   // GUI thread
};

}  // namespace annealer
