// What a session holds beyond the spec: the trained weights, the optimizer
// state, the history and the seed of the run that produced them. The model
// builder does not change it; a finished run in the Training tab replaces it.
#pragma once

#include "engine/session_file.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace cnnwb::ui {

struct TrainingRecord {
    std::uint32_t seed = 1;
    History history;
    std::map<std::string, std::vector<float>> weights;  // "layer/param" → values
    Json optimizerState = Json::object();
    std::string engineVersion;
    std::string status = "new";
    // The "layers" the weights were trained for: after an edit to the layers
    // the weights no longer belong to the model and are not saved with it.
    Json trainedLayers;

    bool weightsFit(const Json& layers) const { return !weights.empty() && trainedLayers == layers; }

    bool hasTraining() const { return !history.epochs.empty() || !history.batches.empty() || !weights.empty(); }
};

}  // namespace cnnwb::ui
