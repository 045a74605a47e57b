// Runs a sweep's points one after another on the window's TrainingController
// (so the Training tab shows each run live), each recorded in the run library
// with its sweep key; points that finished before are skipped, so a sweep
// started again goes on where it stopped. Cancel stops the current run (it is
// kept, as stopped) and the queue.
#pragma once

#include "engine/runs/sweep.h"

#include <QElapsedTimer>
#include <QObject>

#include <deque>

namespace cnnwb::ui {

class TrainingController;
enum class TrainingState;

class SweepRunner : public QObject {
    Q_OBJECT
public:
    SweepRunner(TrainingController* controller, QObject* parent = nullptr);

    // Starts the points of `plan` not finished in `library` yet. `parent` and
    // `parentSpec` are what every run records as its origin. False when the
    // controller is busy.
    bool start(const SweepPlan& plan, const QString& library, const RunOrigin& parent, const ModelSpec& parentSpec,
               const TrainerOptions& options);
    void cancel();
    bool isRunning() const { return running_; }

    int total() const { return total_; }
    int done() const { return done_; }     // finished now or before
    int skipped() const { return skipped_; }
    QString current() const { return current_; }
    // Seconds left at the pace of the runs so far; negative when unknown.
    double secondsLeft() const;

signals:
    void progressed();
    // All points done (or cancelled): `cancelled` says which.
    void finished(bool cancelled);

private:
    void next();
    void runEnded(TrainingState end);

    TrainingController* controller_;
    SweepPlan plan_;
    QString library_;
    RunOrigin parent_;
    ModelSpec parentSpec_;
    TrainerOptions options_;
    std::deque<std::size_t> queue_;  // indices into plan_.points
    bool running_ = false;
    bool cancelled_ = false;
    bool ownRun_ = false;  // the controller's current run is one of ours
    int total_ = 0, done_ = 0, skipped_ = 0, ran_ = 0;
    QString current_;
    QElapsedTimer clock_;
};

}  // namespace cnnwb::ui
