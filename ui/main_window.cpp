#include "main_window.h"

#include "experiment_header.h"
#include "presets_menu.h"
#include "ui/document/layer_list_model.h"
#include "ui/builder/layer_palette.h"
#include "ui/builder/layer_stack_view.h"
#include "ui/builder/model_builder.h"
#include "ui/session/autosave.h"
#include "ui/document/experiment_document.h"
#include "ui/session/new_experiment.h"
#include "ui/session/model_export.h"
#include "ui/session/recent_files.h"
#include "ui/session/session_io.h"
#include "ui/settings/experiment_settings_dialog.h"
#include "training_views.h"
#include "ui/runs/runs_panel.h"
#include "ui/inspect/draw_digit_window.h"
#include "ui/lrfind/lr_range_dialog.h"
#include "ui/sweep/sweep_dialog.h"
#include "ui/dashboard/training_panel.h"
#include "ui/training/training_controller.h"

#include "engine/errors.h"
#include "engine/layer.h"
#include "engine/layer_registry.h"
#include "engine/code_version.h"
#include "engine/presets.h"
#include "engine/runs/run_library.h"
#include "engine/setting_path.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QMimeData>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTextStream>
#include <QToolBar>
#include <QUndoStack>
#include <QVBoxLayout>

namespace cnnwb::ui {

namespace {

const char* kThreadsKey = "training/threads";
const char* kRunsKey = "runs/folder";


}  // namespace

MainWindow::MainWindow(QWidget* parent, const QString& autosaveDirectory)
    : QMainWindow(parent), prompts_(WindowPrompts::dialogs(this)), document_(new ExperimentDocument(this)) {
    setObjectName("mainWindow");
    header_ = new ExperimentHeader(document_, this);
    builder_ = new ModelBuilder(document_, this);
    tabs_ = new QTabWidget(this);
    tabs_->setDocumentMode(true);
    tabs_->addTab(builder_, tr("Model"));
    training_ = new TrainingViews(document_, tabs_, this);
    training_->setPrompts(&prompts_);
    training_->setRunLibrary(runLibraryFolderSetting());
    runs_ = new RunsPanel(this);
    runs_->setLibraryFolder(runLibraryFolderSetting());
    tabs_->addTab(runs_, tr("Runs"));
    header_->setRunLibrary(runLibraryFolderSetting());
    connect(training_, &TrainingViews::runRecorded, runs_, [this] {
        if (runs_->isVisible()) runs_->refresh();
        header_->refreshMeasured();
    });
    connect(runs_, &RunsPanel::openRequested, this, [this](const QString& file) { openFile(file); });
    connect(runs_, &RunsPanel::libraryFolderChosen, this, [this](const QString& folder) {
        QSettings().setValue(kRunsKey, folder);
        training_->setRunLibrary(folder);
        header_->setRunLibrary(folder);
    });
    {
        TrainerOptions options = training_->panel()->trainerOptions();
        options.threads = QSettings().value(kThreadsKey, 0).toInt();
        training_->panel()->setTrainerOptions(options);
    }

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(header_);
    layout->addWidget(tabs_, 1);
    setCentralWidget(central);

    validity_ = new QLabel(this);
    validity_->setObjectName("validityLabel");
    validity_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    validity_->setMinimumWidth(200);
    statusBar()->addWidget(validity_, 1);

    recent_ = new RecentFiles(this);
    const QString dir = autosaveDirectory.isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::CacheLocation)
                                                    : autosaveDirectory;
    autosave_ = new Autosave(document_, dir, this);
    connect(autosave_, &Autosave::written, this, [this](const QString& slot) {
        QFile origin(Autosave::originFile(slot));
        if (origin.open(QIODevice::WriteOnly | QIODevice::Truncate)) QTextStream(&origin) << document_->filePath();
    });
    connect(autosave_, &Autosave::failed, this,
            [this](const QString& message) { notify(tr("Autosave failed: %1").arg(message), 10000); });

