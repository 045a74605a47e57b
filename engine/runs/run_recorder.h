// Keeps a training run's file in the run library current while it trains,
// so that a crash, a kill or a power cut loses at most one epoch, or a few
// minutes of a long one: the run is recorded as "running" when it starts,
// again at the end of every epoch and, inside long epochs, at a batch end
// once `interval` has passed since the last write; finish() writes the final
// status. A RunLock held meanwhile lets the library tell this run from one
// whose process died ("interrupted"); such a run continues from its last
// checkpoint, to the same numbers as an uninterrupted run (Trainer::resumeFrom).
//
// It sits between the trainer and another observer (the progress display),
// on the trainer's thread. A failed checkpoint (disk full) does not stop
// training: the message goes to `onCheckpointFailed`, and the next
// checkpoint tries again.
#pragma once

#include "run_library.h"
#include "run_lock.h"

#include "../trainer.h"

#include <chrono>
#include <functional>
#include <memory>
#include <string>

namespace cnnwb {

class RunRecorder : public TrainingObserver {
public:
    using Clock = std::chrono::steady_clock;

    // `meta`: the run's parent and changes, or a stored run's own meta (id
    // included) to continue that run in place. Records the run at once.
    RunRecorder(const std::filesystem::path& library, Trainer& trainer, RunMeta meta, TrainingObserver* next,
                Clock::duration interval = std::chrono::minutes(5));
    ~RunRecorder() override;

    void onBatchEnd(const BatchStats& b) override;
    void onEpochEnd(const EpochStats& e) override;
    void onPaused() override;
    void onResumed() override;

    // Records the final state with `status`; returns the session written.
    Session finish(const std::string& status);

    const RunMeta& meta() const { return meta_; }
    int checkpoints() const { return checkpoints_; }
    std::function<void(const std::string&)> onCheckpointFailed;

private:
    void checkpoint();

    RunLibrary library_;
    Trainer& trainer_;
    RunMeta meta_;
    TrainingObserver* next_;
    Clock::duration interval_;
    Clock::time_point lastWrite_;
    std::unique_ptr<RunLock> lock_;
    int checkpoints_ = 0;
};

}  // namespace cnnwb
