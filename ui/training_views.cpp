#include "training_views.h"

#include "ui/document/layer_list_model.h"
#include "ui/dashboard/training_dashboard.h"
#include "ui/dashboard/training_panel.h"
#include "ui/data/data_browser.h"
#include "ui/evaluation/evaluation_view.h"
#include "ui/filters/filter_view.h"
#include "ui/inspect/feature_map_view.h"
#include "ui/document/experiment_document.h"
#include "ui/session/session_io.h"
#include "ui/training/training_controller.h"

#include "engine/model_spec.h"
#include "engine/runs/run_library.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QEventLoop>
#include <QTabWidget>
#include <QTimer>

#include <utility>

namespace cnnwb::ui {

namespace {

// The document's spec, checked; throws SpecError with the engine's message.
ModelSpec specOf(const ExperimentDocument& document) {
    return ModelSpec::fromJson(document.specJson(), document.displayName().toStdString());
}

}  // namespace

TrainingViews::TrainingViews(ExperimentDocument* document, QTabWidget* tabs, QObject* parent)
    : QObject(parent),
      document_(document),
      tabs_(tabs),
      controller_(new TrainingController(this)),
      panel_(new TrainingPanel(controller_)),
      filters_(new FilterView),
      featureMaps_(new FeatureMapView),
      mistakes_(new EvaluationView),
      data_(new DataBrowser) {
    tabs_->addTab(panel_, tr("Training"));
    tabs_->addTab(filters_, tr("Filters"));
    tabs_->addTab(featureMaps_, tr("Feature maps"));
    tabs_->addTab(mistakes_, tr("Mistakes"));
    tabs_->addTab(data_, tr("Data"));
    filters_->attach(controller_);
    featureMaps_->attach(controller_);
    mistakes_->attach(controller_);

    panel_->setRunSource([this] { return nextRun(); });
    TrainingEvents* events = controller_->events();
    connect(events, &TrainingEvents::prepared, this, [this](const RunInfo& info) {
        if (info.training) preparedRevision_ = document_->revision();
    });
    connect(events, &TrainingEvents::sessionReady, this, [this](Session session) {
        // Only runs produce sessions here (nothing asks for one otherwise).
        if (session.status == run_status::kNew) return;
        if (!session.run.sweep.empty()) {
            // A sweep's run is not the document's: it goes to the library (and the Runs tab) only.
            if (!session.run.id.empty()) emit runRecorded(QString::fromStdString(session.run.id));
            preparedRevision_ = ~quint64(0);
            return;
        }
        if (run_status::isFailed(session.status)) {
            // Weights that went NaN are no use to anyone; the history shows where it happened.
            session.weights.clear();
            session.optimizerState = Json::object();
        }
        const QString id = QString::fromStdString(session.run.id);
        document_->setRecord(std::move(session));
        recordOrigin_.clear();  // trained here
        if (!id.isEmpty()) emit runRecorded(id);
        // The worker's network is the one whose weights the document now holds.
        preparedRevision_ = document_->revision();
        sessionArrived_ = true;
    });
    connect(events, &TrainingEvents::layerTimesReady, document_->layers(), &LayerListModel::setLayerTimes);
    connect(events, &TrainingEvents::runEnded, this, [this](TrainingState end, const QString&) {
        if (end == TrainingState::Failed) preparedRevision_ = ~quint64(0);
    });
    connect(document_, &ExperimentDocument::loaded, this, &TrainingViews::documentLoaded);
    connect(document_, &ExperimentDocument::analysisChanged, this, &TrainingViews::showRecordOrBranch);
    connect(tabs_, &QTabWidget::currentChanged, this, &TrainingViews::tabShown);
    connect(data_, &DataBrowser::dataFolderChosen, this, &TrainingViews::setDataFolder);
    connect(panel_, &TrainingPanel::dataFolderChosen, this, &TrainingViews::setDataFolder);
    const auto inspectImage = [this](DataPart part, int index) {
        tabs_->setCurrentWidget(featureMaps_);
        featureMaps_->inspect(part, index);
    };
    connect(data_, &DataBrowser::imageActivated, this, inspectImage);
    connect(mistakes_, &EvaluationView::imageActivated, this, inspectImage);
    connect(filters_, &FilterView::patchActivated, this, [this](DataPart part, int index, const QRect& pixels, const QString& what) {
        tabs_->setCurrentWidget(featureMaps_);
        featureMaps_->inspectWithPatch(part, index, pixels, what);
    });
}

TrainingViews::~TrainingViews() { controller_->shutdown(); }

std::optional<RunRequest> TrainingViews::nextRun() {
    RunRequest request;
    request.spec = specOf(*document_);
    request.runLibrary = runLibrary_.toStdString();
    const Session& record = document_->record();
    const bool continuable = record.weightsFit(request.spec.layers) && !run_status::isFailed(record.status);
    if (std::exchange(resumeInPlace_, false) && continuable) {
        request.spec = record.spec;  // its planned epochs
        request.meta = record.run;   // the same run: same id, parent and changes
        request.resume = record;
        request.options.seed = record.seed;
        return request;
    }
    if (continuable && prompts_ && prompts_->trainAgain) {
        const int done = int(record.history.epochs.size());
        const bool partial = !record.history.batches.empty() && record.history.batches.back().epoch > done;
        const bool finished = !partial && done >= record.spec.training.epochs;
        const TrainAgainChoice choice =
            prompts_->trainAgain(document_->displayName(), done, record.spec.training.epochs, finished);
        if (choice.kind == TrainAgainChoice::Kind::Cancel) return std::nullopt;
        if (choice.kind == TrainAgainChoice::Kind::Continue) {
            request.spec.training.epochs = done + std::max(1, choice.moreEpochs);
            request.spec = ModelSpec::fromJson(request.spec.toJson(), document_->displayName().toStdString());
            // The continued run's parent is the run (when it is in the library).
            const RunOrigin parent = record.run.id.empty() ? document_->origin() : RunOrigin{"run", record.run.id};
            request.meta = runMetaFrom(parent, record.spec, request.spec);
            request.resume = record;
            request.options.seed = record.seed;
            return request;
        }
    }
    request.meta = runMetaFrom(document_->origin(), document_->originSpec(), request.spec);
    return request;
}

void TrainingViews::showRecordOrBranch() {
    if (controller_->isBusy()) return;
    const Session& record = document_->record();
    const bool branch = record.hasTraining() && !record.weightsFit(document_->layers()->layers());
    if (branch == showingBranch_) return;
    showingBranch_ = branch;
    ModelSpec spec;
    try {
        spec = specOf(*document_);
    } catch (const std::exception&) {
        spec = record.spec;  // the builder says what is wrong; the run's figure still applies
    }
    if (branch) {
        panel_->dashboard()->showHistory(History{}, runInfoOf(spec));
        panel_->showNote(tr("The model was edited after its run: this is a new branch, not trained yet. Train it to "
                            "see its curves; the earlier run%1 stays in the Runs tab, and Undo brings it back here.")
                             .arg(record.run.id.empty() ? QString() : QStringLiteral(" (%1)").arg(QString::fromStdString(record.run.id))));
    } else {
        panel_->dashboard()->showHistory(record.history, runInfoOf(spec));
        panel_->dismissNote();
    }
}

void TrainingViews::train() {
    tabs_->setCurrentWidget(panel_);
    panel_->train();
}

void TrainingViews::resumeInterrupted() {
    resumeInPlace_ = true;
    train();
    resumeInPlace_ = false;  // nextRun() took it, or the run could not start
}

bool TrainingViews::stopAndWait(int timeoutMs) {
    if (!controller_->isBusy()) return true;
    // A run that is only preparing ends without a session: nothing to wait for but the end.
    const bool expectSession = controller_->state() != TrainingState::Preparing;
    sessionArrived_ = false;
    controller_->stop();
    QElapsedTimer clock;
    clock.start();
    // Events keep flowing so the worker's final signals (and the session) arrive.
    while ((controller_->isBusy() || (expectSession && !sessionArrived_)) && clock.elapsed() < timeoutMs)
        QEventLoop().processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 50);
    return !controller_->isBusy();
}

