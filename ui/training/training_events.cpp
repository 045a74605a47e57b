#include "training_events.h"

namespace cnnwb::ui {

TrainingReporter::TrainingReporter(TrainingEvents* events, int flushIntervalMs)
    : events_(events), flushIntervalMs_(flushIntervalMs) {
    sinceFlush_.start();
}

void TrainingReporter::post(std::function<void(TrainingEvents&)> emitter) {
    TrainingEvents* events = events_.data();
    if (!events) return;
    // Queued with the events object as context: runs on its (GUI) thread, in
    // posting order, and not at all once it is destroyed.
    QMetaObject::invokeMethod(
        events, [events, emitter = std::move(emitter)] { emitter(*events); }, Qt::QueuedConnection);
}

void TrainingReporter::onBatchEnd(const BatchStats& stats) {
    pending_.push_back(stats);
    if (sinceFlush_.elapsed() >= flushIntervalMs_) flush();
}

void TrainingReporter::onEpochEnd(const EpochStats& stats) {
    flush();
    post([stats](TrainingEvents& e) { emit e.epochEnded(stats); });
}

void TrainingReporter::onPaused() {
    flush();
    post([](TrainingEvents& e) { emit e.paused(); });
}

void TrainingReporter::onResumed() {
    post([](TrainingEvents& e) { emit e.resumed(); });
}

void TrainingReporter::flush() {
    sinceFlush_.restart();
    if (pending_.isEmpty()) return;
    post([batches = pending_](TrainingEvents& e) { emit e.batchesReady(batches); });
    pending_.clear();
}

}  // namespace cnnwb::ui
