// File → New: the smallest model that trains on MNIST (Input → Flatten →
// Dense 10 softmax, i.e. logistic regression) with the engine's default
// settings, ready to grow layer by layer.
#pragma once

#include "engine/model_spec.h"

namespace cnnwb::ui {

ModelSpec newExperimentSpec();

}  // namespace cnnwb::ui
