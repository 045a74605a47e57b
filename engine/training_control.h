// The requests other threads make of a running trainer: stop, pause and
// resume, and "serve my requests between two batches" (a copy of the
// weights, an image run through the network, ...). Trainer::run polls them
// at every batch boundary, so each takes effect within one batch; the
// requesting thread only sets flags and never waits.
//
// Pause is a wait between two batches that still serves requests, so a
// paused run keeps answering (the GUI's filter and feature-map views work
// while training is paused). One control can serve many runs, one at a time:
// its owner clears the run flags before each.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>

namespace cnnwb {

class TrainingControl {
public:
    // Any thread.
    void requestStop();
    void requestPause();
    void requestResume();
    // Asks for the service (below) to run on the trainer's thread at the next
    // batch boundary, or at once while paused.
    void requestService();
    bool stopRequested() const { return stop_; }
    bool pauseRequested() const { return pause_; }
    // A new run starts neither stopped nor paused.
    void clearRunFlags();

    // The trainer's owner: what requestService() asks for (runs on the trainer's thread).
    void setService(std::function<void()> serve);

    // The trainer's thread. Runs the service when it was requested.
    void serveIfRequested();
    // Blocks while a pause is requested and no stop is, serving requests as
    // they arrive. Returns on resume or stop.
    void waitWhilePaused();

private:
    void wake();

    std::atomic<bool> stop_{false};
    std::atomic<bool> pause_{false};
    std::atomic<bool> service_{false};
    std::mutex mutex_;
    std::condition_variable changed_;
    std::function<void()> serve_;  // guarded by mutex_ while being replaced
};

}  // namespace cnnwb