    createActions();
    createMenus();
    connect(document_, &ExperimentDocument::modifiedChanged, this, &MainWindow::updateTitle);
    connect(document_, &ExperimentDocument::modifiedChanged, this, [this](bool modified) {
        if (!modified && autosave_) {
            autosave_->clearSlot();  // saved (or back to the saved state): nothing left to recover
        }
    });
    connect(document_, &ExperimentDocument::filePathChanged, this, &MainWindow::updateTitle);
    connect(document_, &ExperimentDocument::settingsChanged, this, &MainWindow::updateTitle);
    connect(document_, &ExperimentDocument::analysisChanged, this, &MainWindow::showValidity);
    connect(document_, &ExperimentDocument::analysisChanged, this, &MainWindow::updateLayerActions);
    connect(builder_, &ModelBuilder::currentRowChanged, this, &MainWindow::updateLayerActions);
    connect(header_, &ExperimentHeader::settingsRequested, this, &MainWindow::editSettings);

    replaceWith(newExperimentSpec(), {"new", ""});
    autosave_->start();
    resize(1280, 800);
}

MainWindow::~MainWindow() {
    // First, while every member is alive: the autosave finishes a write in
    // progress and reports it to this window (UBSan caught the report arriving
    // in ~QWidget, after the document it reads could already be gone).
    delete autosave_;
    autosave_ = nullptr;
}

QString MainWindow::runLibraryFolderSetting() {
    // A folder the person chose in the Runs tab, else the engine's lookup (--runs, $CNNWB_RUNS, user data).
    const QString chosen = QSettings().value(kRunsKey).toString();
    if (!chosen.isEmpty() && qEnvironmentVariableIsEmpty("CNNWB_RUNS")) return chosen;
    return QString::fromStdString(runLibraryFolder().string());
}

