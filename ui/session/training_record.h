// What a session holds beyond the spec: the trained weights, the optimizer
// state, the history and the seed of the run that produced them. The model
// builder does not change it; the training dashboard (next) will.
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

    bool hasTraining() const { return !history.epochs.empty() || !history.batches.empty() || !weights.empty(); }
};

}  // namespace cnnwb::ui
