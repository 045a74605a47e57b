// The engine's value structs cross from the worker thread to the GUI thread
// inside queued signals, which copy them; Qt must know them by name.
#pragma once

#include "engine/session_file.h"
#include "engine/trainer.h"

#include <QList>
#include <QMetaType>

Q_DECLARE_METATYPE(cnnwb::BatchStats)
Q_DECLARE_METATYPE(cnnwb::EpochStats)
Q_DECLARE_METATYPE(cnnwb::Session)
Q_DECLARE_METATYPE(std::vector<cnnwb::NamedLayerTime>)

namespace cnnwb::ui {

// Registers every type the training signals carry; idempotent.
void registerTrainingMetaTypes();

}  // namespace cnnwb::ui
