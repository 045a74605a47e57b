#include "training_signal_adapter.h"

namespace cnnwb::ui {

TrainingSignalAdapter::TrainingSignalAdapter(int flushIntervalMs, QObject* parent)
    : QObject(parent), flushIntervalMs_(flushIntervalMs) {
    sinceFlush_.start();
}

void TrainingSignalAdapter::onBatchEnd(const BatchStats& stats) {
    pending_.push_back(stats);
    if (sinceFlush_.elapsed() >= flushIntervalMs_) flush();
    if (boundary_) boundary_();
}

void TrainingSignalAdapter::onEpochEnd(const EpochStats& stats) {
    flush();
    emit epochEnded(stats);
    if (boundary_) boundary_();
}

void TrainingSignalAdapter::flush() {
    sinceFlush_.restart();
    if (pending_.isEmpty()) return;
    emit batchesReady(pending_);
    pending_.clear();
}

}  // namespace cnnwb::ui
