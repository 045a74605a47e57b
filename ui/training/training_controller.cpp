#include "training_controller.h"

#include "training_requests.h"
#include "training_worker.h"

namespace cnnwb::ui {

void registerTrainingMetaTypes() {
    qRegisterMetaType<cnnwb::BatchStats>();
    qRegisterMetaType<cnnwb::EpochStats>();
    qRegisterMetaType<QList<cnnwb::BatchStats>>();
    qRegisterMetaType<cnnwb::Session>();
    qRegisterMetaType<std::vector<cnnwb::NamedLayerTime>>();
    qRegisterMetaType<cnnwb::ui::TrainingState>();
    qRegisterMetaType<cnnwb::ui::RunInfo>();
    qRegisterMetaType<cnnwb::ui::WeightSnapshot>();
    qRegisterMetaType<cnnwb::ui::Inspection>();
    qRegisterMetaType<cnnwb::ui::ModelEvaluation>();
    qRegisterMetaType<cnnwb::ui::ExplainedCell>();
    qRegisterMetaType<cnnwb::ui::ImageAttribution>();
    qRegisterMetaType<cnnwb::ui::StrongestImages>();
}

TrainingController::TrainingController(QObject* parent)
    : QObject(parent),
      events_(new TrainingEvents(this)),
      control_(std::make_shared<TrainingControl>()),
      requests_(std::make_shared<TrainingRequests>()),
      worker_(new TrainingWorker(control_, requests_, events_)) {
    registerTrainingMetaTypes();
    thread_.setObjectName(QStringLiteral("training"));
    worker_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);

    // Connected before anyone else can be, so the state is current for every
    // other receiver of the same report.
    connect(events_, &TrainingEvents::prepared, this, [this](const RunInfo& info) {
        info_ = info;
        hasNetwork_ = true;
        // A training run goes straight on to Running (trainingStarted).
        if (state_ == TrainingState::Preparing && !info.training) setState(TrainingState::Ready);
    });
    connect(events_, &TrainingEvents::trainingStarted, this, [this] { setState(TrainingState::Running); });
    connect(events_, &TrainingEvents::paused, this, [this] { setState(TrainingState::Paused); });
    connect(events_, &TrainingEvents::resumed, this, [this] { setState(TrainingState::Running); });
    connect(events_, &TrainingEvents::runEnded, this, [this](TrainingState end, const QString& message) {
        pauseRequested_ = false;
        if (end == TrainingState::Failed) lastError_ = message;
        setState(end);
        if (end == TrainingState::Failed) emit failed(message);
        // A request made after the worker's last look (while this report was
        // on its way) is served now that the worker is idle.
        serve();
    });
    thread_.start();
}

TrainingController::~TrainingController() { shutdown(); }

void TrainingController::shutdown() {
    if (shutDown_) return;
    shutDown_ = true;
    control_->requestStop();
    requests_->cancelStrongestImages();  // a scan would otherwise hold the window open until it ends
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

bool TrainingController::start(RunRequest request) {
    request.train = true;
    return launch(std::move(request));
}

bool TrainingController::prepare(const ModelSpec& spec, const std::map<std::string, std::vector<float>>& weights,
                                 const TrainerOptions& options, const QString& origin,
                                 std::shared_ptr<const WeightHistory> weightHistory) {
    RunRequest request;
    request.spec = spec;
    request.options = options;
    request.train = false;
    request.weights = weights;
    request.weightsOrigin = origin.toStdString();
    request.weightHistory = std::move(weightHistory);
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
    requests_->cancelStrongestImages();  // Stop means now, not after a scan of the test set
}

void TrainingController::requestSnapshot() {
    requests_->requestSnapshot();
    serve();
}

void TrainingController::requestInspection(const InspectionRequest& request) {
    requests_->requestInspection(request);
    serve();
}

void TrainingController::requestExplanation(const ExplanationRequest& request) {
    requests_->requestExplanation(request);
    serve();
}

void TrainingController::requestAttribution(const AttributionRequest& request) {
    requests_->requestAttribution(request);
    serve();
}

void TrainingController::requestDrawnInspection(const QByteArray& pixels) {
    requests_->requestDrawnInspection(pixels);
    serve();
}

void TrainingController::requestStrongestImages(const StrongestImagesRequest& request) {
    requests_->requestStrongestImages(request);
    serve();
}

void TrainingController::cancelStrongestImages() { requests_->cancelStrongestImages(); }

void TrainingController::requestEvaluation(DataPart part) {
    requests_->requestEvaluation(part);
    serve();
}

void TrainingController::requestSession() {
    requests_->requestSession();
    serve();
}

void TrainingController::serve() {
    if (shutDown_) return;
    // A busy worker answers at its next batch boundary (or, paused, at once),
    // and always once more when its run ends, so nothing is lost by not
    // queueing a call behind a long run.
    if (isBusy()) control_->requestService();
    else QMetaObject::invokeMethod(worker_, &TrainingWorker::serveRequests, Qt::QueuedConnection);
}

void TrainingController::setState(TrainingState state) {
    if (state_ == state) return;
    state_ = state;
    emit stateChanged(state);
}

}  // namespace cnnwb::ui
