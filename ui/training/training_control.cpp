#include "training_control.h"

namespace cnnwb::ui {

// Each flag is set under the mutex before notifying, so a worker between its
// predicate check and its wait cannot miss the wake-up.
void TrainingControl::wake() { changed_.notify_all(); }

void TrainingControl::requestStop() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    wake();
}

void TrainingControl::requestPause() {
    std::lock_guard lock(mutex_);
    pause_ = true;
}

void TrainingControl::requestResume() {
    {
        std::lock_guard lock(mutex_);
        pause_ = false;
    }
    wake();
}

void TrainingControl::requestSnapshot() {
    {
        std::lock_guard lock(mutex_);
        snapshot_ = true;
    }
    wake();
}

void TrainingControl::requestSession() {
    {
        std::lock_guard lock(mutex_);
        session_ = true;
    }
    wake();
}

void TrainingControl::requestInspection(const InspectionRequest& request) {
    {
        std::lock_guard lock(mutex_);
        inspectionRequest_ = request;
        inspection_ = true;
    }
    wake();
}

std::optional<InspectionRequest> TrainingControl::takeInspectionRequest() {
    std::lock_guard lock(mutex_);
    if (!inspection_.exchange(false)) return std::nullopt;
    return inspectionRequest_;
}

void TrainingControl::waitWhilePaused(const std::function<void()>& serve) {
    std::unique_lock lock(mutex_);
    while (pause_ && !stop_) {
        changed_.wait(lock, [this] { return !pause_ || stop_ || hasRequests(); });
        if (hasRequests()) {
            lock.unlock();
            serve();
            lock.lock();
        }
    }
}

void TrainingControl::clearRunFlags() {
    std::lock_guard lock(mutex_);
    stop_ = false;
    pause_ = false;
}

}  // namespace cnnwb::ui