void MainWindow::createActions() {
    newAction_ = new QAction(tr("&New"), this);
    newAction_->setShortcut(QKeySequence::New);
    newAction_->setStatusTip(tr("Start a new experiment from a minimal MNIST model"));
    connect(newAction_, &QAction::triggered, this, &MainWindow::newExperiment);

    openAction_ = new QAction(tr("&Open…"), this);
    openAction_->setShortcut(QKeySequence::Open);
    openAction_->setStatusTip(tr("Open a saved session (.cnnwb) or a model spec (.json)"));
    connect(openAction_, &QAction::triggered, this, [this] {
        const QString file = prompts_.openFileName();
        if (!file.isEmpty()) openFile(file);
    });

    saveAction_ = new QAction(tr("&Save"), this);
    saveAction_->setShortcut(QKeySequence::Save);
    saveAction_->setStatusTip(tr("Save the session: model, settings, weights and history in one file"));
    connect(saveAction_, &QAction::triggered, this, &MainWindow::save);

    saveAsAction_ = new QAction(tr("Save &As…"), this);
    saveAsAction_->setShortcut(QKeySequence::SaveAs);
    connect(saveAsAction_, &QAction::triggered, this, &MainWindow::saveAs);

    exportPyTorchAction_ = new QAction(tr("&PyTorch project…"), this);
    exportPyTorchAction_->setStatusTip(tr("Write the experiment as a PyTorch project that trains on one machine or "
                                          "many (torchrun / DistributedDataParallel), from the current weights"));
    connect(exportPyTorchAction_, &QAction::triggered, this, &MainWindow::exportPyTorch);
    exportOnnxAction_ = new QAction(tr("&ONNX model…"), this);
    exportOnnxAction_->setStatusTip(tr("Write the network and its weights as an ONNX model (Netron, OpenCV, "
                                       "ONNX Runtime)"));
    connect(exportOnnxAction_, &QAction::triggered, this, &MainWindow::exportOnnx);

    quitAction_ = new QAction(tr("&Quit"), this);
    quitAction_->setShortcut(QKeySequence::Quit);
    quitAction_->setMenuRole(QAction::QuitRole);
    connect(quitAction_, &QAction::triggered, this, &QWidget::close);

    QUndoStack* undo = document_->undoStack();
    undoAction_ = undo->createUndoAction(this, tr("&Undo"));
    undoAction_->setShortcut(QKeySequence::Undo);
    redoAction_ = undo->createRedoAction(this, tr("&Redo"));
    redoAction_->setShortcuts({QKeySequence::Redo, QKeySequence(Qt::CTRL | Qt::Key_Y)});

    // Layer edits act on the selected card; their keys work while the stack
    // has focus, so Delete in a text field still deletes text.
    auto layerAction = [this](const QString& text, const QKeySequence& key, const QString& tip, auto slot) {
        auto* a = new QAction(text, this);
        a->setShortcut(key);
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        a->setStatusTip(tip);
        connect(a, &QAction::triggered, this, slot);
        builder_->stack()->addAction(a);
        return a;
    };
    duplicateAction_ = layerAction(tr("&Duplicate layer"), QKeySequence(Qt::CTRL | Qt::Key_D),
                                   tr("Insert a copy of the selected layer below it"), [this] { builder_->duplicateCurrent(); });
    deleteAction_ = layerAction(tr("De&lete layer"), QKeySequence::Delete, tr("Remove the selected layer"),
                                [this] { builder_->deleteCurrent(); });
    moveUpAction_ = layerAction(tr("Move &up"), QKeySequence(Qt::ALT | Qt::Key_Up), tr("Move the selected layer up"),
                                [this] { builder_->moveCurrent(-1); });
    moveDownAction_ = layerAction(tr("Move do&wn"), QKeySequence(Qt::ALT | Qt::Key_Down),
                                  tr("Move the selected layer down"), [this] { builder_->moveCurrent(+1); });
    toggleAction_ = layerAction(tr("&Enable/Disable layer"), QKeySequence(Qt::CTRL | Qt::Key_E),
                                tr("Skip the selected layer or put it back (e.g. E1 without H3)"),
                                [this] { builder_->toggleCurrentEnabled(); });

    sweepAction_ = new QAction(tr("S&weep…"), this);
    sweepAction_->setStatusTip(tr("Run the experiment over several values of its settings, each over several seeds"));
    connect(sweepAction_, &QAction::triggered, this, &MainWindow::sweep);
    lrFindAction_ = new QAction(tr("Find &learning rate…"), this);
    lrFindAction_->setStatusTip(tr("The learning-rate range test: a short run with a rising rate, the loss against "
                                   "the rate, and a suggested rate"));
    connect(lrFindAction_, &QAction::triggered, this, &MainWindow::findLearningRate);
    drawDigitAction_ = new QAction(tr("&Draw a digit…"), this);
    drawDigitAction_->setStatusTip(tr("Draw a digit with the mouse and watch the model's probabilities as you draw"));
    connect(drawDigitAction_, &QAction::triggered, this, &MainWindow::drawDigit);

    settingsAction_ = new QAction(tr("&Settings…"), this);
    settingsAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    settingsAction_->setStatusTip(tr("Dataset, loss, optimizer, batch size, epochs, seed, augmentation, threads"));
    connect(settingsAction_, &QAction::triggered, this, &MainWindow::editSettings);
    imageFolderAction_ = new QAction(tr("Open &image folder…"), this);
    imageFolderAction_->setStatusTip(tr("Train on your own images: a folder with one subfolder per class "
                                        "(PNG, JPEG or BMP), optionally split into train/ and test/"));
    connect(imageFolderAction_, &QAction::triggered, this, [this] { useImageFolder(); });
    setAcceptDrops(true);
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(newAction_);
    file->addAction(openAction_);
    recentMenu_ = file->addMenu(tr("Open &Recent"));
    recentMenu_->setToolTipsVisible(true);
    connect(recentMenu_, &QMenu::aboutToShow, this,
            [this] { recent_->fillMenu(recentMenu_, [this](const QString& f) { openFile(f); }); });
    file->addSeparator();
    file->addAction(saveAction_);
    file->addAction(saveAsAction_);
    QMenu* exportMenu = file->addMenu(tr("&Export"));
    exportMenu->addAction(exportPyTorchAction_);
    exportMenu->addAction(exportOnnxAction_);
    file->addSeparator();
    file->addAction(quitAction_);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(undoAction_);
    edit->addAction(redoAction_);
    edit->addSeparator();
    QMenu* add = edit->addMenu(tr("&Add layer"));
    for (const LayerType& t : layerTypes()) {
        const QString type = QString::fromStdString(t.name);
        QAction* a = add->addAction(type, this, [this, type] { builder_->addLayer(type); });
        a->setStatusTip(QString::fromStdString(t.description));
    }
    edit->addAction(duplicateAction_);
    edit->addAction(deleteAction_);
    edit->addSeparator();
    edit->addAction(moveUpAction_);
    edit->addAction(moveDownAction_);
    edit->addAction(toggleAction_);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    auto toggle = [view](const QString& text, QWidget* pane) {
        QAction* a = view->addAction(text);
        a->setCheckable(true);
        a->setChecked(true);
        QObject::connect(a, &QAction::toggled, pane, &QWidget::setVisible);
    };
    toggle(tr("Experiment &header"), header_);
    toggle(tr("Layer &palette"), builder_->palettePane());
    toggle(tr("P&roperties"), builder_->propertiesPane());
    toggle(tr("&Summary"), builder_->summaryPane());

    QMenu* presets = menuBar()->addMenu(tr("&Presets"));
    fillPresetsMenu(presets, [this](const QString& id) { openPreset(id); });

    QMenu* experiment = menuBar()->addMenu(tr("E&xperiment"));
    experiment->addAction(settingsAction_);
    experiment->addAction(imageFolderAction_);
    experiment->addAction(sweepAction_);
    experiment->addAction(lrFindAction_);
    experiment->addAction(drawDigitAction_);
    experiment->addSeparator();
    TrainingPanel* panel = training_->panel();
    // Train from any tab: the Training tab comes forward to show the run.
    connect(panel->trainAction(), &QAction::triggered, this, [this] { tabs_->setCurrentWidget(training_->panel()); });
    for (QAction* a : {panel->trainAction(), panel->pauseAction(), panel->resumeAction(), panel->stopAction()})
        experiment->addAction(a);

    QToolBar* bar = addToolBar(tr("Training"));
    bar->setObjectName("trainingToolBar");
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    // One set of buttons: the window's toolbar (seen from every tab) replaces the panel's own.
    QToolBar* panelBar = panel->findChild<QToolBar*>();
    for (QAction* a : {panel->trainAction(), panel->pauseAction(), panel->resumeAction(), panel->stopAction()}) {
        bar->addAction(a);
        if (panelBar) panelBar->removeAction(a);
    }

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* aboutAction = help->addAction(tr("&About CNN Workbench"), this, &MainWindow::about);
    aboutAction->setMenuRole(QAction::AboutRole);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt)->setMenuRole(QAction::AboutQtRole);
}

