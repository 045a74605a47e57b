#include "training_worker.h"

#include "training_control.h"
#include "training_signal_adapter.h"
#include "training_thread_priority.h"

#include "engine/errors.h"
#include "engine/training_data.h"

#include <new>

namespace cnnwb::ui {

namespace {

// What the person reads when a run cannot start or stops on an error.
QString errorMessage(const std::exception& e) {
    const QString what = QString::fromStdString(e.what());
    if (dynamic_cast<const DataError*>(&e)) return QObject::tr("The data could not be loaded: %1").arg(what);
    if (dynamic_cast<const SpecError*>(&e)) return QObject::tr("The model cannot be trained: %1").arg(what);
    if (dynamic_cast<const TrainingError*>(&e)) return QObject::tr("Training stopped: %1").arg(what);
    if (dynamic_cast<const std::bad_alloc*>(&e))
        return QObject::tr("Training stopped: out of memory. Try a smaller batch size or model.");
    return QObject::tr("Training stopped on an unexpected error: %1").arg(what);
}

RunInfo infoOf(Trainer& trainer) {
    const ModelSpec& spec = trainer.spec();
    const TrainingData& data = trainer.data();
    RunInfo info;
    info.specName = QString::fromStdString(spec.name.empty() ? spec.id : spec.name);
    info.epochs = trainer.epochs();
    info.batchSize = spec.training.batchSize;
    const qsizetype n = qsizetype(data.train.size());
    info.batchesPerEpoch = int((n + info.batchSize - 1) / info.batchSize);
    info.threads = trainer.threads();
    info.trainImages = n;
    info.validationImages = qsizetype(data.validation.size());
    info.testImages = qsizetype(data.test.size());
    for (const std::string& c : data.train.classNames) info.classNames << QString::fromStdString(c);
    info.reported = spec.reported;
    return info;
}

}  // namespace

TrainingWorker::TrainingWorker(std::shared_ptr<TrainingControl> control, QObject* parent)
    : QObject(parent), control_(std::move(control)), adapter_(new TrainingSignalAdapter(50, this)) {
    // Same thread: these re-emit directly; the GUI's connections to the
    // worker's signals are the queued ones.
    connect(adapter_, &TrainingSignalAdapter::batchesReady, this, &TrainingWorker::batchesReady);
    connect(adapter_, &TrainingSignalAdapter::epochEnded, this, &TrainingWorker::epochEnded);
    adapter_->setBoundaryHook([this] { atBatchBoundary(); });
}

TrainingWorker::~TrainingWorker() = default;

void TrainingWorker::run(const RunRequest& request) {
    if (!priority_) {
        lowerCurrentThreadPriority();
        priority_ = std::make_unique<TrainingThreadPriority>();
    }
    status_ = "new";
    if (prepare(request)) {
        if (control_->stopRequested()) emit runEnded(TrainingState::Stopped, {});
        else if (request.train) train();
    }
    serveRequests();
}

bool TrainingWorker::prepare(const RunRequest& request) {
    trainer_.reset();  // a new run starts from its own data and weights
    try {
        TrainingData data = prepareTrainingData(request.spec.data, request.dataDirectory);
        auto trainer = std::make_unique<Trainer>(request.spec, std::move(data), request.options);
        if (!request.weights.empty()) {
            Session stored;
            stored.weights = request.weights;
            restoreWeights(stored, trainer->network());
        }
        trainer_ = std::move(trainer);
    } catch (const std::exception& e) {
        emit runEnded(TrainingState::Failed, errorMessage(e));
        return false;
    }
    RunInfo info = infoOf(*trainer_);
    info.training = request.train;
    if (request.options.maxBatchesPerEpoch > 0)
        info.batchesPerEpoch = std::min(info.batchesPerEpoch, request.options.maxBatchesPerEpoch);
    emit prepared(info);
    return true;
}

void TrainingWorker::train() {
    emit trainingStarted();
    TrainingState end = TrainingState::Finished;
    QString message;
    try {
        end = trainer_->run(adapter_) == RunEnd::Finished ? TrainingState::Finished : TrainingState::Stopped;
    } catch (const std::exception& e) {
        end = TrainingState::Failed;
        message = errorMessage(e);
    }
    adapter_->flush();
    status_ = end == TrainingState::Finished  ? "finished"
              : end == TrainingState::Stopped ? "stopped"
                                              : "failed: " + message.toStdString();
    try {
        emit sessionReady(captureSession(status_));
    } catch (const std::exception& e) {
        emit requestFailed(tr("The trained weights could not be copied: %1").arg(QString::fromStdString(e.what())));
    }
    emit runEnded(end, message);
}

void TrainingWorker::atBatchBoundary() {
    if (control_->stopRequested()) {
        trainer_->requestStop();
        return;
    }
    serveRequests();
    if (!control_->pauseRequested()) return;
    adapter_->flush();
    emit paused();
    control_->waitWhilePaused([this] { serveRequests(); });
    if (control_->stopRequested()) trainer_->requestStop();
    else emit resumed();
}

void TrainingWorker::serveRequests() {
    const int epoch = trainer_ && !trainer_->history().batches.empty() ? trainer_->history().batches.back().epoch : 0;
    const int batch = trainer_ && !trainer_->history().batches.empty() ? trainer_->history().batches.back().batch : 0;
    if (control_->takeSnapshotRequest() && trainer_) {
        WeightSnapshot snapshot = captureKernels(trainer_->network());
        snapshot.serial = ++snapshots_;
        snapshot.epoch = epoch;
        snapshot.batch = batch;
        emit snapshotReady(snapshot);
    }
    if (const auto request = control_->takeInspectionRequest()) {
        if (!trainer_) {
            emit requestFailed(tr("There is no network yet: press Train, or open a trained session."));
        } else {
            try {
                Inspection inspection =
                    inspectImage(trainer_->network(), trainer_->data(), *request, float(trainer_->spec().data.rescale));
                inspection.epoch = epoch;
                inspection.batch = batch;
                emit inspectionReady(inspection);
            } catch (const std::exception& e) {
                emit requestFailed(QString::fromStdString(e.what()));
            }
        }
    }
    if (control_->takeSessionRequest() && trainer_) {
        try {
            emit sessionReady(captureSession(status_));
        } catch (const std::exception& e) {
            emit requestFailed(QString::fromStdString(e.what()));
        }
    }
}

Session TrainingWorker::captureSession(const std::string& status) {
    Session s;
    s.spec = trainer_->spec();
    s.seed = trainer_->seed();
    s.history = trainer_->history();
    s.engineVersion = CNNWB_VERSION;
    s.status = status;
    captureWeights(trainer_->network(), s);
    captureOptimizer(trainer_->optimizer(), s);
    return s;
}

}  // namespace cnnwb::ui
