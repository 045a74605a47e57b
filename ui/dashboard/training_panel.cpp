#include "training_panel.h"

#include "ui/common/data_fetch_bar.h"
#include "ui/common/message_banner.h"
#include "training_dashboard.h"
#include "ui/training/training_controller.h"

#include <QAction>
#include <QLabel>
#include <QSpinBox>
#include <QThread>
#include <QToolBar>
#include <QVBoxLayout>

namespace cnnwb::ui {

TrainingPanel::TrainingPanel(TrainingController* controller, QWidget* parent)
    : QWidget(parent),
      controller_(controller),
      train_(new QAction(tr("Train"), this)),
      pause_(new QAction(tr("Pause"), this)),
      resume_(new QAction(tr("Resume"), this)),
      stop_(new QAction(tr("Stop"), this)),
      threads_(new QSpinBox(this)),
      banner_(new MessageBanner(this)),
      fetchBar_(new DataFetchBar(this)),
      dashboard_(new TrainingDashboard(this)) {
    train_->setToolTip(tr("Start a new run of this experiment (from freshly initialised weights)"));
    pause_->setToolTip(tr("Pause after the current batch"));
    resume_->setToolTip(tr("Continue the paused run"));
    stop_->setToolTip(tr("Stop after the current batch; the history and weights so far are kept"));
    train_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    connect(train_, &QAction::triggered, this, &TrainingPanel::train);
    connect(pause_, &QAction::triggered, controller_, &TrainingController::pause);
    connect(resume_, &QAction::triggered, controller_, &TrainingController::resume);
    connect(stop_, &QAction::triggered, controller_, &TrainingController::stop);
    // Pause and Stop act on the next batch boundary; grey them at once so a
    // second press does not look ignored.
    connect(pause_, &QAction::triggered, this, [this] { pause_->setEnabled(false); });

    threads_->setRange(0, std::max(1, QThread::idealThreadCount()));
    threads_->setSpecialValueText(tr("Threads: all cores"));
    threads_->setPrefix(tr("Threads: "));
    threads_->setToolTip(tr("Threads the engine trains with (results are the same at any count)"));
    connect(threads_, &QSpinBox::valueChanged, this, [this](int n) { options_.threads = n; });

    auto* bar = new QToolBar(this);
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->addAction(train_);
    bar->addAction(pause_);
    bar->addAction(resume_);
    bar->addAction(stop_);
    bar->addSeparator();
    bar->addWidget(threads_);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(bar);
    layout->addWidget(banner_);
    layout->addWidget(fetchBar_);
    layout->addWidget(dashboard_, 1);

    dashboard_->attach(controller_);
    connect(dashboard_, &TrainingDashboard::errorOccurred, this, &TrainingPanel::showError);
    connect(controller_, &TrainingController::failed, this, &TrainingPanel::showError);
    connect(controller_, &TrainingController::stateChanged, this, &TrainingPanel::updateActions);
    connect(controller_->events(), &TrainingEvents::dataMissing, this,
            [this](const QString& id) { fetchBar_->offer(id, controller_->dataDirectory()); });
    connect(fetchBar_, &DataFetchBar::folderChosen, this, &TrainingPanel::dataFolderChosen);
    connect(fetchBar_, &DataFetchBar::downloaded, this, [this](const QString& id) {
        showNote(tr("%1 is ready: press Train.").arg(datasetTitle(id)));
    });
    connect(controller_->events(), &TrainingEvents::prepared, this, [this](const RunInfo& info) {
        updateActions();
        // Never dropped silently: the files of an image folder that were not used, and why.
        if (!info.skippedFiles.isEmpty()) showNote(info.skippedFiles);
    });
    updateActions();
}

void TrainingPanel::setTrainerOptions(const TrainerOptions& options) {
    options_ = options;
    threads_->setValue(options.threads);
}

TrainerOptions TrainingPanel::trainerOptions() const { return options_; }

QString TrainingPanel::messageText() const { return banner_->isHidden() ? QString() : banner_->text(); }

void TrainingPanel::train() {
    if (controller_->isBusy()) return;
    if (!specSource_ && !runSource_) {
        showError(tr("There is no experiment to train."));
        return;
    }
    RunRequest request;
    try {
        if (runSource_) {
            std::optional<RunRequest> asked = runSource_();
            if (!asked) return;  // cancelled
            request = std::move(*asked);
        } else {
            request.spec = specSource_();
        }
    } catch (const std::exception& e) {
        showError(tr("The model cannot be trained yet: %1").arg(QString::fromStdString(e.what())));
        return;
    }
    banner_->dismiss();
    fetchBar_->dismiss();
    dashboard_->setLossName(QString::fromStdString(request.spec.training.loss));
    dashboard_->setReported(request.spec.reported);
    request.options = options_;
    controller_->start(std::move(request));
    updateActions();
}

void TrainingPanel::showNote(const QString& note) { banner_->showNote(note); }

void TrainingPanel::dismissNote() { banner_->dismiss(); }

void TrainingPanel::showError(const QString& message) {
    banner_->showError(message);
    emit errorShown(message);
}

void TrainingPanel::updateActions() {
    const TrainingState s = controller_->state();
    train_->setEnabled(!isBusy(s));
    pause_->setEnabled(s == TrainingState::Running && !controller_->pauseRequested());
    resume_->setEnabled(s == TrainingState::Paused);
    stop_->setEnabled(isBusy(s));
    threads_->setEnabled(!isBusy(s));
}

}  // namespace cnnwb::ui