void MainWindow::updateTitle() {
    setWindowTitle(tr("%1[*] — CNN Workbench").arg(document_->displayName()));
    setWindowModified(document_->isModified());
}

void MainWindow::updateLayerActions() {
    const int row = builder_->currentRow();
    const int count = document_->layers()->rowCount();
    // Input stays the first layer: it cannot be removed, copied, skipped or moved.
    const bool layer = row > 0 && row < count;
    duplicateAction_->setEnabled(layer);
    deleteAction_->setEnabled(layer);
    toggleAction_->setEnabled(layer);
    moveUpAction_->setEnabled(layer && row > 1);
    moveDownAction_->setEnabled(layer && row < count - 1);
}

void MainWindow::showValidity() {
    const NetworkAnalysis& a = document_->analysis();
    if (a.valid()) {
        validityText_ = tr("✓ Valid network · %1 parameters · output %2")
                            .arg(QString::fromStdString(withThousands(a.totalParams)),
                                 QString::fromStdString(a.outputShape.str()));
        validity_->setStyleSheet("color: #1e7a34;");
    } else {
        // Engine messages about a layer already start with "layer N"; others get told where.
        const bool named = a.error.startsWith(QStringLiteral("layer "));
        const QString where = named ? QString()
                              : a.errorLayer >= 0 ? tr("Layer %1: ").arg(a.errorLayer + 1)
                              : a.settingsError   ? tr("Experiment settings: ")
                                                  : QString();
        validityText_ = tr("✗ %1%2").arg(where, a.error);
        validity_->setStyleSheet("color: #b3261e; font-weight: bold;");
    }
    validity_->setText(validityText_);
    validity_->setToolTip(validityText_);
}

