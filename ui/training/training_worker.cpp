#include "training_worker.h"

#include "training_requests.h"
#include "training_thread_priority.h"

#include "engine/data/data_locator.h"
#include "engine/cancellation.h"
#include "engine/errors.h"
#include "engine/runs/run_library.h"
#include "engine/runs/run_recorder.h"
#include "engine/training_data.h"

#include <functional>
#include <new>
#include <utility>

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

}  // namespace

TrainingWorker::TrainingWorker(std::shared_ptr<TrainingControl> control, std::shared_ptr<TrainingRequests> requests,
                               TrainingEvents* events, QObject* parent)
    : QObject(parent), control_(std::move(control)), requests_(std::move(requests)), reporter_(events) {
    control_->setService([this] { serveRequests(); });
}

TrainingWorker::~TrainingWorker() = default;

void TrainingWorker::run(const RunRequest& request) {
    if (!priority_) {
        lowerCurrentThreadPriority();
        priority_ = std::make_unique<TrainingThreadPriority>();
    }
    status_ = run_status::kNew;
    if (prepare(request)) {
        if (control_->stopRequested())
            reporter_.post([](TrainingEvents& e) { emit e.runEnded(TrainingState::Stopped, {}); });
        else if (request.train)
            train(request);
    }
    serveRequests();
}

bool TrainingWorker::prepare(const RunRequest& request) {
    trainer_.reset();  // a new run starts from its own data and weights
    sentHistory_.reset();
    recordedRun_ = {};
    weightsOrigin_ = request.weights.empty() ? std::string() : request.weightsOrigin;
    // Stop (and closing the window) abandons loading within a chunk of data
    // instead of waiting for the whole data set.
    CancellationScope cancellable([control = control_.get()] { return control->stopRequested(); });
    try {
        auto progress = [this](std::size_t done, std::size_t total) {
            reporter_.post([done, total](TrainingEvents& e) { emit e.dataProgress(qint64(done), qint64(total)); });
        };
        TrainingData data = prepareTrainingData(request.spec.data, request.dataDirectory, progress);
        auto trainer = std::make_unique<Trainer>(request.spec, std::move(data), request.options);
        if (request.resume) {
            trainer->resumeFrom(*request.resume);
        } else if (!request.weights.empty()) {
            Session stored;
            stored.weights = request.weights;
            restoreWeights(stored, trainer->network());
            if (request.weightHistory) trainer->restoreWeightHistory(*request.weightHistory);
        }
        trainer_ = std::move(trainer);
    } catch (const Cancelled&) {
        reporter_.post([](TrainingEvents& ev) { emit ev.runEnded(TrainingState::Stopped, {}); });
        return false;
    } catch (const std::exception& e) {
        if (const auto* missing = dynamic_cast<const MissingDataError*>(&e))
            reporter_.post([id = QString::fromStdString(missing->datasetId())](TrainingEvents& ev) { emit ev.dataMissing(id); });
        reporter_.post([message = errorMessage(e)](TrainingEvents& ev) { emit ev.runEnded(TrainingState::Failed, message); });
        return false;
    }
    RunInfo info = runInfoOf(*trainer_, request.train, request.options.maxBatchesPerEpoch);
    info.continuing = request.resume.has_value();
    reporter_.post([info](TrainingEvents& e) { emit e.prepared(info); });
    return true;
}

namespace {

// Passes every report on and, after each epoch, sends what each layer's
// passes have cost so far (the builder's cards show it).
class LayerTimeObserver : public TrainingObserver {
public:
    LayerTimeObserver(TrainingObserver& next, std::function<void()> sendTimes)
        : next_(next), sendTimes_(std::move(sendTimes)) {}
    void onBatchEnd(const BatchStats& s) override { next_.onBatchEnd(s); }
    void onEpochEnd(const EpochStats& s) override {
        next_.onEpochEnd(s);
        sendTimes_();
    }
    void onPaused() override { next_.onPaused(); }
    void onResumed() override { next_.onResumed(); }

private:
    TrainingObserver& next_;
    std::function<void()> sendTimes_;
};

}  // namespace

