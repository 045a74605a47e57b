#include "training_control.h"

namespace cnnwb {

// Each flag is set under the mutex before notifying, so a trainer between its
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

void TrainingControl::requestService() {
    {
        std::lock_guard lock(mutex_);
        service_ = true;
    }
    wake();
}

void TrainingControl::clearRunFlags() {
    std::lock_guard lock(mutex_);
    stop_ = false;
    pause_ = false;
}

void TrainingControl::setService(std::function<void()> serve) {
    std::lock_guard lock(mutex_);
    serve_ = std::move(serve);
}

void TrainingControl::serveIfRequested() {
    if (!service_.exchange(false)) return;
    std::function<void()> serve;
    {
        std::lock_guard lock(mutex_);
        serve = serve_;
    }
    if (serve) serve();
}

void TrainingControl::waitWhilePaused() {
    std::unique_lock lock(mutex_);
    while (pause_ && !stop_) {
        changed_.wait(lock, [this] { return !pause_ || stop_ || service_; });
        if (service_) {
            lock.unlock();
            serveIfRequested();
            lock.lock();
        }
    }
}

}  // namespace cnnwb