void MainWindow::replaceWith(const ModelSpec& spec, const RunOrigin& origin) { loadSpecInto(*document_, spec, origin); }

void MainWindow::notify(const QString& message, int ms) {
    // Before the window is shown the status bar cannot hide its other
    // widgets for a message, and the two would overlap.
    if (isVisible()) statusBar()->showMessage(message, ms);
}

bool MainWindow::maybeSave() {
    if (training_->controller()->state() == TrainingState::Preparing) {
        training_->stopAndWait();  // nothing trained yet: nothing to ask about or keep
    } else if (training_->controller()->isBusy()) {
        if (!prompts_.stopTraining(document_->displayName())) return false;
        if (!training_->stopAndWait()) {
            prompts_.error(tr("Training did not stop"), tr("The run did not stop within a minute; try again."));
            return false;
        }
    }
    if (!document_->isModified()) return true;
    switch (prompts_.unsavedChanges(document_->displayName())) {
    case UnsavedChoice::Save: return save();
    case UnsavedChoice::Discard: return true;
    case UnsavedChoice::Cancel: return false;
    }
    return false;
}

void MainWindow::newExperiment() {
    if (!maybeSave()) return;
    replaceWith(newExperimentSpec(), {"new", ""});
    notify(tr("New experiment"), 4000);
}

bool MainWindow::openPreset(const QString& id) {
    ModelSpec spec;
    try {
        spec = loadPreset(id.toStdString());
    } catch (const std::exception& e) {
        prompts_.error(tr("Cannot open preset"), QString::fromStdString(e.what()));
        return false;
    }
    if (!maybeSave()) return false;
    replaceWith(spec, {"preset", id.toStdString()});
    notify(tr("Opened preset %1").arg(id), 4000);
    return true;
}

bool MainWindow::openFile(const QString& path) {
    // Read everything first: a bad file must not cost the open session anything.
    const bool isSpec = path.endsWith(QStringLiteral(".json"), Qt::CaseInsensitive);
    Session session;
    ModelSpec spec;
    try {
        if (isSpec) spec = ModelSpec::fromFile(QFile::encodeName(path).toStdString());
        else session = readSession(path);
    } catch (const std::exception& e) {
        prompts_.error(tr("Cannot open %1").arg(QFileInfo(path).fileName()), QString::fromStdString(e.what()));
        if (!QFileInfo::exists(path)) recent_->remove(path);
        return false;
    }
    if (!maybeSave()) return false;
    if (isSpec) {
        replaceWith(spec, {"file", QFileInfo(path).fileName().toStdString()});  // a starting point: saving makes it a session
    } else {
        loadSessionInto(*document_, std::move(session), QFileInfo(path).absoluteFilePath());
        recent_->add(path);
    }
    notify(tr("Opened %1").arg(QFileInfo(path).fileName()), 4000);
    return true;
}

bool MainWindow::save() {
    if (document_->filePath().isEmpty()) return saveAs();
    return saveTo(document_->filePath());
}

bool MainWindow::saveAs() {
    QString suggestion = document_->filePath();
    if (suggestion.isEmpty()) {
        const std::string& id = document_->settings().id;
        suggestion = QString::fromStdString(id.empty() ? "experiment" : id) + ".cnnwb";
    }
    const QString file = prompts_.saveFileName(suggestion);
    if (file.isEmpty()) return false;
    return saveTo(file);
}

void MainWindow::exportPyTorch() {
    const std::string& id = document_->settings().id;
    const QString folder = prompts_.exportFolder(QString::fromStdString(id.empty() ? "experiment" : id) + "-pytorch");
    if (folder.isEmpty()) return;
    try {
        notify(exportPyTorchFromDocument(*document_, folder), 12000);
    } catch (const std::exception& e) {
        prompts_.error(tr("Cannot export the PyTorch project"), QString::fromStdString(e.what()));
    }
}

void MainWindow::exportOnnx() {
    const std::string& id = document_->settings().id;
    const QString file = prompts_.onnxFileName(QString::fromStdString(id.empty() ? "model" : id) + ".onnx");
    if (file.isEmpty()) return;
    try {
        notify(exportOnnxFromDocument(*document_, file), 12000);
    } catch (const std::exception& e) {
        prompts_.error(tr("Cannot export the ONNX model"), QString::fromStdString(e.what()));
    }
}

