// The requests the GUI thread makes of a running trainer, shared with the
// worker thread: stop, pause/resume and "send me a copy of ..." (weights,
// an inspected image, the session). All flags are atomics, read by the worker
// between batches; the GUI thread only ever writes requests and never waits.
//
// Pause is implemented here rather than with Trainer::pause(): a worker paused
// inside the engine could not answer snapshot or inspection requests, but one
// paused here, between batches, can (the filter and feature-map views still
// work while training is paused).
#pragma once

#include "inspection.h"

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>

namespace cnnwb::ui {

class TrainingControl {
public:
    // GUI thread.
    void requestStop();
    void requestPause();
    void requestResume();
    void requestSnapshot();
    void requestInspection(const InspectionRequest& request);  // replaces one still pending
    void requestSession();

    // Worker thread.
    bool stopRequested() const { return stop_; }
    bool pauseRequested() const { return pause_; }
    bool hasRequests() const { return snapshot_ || session_ || inspection_; }
    bool takeSnapshotRequest() { return snapshot_.exchange(false); }
    bool takeSessionRequest() { return session_.exchange(false); }
    std::optional<InspectionRequest> takeInspectionRequest();
    // Blocks while a pause is requested; whenever a request arrives it calls
    // `serve` (unlocked) and keeps waiting. Returns on resume or stop.
    void waitWhilePaused(const std::function<void()>& serve);
    // A new run starts neither stopped nor paused.
    void clearRunFlags();

private:
    void wake();

    std::atomic<bool> stop_{false};
    std::atomic<bool> pause_{false};
    std::atomic<bool> snapshot_{false};
    std::atomic<bool> session_{false};
    std::atomic<bool> inspection_{false};
    std::mutex mutex_;
    std::condition_variable changed_;
    InspectionRequest inspectionRequest_;  // guarded by mutex_
};

}  // namespace cnnwb::ui