void TrainingWorker::train(const RunRequest& request) {
    auto reportProblem = [this](const QString& message) {
        reporter_.post([message](TrainingEvents& ev) { emit ev.requestFailed(message); });
    };
    // Every run is kept: recorded when it starts and checkpointed as it goes,
    // on this thread, so a big file never stalls the window and a crash loses
    // at most an epoch.
    std::unique_ptr<RunRecorder> recorder;
    if (!request.runLibrary.empty()) {
        try {
            recorder = std::make_unique<RunRecorder>(request.runLibrary, *trainer_, request.meta, &reporter_);
            recorder->onCheckpointFailed = [reportProblem, reported = false](const std::string& what) mutable {
                if (std::exchange(reported, true)) return;  // once per run: the next epoch tries again silently
                reportProblem(tr("A checkpoint of the run could not be written (training goes on): %1")
                                  .arg(QString::fromStdString(what)));
            };
        } catch (const std::exception& e) {
            reportProblem(tr("The run could not be recorded in the run library: %1").arg(QString::fromStdString(e.what())));
        }
    }
    reporter_.post([](TrainingEvents& e) { emit e.trainingStarted(); });
    TrainingState end = TrainingState::Finished;
    QString message;
    try {
        TrainingObserver* observer = recorder ? static_cast<TrainingObserver*>(recorder.get()) : &reporter_;
        trainer_->network().resetLayerTimes();
        LayerTimeObserver timed(*observer, [this] { sendLayerTimes(); });
        end = trainer_->run(&timed, control_.get()) == RunEnd::Finished ? TrainingState::Finished
                                                                        : TrainingState::Stopped;
    } catch (const std::exception& e) {
        end = TrainingState::Failed;
        message = errorMessage(e);
    }
    reporter_.flush();
    sendLayerTimes();
    status_ = end == TrainingState::Finished  ? run_status::kFinished
              : end == TrainingState::Stopped ? run_status::kStopped
                                              : run_status::failed(message.toStdString());
    try {
        Session session;
        if (recorder) {
            try {
                session = recorder->finish(status_);
            } catch (const std::exception& e) {
                reportProblem(tr("The run could not be recorded in the run library: %1").arg(QString::fromStdString(e.what())));
                session = captureSession(*trainer_, status_);
                session.run = recorder->meta();
            }
        } else {
            session = captureSession(*trainer_, status_);
            session.run = request.meta;
        }
        recordedRun_ = session.run;
        reporter_.post([session = std::move(session)](TrainingEvents& e) { emit e.sessionReady(session); });
    } catch (const std::exception& e) {
        reportProblem(tr("The trained weights could not be copied: %1").arg(QString::fromStdString(e.what())));
    }
    reporter_.post([end, message](TrainingEvents& e) { emit e.runEnded(end, message); });
}

void TrainingWorker::sendLayerTimes() {
    reporter_.post([times = trainer_->network().namedLayerTimes()](TrainingEvents& e) { emit e.layerTimesReady(times); });
}

std::shared_ptr<const WeightHistory> TrainingWorker::historyCopy() {
    const WeightHistory& now = trainer_->weightHistory();
    if (!sentHistory_ || sentHistory_->revision() != now.revision()) sentHistory_ = std::make_shared<const WeightHistory>(now);
    return sentHistory_;
}

QString TrainingWorker::weightsCaption() const {
    const History& h = trainer_->history();
    if (!h.batches.empty())
        return tr("after epoch %1, batch %2").arg(h.batches.back().epoch).arg(h.batches.back().batch);
    if (!weightsOrigin_.empty()) return QString::fromStdString(weightsOrigin_);
    return tr("initial weights (seed %1), before training").arg(trainer_->seed());
}

template <typename Request, typename Result, typename Compute>
void TrainingWorker::answer(std::optional<Request> request, void (TrainingEvents::*ready)(const Result&),
                            void (TrainingEvents::*failed)(const QString&), Compute compute) {
    if (!request) return;
    try {
        if (!trainer_) throw std::runtime_error(tr("There is no network yet: press Train, or open a trained session.").toStdString());
        Result result = compute(*request);
        reporter_.post([ready, result = std::move(result)](TrainingEvents& e) { (e.*ready)(result); });
    } catch (const std::exception& ex) {
        reporter_.post([failed, message = QString::fromStdString(ex.what())](TrainingEvents& e) { (e.*failed)(message); });
    }
}