bool MainWindow::saveTo(const QString& path) {
    try {
        writeSession(*document_, path);
    } catch (const std::exception& e) {
        // The engine's message says why (disk full, read-only folder); the previous file is untouched.
        prompts_.error(tr("Cannot save %1").arg(QFileInfo(path).fileName()), QString::fromStdString(e.what()));
        return false;
    }
    document_->setFilePath(QFileInfo(path).absoluteFilePath());
    document_->setSaved();
    recent_->add(path);
    if (document_->analysis().valid())
        notify(tr("Saved %1").arg(QFileInfo(path).fileName()), 4000);
    else  // kept as a draft: it opens as left, error included
        notify(tr("Saved %1 with the model's error; fix it before training").arg(QFileInfo(path).fileName()), 8000);
    return true;
}

bool MainWindow::offerRecovery() {
    for (const Autosave::Orphan& orphan : autosave_->orphans()) {
        Session session;
        try {
            session = readSession(orphan.file);
        } catch (const std::exception& e) {
            // Cut short by the crash, or damaged: kept for a person to look at, never deleted.
            const QString kept = Autosave::keepAside(orphan.file);
            notify(tr("An autosave could not be read (%1); it is kept as %2").arg(QString::fromStdString(e.what()), kept),
                   20000);
            continue;
        }
        QString origin;
        QFile originFile(Autosave::originFile(orphan.file));
        if (originFile.open(QIODevice::ReadOnly)) origin = QString::fromUtf8(originFile.readAll()).trimmed();
        const QString name = origin.isEmpty() ? QString::fromStdString(session.spec.name) : QFileInfo(origin).fileName();
        if (!prompts_.recoverAutosave(name, orphan.modified)) {
            Autosave::discard(orphan.file);
            continue;
        }
        loadSessionInto(*document_, std::move(session), origin);
        document_->setUnsavedWork();  // not on disk anywhere but the autosave we are taking over
        autosave_->adopt(orphan.file);  // deleted once this window's own slot holds it
        notify(tr("Recovered the autosave of %1; save it to keep it").arg(name), 8000);
        return true;
    }
    return false;
}

bool MainWindow::offerInterruptedRuns() {
    std::vector<RunRow> interrupted;
    try {
        RunLibrary library(training_->runLibrary().toStdString());
        for (RunRow& r : library.list())
            if (r.processLost && r.damaged.empty()) interrupted.push_back(std::move(r));
        if (interrupted.empty() || !prompts_.resumeInterruptedRun) return false;
        const RunRow& newest = interrupted.front();
        const bool resume = prompts_.resumeInterruptedRun(QString::fromStdString(newest.title), newest.epochsDone,
                                                         newest.epochsPlanned);
        // The rest (and this one, when declined) stay listed as interrupted, not asked about again.
        for (std::size_t i = resume ? 1 : 0; i < interrupted.size(); ++i) library.markInterrupted(interrupted[i].id);
        if (!resume || !openFile(QString::fromStdString(newest.file.string()))) return false;
    } catch (const std::exception& e) {
        notify(tr("The run library could not be read: %1").arg(QString::fromStdString(e.what())), 10000);
        return false;
    }
    training_->resumeInterrupted();
    return true;
}

void MainWindow::editSettings() {
    QSettings prefs;
    ExperimentSettingsDialog dialog(document_->settings(), prefs.value(kThreadsKey, 0).toInt(), this);
    if (dialog.exec() != QDialog::Accepted) return;
    prefs.setValue(kThreadsKey, dialog.threads());
    TrainerOptions options = training_->panel()->trainerOptions();
    options.threads = dialog.threads();
    training_->panel()->setTrainerOptions(options);
    document_->changeSettings(dialog.settings());
}

