#include "training_state.h"

#include <QObject>

namespace cnnwb::ui {

bool isBusy(TrainingState state) {
    return state == TrainingState::Preparing || state == TrainingState::Running || state == TrainingState::Paused;
}

QString trainingStateText(TrainingState state) {
    switch (state) {
    case TrainingState::Idle: return QObject::tr("not started");
    case TrainingState::Preparing: return QObject::tr("loading data");
    case TrainingState::Ready: return QObject::tr("ready");
    case TrainingState::Running: return QObject::tr("training");
    case TrainingState::Paused: return QObject::tr("paused");
    case TrainingState::Finished: return QObject::tr("finished");
    case TrainingState::Stopped: return QObject::tr("stopped");
    case TrainingState::Failed: return QObject::tr("failed");
    }
    return {};
}

}  // namespace cnnwb::ui
