// Where a training run is, as the GUI sees it. The controller changes state
// only when the worker confirms (a pause is "Running" until the worker has
// actually stopped between two batches).
#pragma once

#include <QMetaType>
#include <QString>

namespace cnnwb::ui {

enum class TrainingState {
    Idle,       // nothing prepared yet
    Preparing,  // loading data and building the network on the worker thread
    Ready,      // network built (and weights loaded), not training
    Running,
    Paused,
    Finished,   // every epoch done
    Stopped,    // stopped by the user; history and weights kept
    Failed,     // an error ended the run; its message was reported
};

// Preparing, Running or Paused: the worker is busy with a run.
bool isBusy(TrainingState state);
QString trainingStateText(TrainingState state);

}  // namespace cnnwb::ui

Q_DECLARE_METATYPE(cnnwb::ui::TrainingState)
