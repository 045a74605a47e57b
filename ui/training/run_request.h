// Everything the worker needs to set up a run, copied when the request is
// made so the worker never reads GUI-side state.
#pragma once

#include "engine/model_spec.h"
#include "engine/session_file.h"
#include "engine/trainer.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cnnwb::ui {

struct RunRequest {
    ModelSpec spec;
    TrainerOptions options;
    std::string dataDirectory;  // the only place looked at; empty: CNNWB_DATA, then the user cache
    bool train = true;          // false: prepare only (load data, build, load weights)
    // Weights to start from, "layer/param" → values (a saved session); empty:
    // initialise from the seed.
    std::map<std::string, std::vector<float>> weights;
    // What those weights are, for captions: "loaded from e1.cnnwb (after epoch 10, batch 1875)".
    std::string weightsOrigin;
    // The filter history stored with those weights (shown, not continued: Train starts a new run).
    std::shared_ptr<const WeightHistory> weightHistory;
    // A stored run to go on from (weights, optimizer state, history): the
    // run continues where it ended. Empty: a new run.
    std::optional<Session> resume;
    // Where the finished (or stopped, or failed) run is recorded; empty: not recorded.
    std::string runLibrary;
    RunMeta meta;  // its parent and what changed
};

}  // namespace cnnwb::ui