bool MainWindow::useImageFolder(QString folder) {
    if (folder.isEmpty()) folder = prompts_.imageFolder();
    if (folder.isEmpty()) return false;
    ModelSpec spec;
    try {
        spec = ModelSpec::fromJson(document_->specJson(), document_->displayName().toStdString());
        cnnwb::useImageFolder(spec, QFile::encodeName(folder).toStdString());
    } catch (const std::exception& e) {
        prompts_.error(tr("Cannot train on %1").arg(QFileInfo(folder).fileName()),
                       tr("The images are resized to the model's Input layer, so the model must be valid first.\n\n%1")
                           .arg(QString::fromStdString(e.what())));
        return false;
    }
    document_->changeSettings(spec.settings());
    const ImageFolderSettings& f = spec.data.folder;
    notify(tr("Training data: image folder %1 (images resized to %2×%3, %4); Train reads it")
               .arg(QString::fromStdString(f.path))
               .arg(f.height)
               .arg(f.width)
               .arg(QString::fromStdString(f.colorMode)),
           8000);
    return true;
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() == 1 && urls.front().isLocalFile()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const QString path = event->mimeData()->urls().front().toLocalFile();
    event->acceptProposedAction();
    // Queued: a modal prompt inside a drop handler would block the drag source.
    QMetaObject::invokeMethod(this, [this, path] {
        if (QFileInfo(path).isDir()) useImageFolder(path);
        else openFile(path);
    }, Qt::QueuedConnection);
}

SweepDialog* MainWindow::sweep() {
    ModelSpec spec;
    try {
        spec = ModelSpec::fromJson(document_->specJson(), document_->displayName().toStdString());
    } catch (const std::exception& e) {
        prompts_.error(tr("Cannot sweep"), tr("The model has an error; fix it first.\n\n%1").arg(QString::fromStdString(e.what())));
        return nullptr;
    }
    auto* dialog = new SweepDialog(spec, document_->origin(), document_->originSpec(), training_->runLibrary(),
                                   training_->controller(), training_->panel()->trainerOptions(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &SweepDialog::showRunsRequested, this, [this](const QStringList& ids) {
        tabs_->setCurrentWidget(runs_);
        runs_->refresh();
        runs_->selectRuns(ids);
    });
    dialog->show();
    return dialog;
}

DrawDigitWindow* MainWindow::drawDigit() {
    training_->prepareIfStale();  // the document's weights on the worker, if it has no network yet
    auto* window = new DrawDigitWindow(training_->controller(), this);
    window->setAttribute(Qt::WA_DeleteOnClose);
    window->show();
    return window;
}

LrRangeDialog* MainWindow::findLearningRate() {
    ModelSpec spec;
    try {
        if (!document_->analysis().valid()) throw SpecError(validityText_.toStdString());
        spec = ModelSpec::fromJson(document_->specJson(), document_->displayName().toStdString());
    } catch (const std::exception& e) {
        prompts_.error(tr("Cannot find a learning rate"),
                       tr("The model has an error; fix it first.\n\n%1").arg(QString::fromStdString(e.what())));
        return nullptr;
    }
    auto* dialog = new LrRangeDialog(spec, training_->controller()->dataDirectory(),
                                     training_->panel()->trainerOptions().threads, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &LrRangeDialog::rateChosen, this, [this](double rate) {
        try {
            ModelSpec edited = ModelSpec::fromJson(document_->specJson(), document_->displayName().toStdString());
            setSetting(edited, "training.optimizer.learning_rate", rate);
            document_->changeSettings(edited.settings());
            notify(tr("Learning rate set to %1 (Edit → Undo takes it back)").arg(rate, 0, 'g', 3), 8000);
        } catch (const std::exception& e) {
            prompts_.error(tr("Cannot set the learning rate"), QString::fromStdString(e.what()));
        }
    });
    dialog->show();
    return dialog;
}

void MainWindow::about() {
    QMessageBox::about(this, tr("About CNN Workbench"),
                       tr("<h3>CNN Workbench %1</h3>"
                          "<p>Build convolutional networks from layers, train them on your CPU and see what happened.</p>"
                          "<p>Ships the five reference experiments (E1–E5) as presets, each with the figure its "
                          "authors reported.</p>")
                           .arg(QString::fromUtf8(codeVersion())));
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    training_->controller()->shutdown();
    autosave_->finishCleanly();
    event->accept();
}

}  // namespace cnnwb::ui
