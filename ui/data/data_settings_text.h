// What subset of a data set a run uses, in one line for the data browser:
// "MNIST · all 10 classes · no per-class cap · no validation split · pixels × 1 (raw 0..255)".
#pragma once

#include "engine/model_spec.h"

#include <QString>

namespace cnnwb::ui {

QString dataSettingsText(const DataSettings& settings);

// Where the images come from, for every place that names it: "MNIST",
// "CIFAR-10", "Image folder /photos (32×32 rgb)".
QString dataSourceText(const DataSettings& settings);

}  // namespace cnnwb::ui
