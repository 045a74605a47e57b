#include "run_recorder.h"

namespace cnnwb {

RunRecorder::RunRecorder(const std::filesystem::path& library, Trainer& trainer, RunMeta meta, TrainingObserver* next,
                         Clock::duration interval)
    : library_(library), trainer_(trainer), meta_(std::move(meta)), next_(next), interval_(interval) {
    // The first write makes the id (when new); the lock is taken before the
    // file says "running", so nobody ever sees a running file without its lock.
    Session session = captureSession(trainer_, run_status::kRunning);
    session.run = meta_;
    if (session.run.id.empty()) session.run.id = library_.newRunId(session.spec);
    lock_ = std::make_unique<RunLock>(library_.folder(), session.run.id);
    library_.record(session);
    meta_ = session.run;
    lastWrite_ = Clock::now();
}

RunRecorder::~RunRecorder() = default;

void RunRecorder::checkpoint() {
    try {
        Session session = captureSession(trainer_, run_status::kRunning);
        session.run = meta_;
        library_.record(session);
        ++checkpoints_;
    } catch (const std::exception& e) {
        if (onCheckpointFailed) onCheckpointFailed(e.what());
    }
    lastWrite_ = Clock::now();
}

void RunRecorder::onBatchEnd(const BatchStats& b) {
    if (next_) next_->onBatchEnd(b);
    // The last batch of an epoch is followed by its evaluation and onEpochEnd's checkpoint.
    if (b.batch < b.batchesPerEpoch && Clock::now() - lastWrite_ >= interval_) checkpoint();
}

void RunRecorder::onEpochEnd(const EpochStats& e) {
    if (next_) next_->onEpochEnd(e);
    checkpoint();
}

void RunRecorder::onPaused() {
    if (next_) next_->onPaused();
}

void RunRecorder::onResumed() {
    if (next_) next_->onResumed();
}

Session RunRecorder::finish(const std::string& status) {
    Session session = captureSession(trainer_, status);
    session.run = meta_;
    library_.record(session);
    lock_.reset();
    return session;
}

}  // namespace cnnwb
