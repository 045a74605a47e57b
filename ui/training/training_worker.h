// The object that lives on the training thread and owns the engine's Trainer
// (and with it the network, its weights and the data). The GUI reaches it
// through queued calls, the engine's TrainingControl (stop, pause, "serve
// requests") and TrainingRequests; everything it reports leaves as a copied
// value through the TrainingReporter. After a run ends the trainer stays, so
// the views can still ask for weights and inspect images.
#pragma once

#include "run_request.h"
#include "training_events.h"

#include <QObject>

#include <memory>
#include <optional>

namespace cnnwb::ui {

class TrainingRequests;
class TrainingThreadPriority;

class TrainingWorker : public QObject {
    Q_OBJECT
public:
    TrainingWorker(std::shared_ptr<TrainingControl> control, std::shared_ptr<TrainingRequests> requests,
                   TrainingEvents* events, QObject* parent = nullptr);
    ~TrainingWorker() override;

    // Loads the data, builds the network and, when asked, trains it; returns
    // when the run ends. Errors are reported (runEnded Failed), never thrown.
    void run(const RunRequest& request);
    // Answers pending snapshot/inspection/session requests (between batches,
    // while paused, or when idle).
    void serveRequests();

private:
    bool prepare(const RunRequest& request);
    void train(const RunRequest& request);
    // Posts what each layer's training passes have cost in this run.
    void sendLayerTimes();
    // What the network's weights are now, for captions.
    QString weightsCaption() const;
    std::shared_ptr<const WeightHistory> historyCopy();
    // Answers one pending request: `compute`'s result goes out through
    // `ready`, any failure (no network yet, a bad index) through `failed`.
    template <typename Request, typename Result, typename Compute>
    void answer(std::optional<Request> request, void (TrainingEvents::*ready)(const Result&),
                void (TrainingEvents::*failed)(const QString&), Compute compute);

    std::shared_ptr<TrainingControl> control_;
    std::shared_ptr<TrainingRequests> requests_;
    TrainingReporter reporter_;
    std::unique_ptr<Trainer> trainer_;
    // Created on the training thread at the first run, so it observes that thread's arena.
    std::unique_ptr<TrainingThreadPriority> priority_;
    quint64 snapshots_ = 0;
    // The last filter history sent, so an unchanged one is not copied again.
    std::shared_ptr<const WeightHistory> sentHistory_;
    std::string status_ = run_status::kNew;
    std::string weightsOrigin_;
    RunMeta recordedRun_;  // the last run's record (its id once in the library)
};

}  // namespace cnnwb::ui
