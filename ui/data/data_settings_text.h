// What subset of a data set a run uses, in one line for the data browser:
// "MNIST · all 10 classes · no per-class cap · no validation split · pixels × 1 (raw 0..255)".
#pragma once

#include "engine/model_spec.h"

#include <QString>

namespace cnnwb::ui {

QString dataSettingsText(const DataSettings& settings);

}  // namespace cnnwb::ui
