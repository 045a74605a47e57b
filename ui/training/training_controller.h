// The GUI's handle on training: owns a QThread with a TrainingWorker on it and
// turns button presses into requests. It never blocks the GUI thread (except
// in shutdown(), which waits for the worker to finish its current batch) and
// never touches engine tensors: weights, inspected images and sessions arrive
// as copies through events(), answered by the worker at the next batch
// boundary (or at once when it is idle).
//
//   controller.start(spec);          // load data, build, train
//   controller.pause(); resume(); stop();
//   controller.requestSnapshot();    // → events()->snapshotReady(WeightSnapshot)
//   controller.requestInspection({DataPart::Test, 7});  // → events()->inspectionReady(...)
//   controller.requestEvaluation(DataPart::Test);         // → events()->evaluationReady(...)
//
// Stop keeps the run's history and weights; the network stays on the worker
// until the next start/prepare, so the views keep working after a run.
#pragma once

#include "run_request.h"
#include "training_events.h"

#include <QObject>
#include <QThread>

#include <memory>

namespace cnnwb::ui {

class TrainingRequests;
class TrainingWorker;

class TrainingController : public QObject {
    Q_OBJECT
public:
    explicit TrainingController(QObject* parent = nullptr);
    ~TrainingController() override;  // shutdown()

    // What the runs report (see TrainingEvents); the controller hears it first.
    TrainingEvents* events() const { return events_; }

    // Where the data sets are, the only place looked at; empty: CNNWB_DATA, then the user cache.
    void setDataDirectory(const QString& directory) { dataDirectory_ = directory; }
    QString dataDirectory() const { return dataDirectory_; }

    // Starts a new run from `spec` (its own weights, seeded). False, and
    // nothing happens, while a run is busy.
    bool start(const ModelSpec& spec, const TrainerOptions& options = {});
    // Starts the run a request describes (to record, to continue, ...).
    bool start(RunRequest request);
    // Loads data and builds the network without training, optionally with
    // stored weights ("layer/param" → values; `origin` says what they are,
    // for captions), so the views can show a saved session. False while a
    // run is busy.
    bool prepare(const ModelSpec& spec, const std::map<std::string, std::vector<float>>& weights = {},
                 const TrainerOptions& options = {}, const QString& origin = {},
                 std::shared_ptr<const WeightHistory> weightHistory = {});
    void pause();   // takes effect after the current batch
    void resume();
    void stop();    // after the current batch (or the current evaluation)

    void requestSnapshot();
    void requestInspection(const InspectionRequest& request);
    // Takes one value of a feature map apart (→ events()->explanationReady).
    void requestExplanation(const ExplanationRequest& request);
    // Saliency, Grad-CAM (and occlusion) of one image (→ events()->attributionReady).
    void requestAttribution(const AttributionRequest& request);
    // Runs a drawn image (raw 0..255 in the model's input shape) through the
    // network (→ events()->drawnInspectionReady).
    void requestDrawnInspection(const QByteArray& pixels);
    // Scores a whole data part with the current weights (→ events()->evaluationReady);
    // while training, the run waits for it between two batches.
    void requestEvaluation(DataPart part);
    // Finds the images each filter of a layer responds to most
    // (→ events()->strongestImagesProgress, then strongestImagesReady or
    // strongestImagesFailed); while training, the run waits for it.
    void requestStrongestImages(const StrongestImagesRequest& request);
    void cancelStrongestImages();
    void requestSession();

    TrainingState state() const { return state_; }
    bool isBusy() const { return ui::isBusy(state_); }
    bool pauseRequested() const { return pauseRequested_; }
    // Whether the worker holds a network the views can ask about.
    bool hasNetwork() const { return hasNetwork_; }
    const RunInfo& runInfo() const { return info_; }
    QString lastError() const { return lastError_; }

    // Stops any run and waits for the worker thread to end (closing the
    // window). Afterwards the controller accepts nothing.
    void shutdown();

signals:
    void stateChanged(cnnwb::ui::TrainingState state);
    // A run ended with an error (also in events()->runEnded).
    void failed(const QString& message);

private:
    bool launch(RunRequest request);
    void setState(TrainingState state);
    // Asks the worker to serve requests: a busy one at its next batch
    // boundary (through the engine's control), an idle one from its queue.
    void serve();

    TrainingEvents* events_;
    std::shared_ptr<TrainingControl> control_;
    std::shared_ptr<TrainingRequests> requests_;
    QThread thread_;
    TrainingWorker* worker_;
    TrainingState state_ = TrainingState::Idle;
    RunInfo info_;
    QString dataDirectory_;
    QString lastError_;
    bool pauseRequested_ = false;
    bool hasNetwork_ = false;
    bool shutDown_ = false;
};

}  // namespace cnnwb::ui
