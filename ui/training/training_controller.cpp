#include "training_controller.h"

#include "training_control.h"
#include "training_worker.h"

namespace cnnwb::ui {

void registerTrainingMetaTypes() {
    qRegisterMetaType<cnnwb::BatchStats>();
    qRegisterMetaType<cnnwb::EpochStats>();
    qRegisterMetaType<QList<cnnwb::BatchStats>>();
    qRegisterMetaType<cnnwb::Session>();
    qRegisterMetaType<cnnwb::ui::TrainingState>();
    qRegisterMetaType<cnnwb::ui::RunInfo>();
    qRegisterMetaType<cnnwb::ui::WeightSnapshot>();
    qRegisterMetaType<cnnwb::ui::Inspection>();
}

TrainingController::TrainingController(QObject* parent)
    : QObject(parent), control_(std::make_shared<TrainingControl>()), worker_(new TrainingWorker(control_)) {
    registerTrainingMetaTypes();
    thread_.setObjectName(QStringLiteral("training"));
    worker_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);

    // All queued: the worker's signals come from the training thread.
    connect(worker_, &TrainingWorker::prepared, this, [this](const RunInfo& info) {
        info_ = info;
        hasNetwork_ = true;
        emit prepared(info);
        // A training run goes straight on to Running (trainingStarted).
        if (state_ == TrainingState::Preparing && !info.training) setState(TrainingState::Ready);
    });
    connect(worker_, &TrainingWorker::trainingStarted, this, [this] { setState(TrainingState::Running); });
    connect(worker_, &TrainingWorker::paused, this, [this] { setState(TrainingState::Paused); });
    connect(worker_, &TrainingWorker::resumed, this, [this] { setState(TrainingState::Running); });
    connect(worker_, &TrainingWorker::batchesReady, this, &TrainingController::batchesReady);
    connect(worker_, &TrainingWorker::epochEnded, this, &TrainingController::epochEnded);
    connect(worker_, &TrainingWorker::snapshotReady, this, &TrainingController::snapshotReady);
    connect(worker_, &TrainingWorker::inspectionReady, this, &TrainingController::inspectionReady);
    connect(worker_, &TrainingWorker::sessionReady, this, &TrainingController::sessionReady);
    connect(worker_, &TrainingWorker::requestFailed, this, &TrainingController::requestFailed);
    connect(worker_, &TrainingWorker::runEnded, this, [this](TrainingState end, const QString& message) {
        pauseRequested_ = false;
        if (end == TrainingState::Failed) lastError_ = message;
        setState(end);
        emit runEnded(end, message);
        if (end == TrainingState::Failed) emit failed(message);
    });
    thread_.start();
}

TrainingController::~TrainingController() { shutdown(); }

void TrainingController::shutdown() {
    if (shutDown_) return;
    shutDown_ = true;
    control_->requestStop();
    thread_.quit();
    thread_.wait();
}

bool TrainingController::start(const ModelSpec& spec, const TrainerOptions& options) {
    RunRequest request;
    request.spec = spec;
    request.options = options;
    request.train = true;
    return launch(std::move(request));
}

bool TrainingController::prepare(const ModelSpec& spec, const std::map<std::string, std::vector<float>>& weights,
                                 const TrainerOptions& options) {
    RunRequest request;
    request.spec = spec;
    request.options = options;
    request.train = false;
    request.weights = weights;
    return launch(std::move(request));
}

bool TrainingController::launch(RunRequest request) {
    if (shutDown_ || isBusy()) return false;
    request.dataDirectory = dataDirectory_.toStdString();
    lastError_.clear();
    pauseRequested_ = false;
    hasNetwork_ = false;
    info_ = {};
    // Cleared here, not by the worker, so a Stop pressed before the worker
    // picks the request up is not lost.
    control_->clearRunFlags();
    setState(TrainingState::Preparing);
    QMetaObject::invokeMethod(worker_, [worker = worker_, request = std::move(request)] { worker->run(request); },
                              Qt::QueuedConnection);
    return true;
}

void TrainingController::pause() {
    if (state_ != TrainingState::Running && state_ != TrainingState::Preparing) return;
    pauseRequested_ = true;
    control_->requestPause();
}

void TrainingController::resume() {
    if (!pauseRequested_ && state_ != TrainingState::Paused) return;
    pauseRequested_ = false;
    control_->requestResume();
}

void TrainingController::stop() {
    if (!isBusy()) return;
    control_->requestStop();
}

void TrainingController::requestSnapshot() {
    control_->requestSnapshot();
    wakeIdleWorker();
}

void TrainingController::requestInspection(const InspectionRequest& request) {
    control_->requestInspection(request);
    wakeIdleWorker();
}

void TrainingController::requestSession() {
    control_->requestSession();
    wakeIdleWorker();
}

void TrainingController::wakeIdleWorker() {
    // A busy worker answers at its next batch boundary (or, paused, at once),
    // and always once more when its run ends, so nothing is lost by not
    // queueing a call behind a long run.
    if (shutDown_ || isBusy()) return;
    QMetaObject::invokeMethod(worker_, &TrainingWorker::serveRequests, Qt::QueuedConnection);
}

void TrainingController::setState(TrainingState state) {
    if (state_ == state) return;
    state_ = state;
    emit stateChanged(state);
}

}  // namespace cnnwb::ui
