// The Keras-style model summary: one row per layer (name, type, output shape,
// parameters and how they are counted), then the totals.
#pragma once

#include "model_spec.h"

#include <string>

namespace cnnwb {

std::string summaryTable(const ModelSpec& spec, const Network& net);
Json summaryJson(const ModelSpec& spec, const Network& net);

}  // namespace cnnwb
