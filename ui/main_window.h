// The main window of cnn-workbench: menus (File, Edit, View, Presets,
// Experiment, Help), a training toolbar, the experiment header, and the tabs:
// "Model" (the builder), then Training, Filters, Feature maps and Data
// (TrainingViews).
//
// File handling never loses work: a file is read completely before the
// current session is replaced, a failure leaves the current session as it
// was and says why, and closing/replacing a modified session asks first.
// All questions go through WindowPrompts, so tests can answer them.
#pragma once

#include "ui/session/window_prompts.h"

#include <QMainWindow>

class QAction;
class QLabel;
class QMenu;
class QTabWidget;

namespace cnnwb {
struct ModelSpec;
struct RunOrigin;
}

namespace cnnwb::ui {

class Autosave;
class ExperimentDocument;
class ExperimentHeader;
class ModelBuilder;
class RecentFiles;
class RunsPanel;
class DrawDigitWindow;
class LrRangeDialog;
class SweepDialog;
class TrainingViews;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // `autosaveDirectory` empty: QStandardPaths::CacheLocation.
    explicit MainWindow(QWidget* parent = nullptr, const QString& autosaveDirectory = QString());
    ~MainWindow() override;

    ExperimentDocument* document() const { return document_; }
    ModelBuilder* builder() const { return builder_; }
    Autosave* autosave() const { return autosave_; }
    TrainingViews* training() const { return training_; }
    RunsPanel* runs() const { return runs_; }
    QTabWidget* tabs() const { return tabs_; }
    ExperimentHeader* header() const { return header_; }
    WindowPrompts& prompts() { return prompts_; }

    // Each asks about unsaved changes first and returns false when nothing changed.
    void newExperiment();
    bool openPreset(const QString& id);
    bool openFile(const QString& path);  // a .cnnwb session, or a .json model spec
    bool save();
    bool saveAs();
    // File → Export: the experiment as a PyTorch project, or as an ONNX model.
    void exportPyTorch();
    void exportOnnx();
    bool saveTo(const QString& path);
    // Offers the newest autosave left by a crashed window; true when one was recovered.
    bool offerRecovery();
    // Offers to continue the newest run of the library whose process died
    // mid-run; true when it was opened and continues. Runs not continued are
    // marked interrupted and not offered again.
    bool offerInterruptedRuns();
    // Experiment → Open image folder… (or a folder dropped on the window): the
    // experiment trains on that folder, its images resized to the Input
    // layer's size and channels (one undo step). `folder` empty: asks for one.
    bool useImageFolder(QString folder = {});
    // Experiment → Sweep…: opens the sweep dialog on the experiment (null when the model has an error).
    SweepDialog* sweep();
    // Experiment → Find learning rate…: the range test's dialog on the
    // experiment (null when the model has an error); its "Use" sets the
    // optimizer's learning rate as one undoable change.
    LrRangeDialog* findLearningRate();
    // Experiment → Draw a digit…: a canvas whose drawing the current model
    // classifies as it is drawn (the model's stored or trained weights).
    DrawDigitWindow* drawDigit();

    // Whether the current session may be replaced or closed: asks to stop a
    // run in progress (keeping its result), then about unsaved changes.
    bool maybeSave();
    // The model's state as the status bar shows it (full text, not elided).
    QString validityText() const { return validityText_; }
    // The run library folder: the one chosen in the Runs tab, else $CNNWB_RUNS, else the user data folder.
    static QString runLibraryFolderSetting();

protected:
    void closeEvent(QCloseEvent* event) override;
    // A folder dropped on the window becomes the training data; a session or spec file is opened.
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createActions();
    void createMenus();
    void updateTitle();
    void updateLayerActions();
    void showValidity();
    void editSettings();
    void replaceWith(const ModelSpec& spec, const RunOrigin& origin);
    void notify(const QString& message, int ms);
    void about();

    WindowPrompts prompts_;
    ExperimentDocument* document_;
    ExperimentHeader* header_;
    QTabWidget* tabs_;
    ModelBuilder* builder_;
    TrainingViews* training_;
    RunsPanel* runs_;
    Autosave* autosave_;
    RecentFiles* recent_;
    QLabel* validity_;
    QString validityText_;

    QAction* newAction_ = nullptr;
    QAction* openAction_ = nullptr;
    QAction* saveAction_ = nullptr;
    QAction* saveAsAction_ = nullptr;
    QAction* exportPyTorchAction_ = nullptr;
    QAction* exportOnnxAction_ = nullptr;
    QAction* quitAction_ = nullptr;
    QAction* undoAction_ = nullptr;
    QAction* redoAction_ = nullptr;
    QAction* duplicateAction_ = nullptr;
    QAction* deleteAction_ = nullptr;
    QAction* moveUpAction_ = nullptr;
    QAction* moveDownAction_ = nullptr;
    QAction* toggleAction_ = nullptr;
    QAction* settingsAction_ = nullptr;
    QAction* sweepAction_ = nullptr;
    QAction* lrFindAction_ = nullptr;
    QAction* drawDigitAction_ = nullptr;
    QAction* imageFolderAction_ = nullptr;
    QMenu* recentMenu_ = nullptr;
};

}  // namespace cnnwb::ui
