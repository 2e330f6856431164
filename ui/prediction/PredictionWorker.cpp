#include "PredictionWorker.h"

#include "PredictionEngine.h"

#include <QPointer>
#include <QThread>

namespace annealer {

PredictionWorker::PredictionWorker(QObject* parent)
    : QObject(parent), engine_(std::make_unique<PredictionEngine>()) {
    qRegisterMetaType<annealer::PredictedCurve>();
    thread_ = QThread::create([this] { loop(); });
    thread_->setObjectName(QStringLiteral("prediction"));
    thread_->start();
}

PredictionWorker::~PredictionWorker() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        pending_.reset();
    }
    wake_.notify_all();
    thread_->wait();
    delete thread_;
}

void PredictionWorker::submit(PredictionRequest request) {
    {
        std::lock_guard lock(mutex_);
        pending_ = std::move(request);
        pendingGeneration_ = ++submitted_;
    }
    wake_.notify_all();
}

void PredictionWorker::loop() {
    for (;;) {
        PredictionRequest request;
        std::uint64_t generation = 0;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || pending_.has_value(); });
            if (stopping_) return;
            request = std::move(*pending_);
            pending_.reset();
            generation = pendingGeneration_;
        }
        // A newer request waiting (or shutdown) ends this one between two curves.
        const auto superseded = [this] {
            std::lock_guard lock(mutex_);
            return stopping_ || pending_.has_value();
        };
        const auto deliver = [this](PredictedCurve curve) {
            QMetaObject::invokeMethod(
                this, [this, curve = std::move(curve)] { emit curveReady(curve); },
                Qt::QueuedConnection);
        };
        engine_->run(request, deliver, superseded);
        QMetaObject::invokeMethod(
            this, [this, generation] { requestFinished(generation); }, Qt::QueuedConnection);
    }
}

void PredictionWorker::requestFinished(std::uint64_t generation) {
    // An older request's end says nothing about the newer one still running.
    if (generation != submitted_) return;
    finished_ = generation;
    emit idle();
}

}  // namespace annealer