void TrainingWorker::serveRequests() {
    const History* history = trainer_ ? &trainer_->history() : nullptr;
    const int epoch = history && !history->batches.empty() ? history->batches.back().epoch : 0;
    const int batch = history && !history->batches.empty() ? history->batches.back().batch : 0;
    if (requests_->takeSnapshotRequest() && trainer_) {
        WeightSnapshot snapshot = captureKernels(trainer_->network());
        snapshot.serial = ++snapshots_;
        snapshot.epoch = epoch;
        snapshot.batch = batch;
        snapshot.caption = weightsCaption();
        snapshot.history = historyCopy();
        reporter_.post([snapshot](TrainingEvents& e) { emit e.snapshotReady(snapshot); });
    }
    const float scale = trainer_ ? float(trainer_->spec().data.rescale) : 1.0f;
    answer(requests_->takeInspectionRequest(), &TrainingEvents::inspectionReady, &TrainingEvents::requestFailed,
           [&](const InspectionRequest& r) {
               Inspection inspection = inspectImage(trainer_->network(), trainer_->data(), r, scale);
               inspection.epoch = epoch;
               inspection.batch = batch;
               inspection.weights = weightsCaption();
               return inspection;
           });
    answer(requests_->takeExplanationRequest(), &TrainingEvents::explanationReady, &TrainingEvents::requestFailed,
           [&](const ExplanationRequest& r) {
               ExplainedCell cell = explainCell(trainer_->network(), trainer_->data(), r, scale);
               cell.weights = weightsCaption();
               return cell;
           });
    answer(requests_->takeAttributionRequest(), &TrainingEvents::attributionReady, &TrainingEvents::attributionFailed,
           [&](const AttributionRequest& r) {
               ImageAttribution a = attributeImage(trainer_->network(), trainer_->data(), r, scale);
               a.weights = weightsCaption();
               return a;
           });
    answer(requests_->takeDrawnInspectionRequest(), &TrainingEvents::drawnInspectionReady,
           &TrainingEvents::drawnInspectionFailed, [&](const QByteArray& pixels) {
               QStringList names;
               for (const std::string& n : trainer_->data().train.classNames) names << QString::fromStdString(n);
               Inspection drawn = inspectPixels(trainer_->network(), pixels, names, scale);
               drawn.weights = weightsCaption();
               return drawn;
           });
    answer(requests_->takeEvaluationRequest(), &TrainingEvents::evaluationReady, &TrainingEvents::evaluationFailed,
           [&](DataPart part) {
               ModelEvaluation evaluation = evaluateModel(*trainer_, part);
               evaluation.epoch = epoch;
               evaluation.batch = batch;
               evaluation.weights = weightsCaption();
               return evaluation;
           });
    answer(requests_->takeStrongestImagesRequest(), &TrainingEvents::strongestImagesReady,
           &TrainingEvents::strongestImagesFailed, [&](const StrongestImagesRequest& r) {
               auto progress = [this](int done, int total) {
                   reporter_.post([done, total](TrainingEvents& e) { emit e.strongestImagesProgress(done, total); });
                   return !requests_->strongestImagesCancelled();
               };
               StrongestImages found = findStrongestImages(trainer_->network(), trainer_->data(), r, scale, progress);
               found.weights = weightsCaption();
               return found;
           });
    if (requests_->takeSessionRequest() && trainer_) {
        try {
            Session session = captureSession(*trainer_, status_);
            session.run = recordedRun_;
            reporter_.post([session = std::move(session)](TrainingEvents& e) { emit e.sessionReady(session); });
        } catch (const std::exception& ex) {
            reporter_.post([message = QString::fromStdString(ex.what())](TrainingEvents& e) { emit e.requestFailed(message); });
        }
    }
}

}  // namespace cnnwb::ui
