// The object that lives on the training thread and owns the engine's Trainer
// (and with it the network, its weights and the data). Everything else talks
// to it through queued calls and the shared TrainingControl; everything it
// reports leaves as a copied value in a signal. After a run ends the trainer
// stays, so the views can still ask for weights and inspect images.
#pragma once

#include "inspection.h"
#include "run_info.h"
#include "run_request.h"
#include "training_metatypes.h"
#include "training_state.h"
#include "weight_snapshot.h"

#include <QObject>

#include <memory>

namespace cnnwb::ui {

class TrainingControl;
class TrainingSignalAdapter;
class TrainingThreadPriority;

class TrainingWorker : public QObject {
    Q_OBJECT
public:
    explicit TrainingWorker(std::shared_ptr<TrainingControl> control, QObject* parent = nullptr);
    ~TrainingWorker() override;

    // Loads the data, builds the network and, when asked, trains it; returns
    // when the run ends. Errors are reported through failed(), never thrown.
    void run(const RunRequest& request);
    // Answers pending snapshot/inspection/session requests (between batches,
    // while paused, or when idle).
    void serveRequests();

signals:
    void prepared(const cnnwb::ui::RunInfo& info);
    void trainingStarted();
    void batchesReady(const QList<cnnwb::BatchStats>& batches);
    void epochEnded(const cnnwb::EpochStats& epoch);
    void paused();
    void resumed();
    // Finished, Stopped or Failed (then `message` says why).
    void runEnded(cnnwb::ui::TrainingState end, const QString& message);
    void snapshotReady(const cnnwb::ui::WeightSnapshot& snapshot);
    void inspectionReady(const cnnwb::ui::Inspection& inspection);
    void sessionReady(const cnnwb::Session& session);
    // A request that could not be answered (no network yet, index out of range, ...).
    void requestFailed(const QString& message);

private:
    bool prepare(const RunRequest& request);
    void train();
    void atBatchBoundary();
    Session captureSession(const std::string& status);

    std::shared_ptr<TrainingControl> control_;
    std::unique_ptr<Trainer> trainer_;
    // Created on the training thread at the first run, so it observes that thread's arena.
    std::unique_ptr<TrainingThreadPriority> priority_;
    TrainingSignalAdapter* adapter_;
    quint64 snapshots_ = 0;
    std::string status_ = "new";
};

}  // namespace cnnwb::ui
