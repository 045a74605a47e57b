#include "presets.h"

#include "errors.h"

#include <filesystem>

namespace cnnwb {

std::vector<std::string> presetIds() {
    std::vector<std::string> ids;
    for (const auto& p : embeddedPresets()) ids.push_back(p.id);
    return ids;
}

ModelSpec loadPreset(const std::string& id) {
    for (const auto& p : embeddedPresets())
        if (id == p.id) return ModelSpec::fromText(p.json, "preset '" + id + "'");
    std::string list;
    for (const auto& p : embeddedPresets()) list += (list.empty() ? "" : ", ") + std::string(p.id);
    throw SpecError("'" + id + "' is neither a preset nor a spec file; presets are: " + list);
}

ModelSpec loadSpecOrPreset(const std::string& idOrPath) {
    const bool looksLikePath = idOrPath.find('/') != std::string::npos ||
                               (idOrPath.size() > 5 && idOrPath.ends_with(".json"));
    if (looksLikePath || std::filesystem::exists(idOrPath)) {
        if (!std::filesystem::exists(idOrPath)) throw SpecError(idOrPath + ": no such file");
        return ModelSpec::fromFile(idOrPath);
    }
    return loadPreset(idOrPath);
}

}  // namespace cnnwb
