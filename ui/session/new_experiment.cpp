#include "new_experiment.h"

namespace cnnwb::ui {

ModelSpec newExperimentSpec() {
    const Json doc = {
        {"format", kSpecFormat},
        {"version", kSpecVersion},
        {"name", "Untitled experiment"},
        {"layers", Json::array({{{"type", "Input"}, {"name", "input"}, {"shape", {28, 28, 1}}},
                                {{"type", "Flatten"}, {"name", "flatten"}},
                                {{"type", "Dense"}, {"name", "output"}, {"units", 10}, {"activation", "softmax"}}})},
        {"data", {{"dataset", "mnist"}}},
    };
    // Through the engine, so every setting is present with its default.
    return ModelSpec::fromJson(doc, "new experiment");
}

}  // namespace cnnwb::ui
