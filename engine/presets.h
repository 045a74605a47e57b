// The shipped presets (resources/presets/*.json, compiled in): the five
// reference experiments and their variants, addressable by id.
#pragma once

#include "model_spec.h"

#include <string>
#include <vector>

namespace cnnwb {

struct EmbeddedPreset {
    const char* id;
    const char* json;
};

const std::vector<EmbeddedPreset>& embeddedPresets();  // generated at build time

std::vector<std::string> presetIds();
// Throws SpecError listing the known ids when `id` is not a preset.
ModelSpec loadPreset(const std::string& id);
// A preset id or a path to a spec file (anything ending in .json or containing '/').
ModelSpec loadSpecOrPreset(const std::string& idOrPath);

}  // namespace cnnwb
