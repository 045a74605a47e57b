// One setting of an experiment by its path, the name sweeps, run comparisons
// and the settings dialog use:
//   training.batch_size   training.optimizer.learning_rate   training.optimizer.type
//   data.per_class        data.augmentation.rotation_range   name
//   layers.h1.activation  layers.h1.kernel_size              layers.h3.enabled
// Reading gives the value in effect (a layer argument left out of the spec
// reads as its default). Writing checks the whole experiment again with the
// spec loader, so a bad value gets exactly the loader's message, and leaves
// the experiment unchanged when it fails. An unknown path is a SpecError that
// lists the known names at the point where the path went wrong.
#pragma once

#include "model_spec.h"

#include <string>
#include <vector>

namespace cnnwb {

Json settingValue(const ModelSpec& spec, const std::string& path);
void setSetting(ModelSpec& spec, const std::string& path, const Json& value);

// The same for the settings alone (no "layers." paths): the settings dialog
// edits these while the model may be mid-edit.
Json settingValue(const ExperimentSettings& settings, const std::string& path);
void setSetting(ExperimentSettings& settings, const std::string& path, const Json& value);

// Every path a sweep can vary: each leaf setting and each argument (and
// "enabled") of each layer after Input.
std::vector<std::string> settingPaths(const ModelSpec& spec);

struct SettingChange {
    std::string path;
    Json from;  // null: not there before (an added layer)
    Json to;    // null: gone (a removed layer)
    // "h1.activation: tanh → relu", "training.batch_size: 16 → 32", "h3: removed".
    std::string text() const;
};

// What differs from `from` to `to`, in the order of `to`'s settings and layers.
std::vector<SettingChange> settingChanges(const ModelSpec& from, const ModelSpec& to);

// A setting value as a person reads it: strings bare, numbers shortest.
std::string settingText(const Json& value);

}  // namespace cnnwb
