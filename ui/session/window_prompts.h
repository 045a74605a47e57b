// The questions the main window asks the user, as replaceable functions:
// the defaults show dialogs, tests install answers instead of blocking on a
// modal. Every prompt the window can raise goes through here.
#pragma once

#include <QDateTime>
#include <QString>

#include <functional>

class QWidget;

namespace cnnwb::ui {

enum class UnsavedChoice { Save, Discard, Cancel };

// Train pressed on an experiment that holds a run: go on with it, or start anew.
struct TrainAgainChoice {
    enum class Kind { Continue, NewRun, Cancel } kind = Kind::Cancel;
    int moreEpochs = 0;  // Continue: epochs to add after the ones finished
};

struct WindowPrompts {
    // "<name> has unsaved changes" before closing, opening or New.
    std::function<UnsavedChoice(const QString& documentName)> unsavedChanges;
    // A file could not be opened or saved; the message says why.
    std::function<void(const QString& title, const QString& message)> error;
    // File names: empty means cancelled.
    std::function<QString()> openFileName;
    std::function<QString(const QString& suggestion)> saveFileName;
    // File → Export: the PyTorch project's folder, the ONNX file; empty means cancelled.
    std::function<QString(const QString& suggestion)> exportFolder;
    std::function<QString(const QString& suggestion)> onnxFileName;
    // Experiment → Open image folder…: a folder of class subfolders; empty means cancelled.
    std::function<QString()> imageFolder;
    // An autosave left by a window that did not close cleanly: recover it?
    std::function<bool(const QString& name, const QDateTime& when)> recoverAutosave;
    // A run is in progress and the session is about to be closed or replaced:
    // stop it (its history and weights are kept in the session)?
    std::function<bool(const QString& documentName)> stopTraining;
    // The experiment holds a run of `epochsDone` finished epochs (of `planned`;
    // `finished` when it ran them all): continue it, start a new run, or cancel?
    std::function<TrainAgainChoice(const QString& documentName, int epochsDone, int planned, bool finished)> trainAgain;
    // A run of the library was interrupted (its process died) after
    // `epochsDone` of `planned` epochs: continue it from its last checkpoint?
    std::function<bool(const QString& runTitle, int epochsDone, int planned)> resumeInterruptedRun;

    // Dialog-based defaults, parented to `parent`.
    static WindowPrompts dialogs(QWidget* parent);
};

}  // namespace cnnwb::ui