void TrainingViews::documentLoaded() {
    preparedRevision_ = ~quint64(0);
    showingBranch_ = false;
    panel_->dismissNote();
    recordOrigin_ = document_->filePath().isEmpty() ? QString() : QFileInfo(document_->filePath()).fileName();
    try {
        const ModelSpec spec = specOf(*document_);
        panel_->dashboard()->setLossName(QString::fromStdString(spec.training.loss));
        panel_->dashboard()->showHistory(document_->record().history, runInfoOf(spec));
    } catch (const std::exception&) {
        panel_->dashboard()->showHistory(History{}, RunInfo{});  // the builder shows what is wrong
    }
    tabShown(tabs_->currentIndex());
}

void TrainingViews::tabShown(int index) {
    QWidget* shown = tabs_->widget(index);
    if (shown == filters_ || shown == featureMaps_ || shown == mistakes_) prepareIfStale();
    if (shown == data_) showDataSettings();
}

void TrainingViews::prepareIfStale() {
    // A run in progress (or one just finished) already holds the right network.
    if (controller_->isBusy() || preparedRevision_ == document_->revision()) return;
    ModelSpec spec;
    try {
        spec = specOf(*document_);
    } catch (const std::exception&) {
        return;  // an invalid model has no filters to show; the Model tab says why
    }
    const Session& record = document_->record();
    const bool stored = record.weightsFit(spec.layers);
    if (controller_->prepare(spec, stored ? record.weights : std::map<std::string, std::vector<float>>{},
                             panel_->trainerOptions(), stored ? storedWeightsCaption() : QString(),
                             stored ? std::make_shared<const WeightHistory>(record.weightHistory) : nullptr))
        preparedRevision_ = document_->revision();
}

QString TrainingViews::storedWeightsCaption() const {
    const History& h = document_->record().history;
    const QString when = h.batches.empty() ? QString()
                                           : tr("after epoch %1, batch %2").arg(h.batches.back().epoch).arg(h.batches.back().batch);
    if (recordOrigin_.isEmpty()) return when.isEmpty() ? tr("weights of the last run") : tr("last run, %1").arg(when);
    return when.isEmpty() ? tr("loaded from %1").arg(recordOrigin_) : tr("loaded from %1, %2").arg(recordOrigin_, when);
}

void TrainingViews::setDataFolder(const QString& folder) {
    controller_->setDataDirectory(folder);
    data_->setDataDirectory(folder);
    data_->reload();
    panel_->showNote(tr("Built-in data sets are read from %1 (only there) from now on; press Train.").arg(folder));
}

void TrainingViews::showDataSettings() {
    ModelSpec spec;
    try {
        spec = specOf(*document_);
    } catch (const std::exception&) {
        return;
    }
    const Json settings = spec.toJson()["data"];
    if (settings == shownDataSettings_) return;
    shownDataSettings_ = settings;
    data_->setDataSettings(spec.data);
}

}  // namespace cnnwb::ui
