#include "new_layer.h"

#include "engine/layer_registry.h"

#include <set>

namespace cnnwb::ui {

namespace {

std::set<std::string> namesIn(const Json& layers) {
    std::set<std::string> names;
    if (!layers.is_array()) return names;
    for (const Json& l : layers)
        if (l.is_object() && l.contains("name") && l["name"].is_string()) names.insert(l["name"].get<std::string>());
    return names;
}

}  // namespace

std::string uniqueLayerName(const std::string& base, const Json& layers) {
    const std::set<std::string> used = namesIn(layers);
    if (!used.count(base)) return base;
    for (int i = 2;; ++i) {
        const std::string candidate = base + "_" + std::to_string(i);
        if (!used.count(candidate)) return candidate;
    }
}

Json newLayerJson(const QString& type, const Json& existingLayers) {
    const std::string t = type.toStdString();
    Json obj = {{"type", t}, {"name", uniqueLayerName(layerBaseName(t), existingLayers)}};
    // The registry's starting arguments; everything else keeps the layer's (Keras's) default.
    if (const LayerType* info = findLayerType(t))
        for (auto it = info->newLayerArgs.begin(); it != info->newLayerArgs.end(); ++it) obj[it.key()] = it.value();
    return obj;
}

Json duplicateLayerJson(const Json& layer, const Json& existingLayers) {
    Json copy = layer;
    if (!copy.is_object()) return copy;
    const std::string base =
        copy.contains("name") && copy["name"].is_string() ? copy["name"].get<std::string>() : std::string("layer");
    // "h2_copy", "h2_copy_2": never a name that only differs by a counter from the original.
    copy["name"] = uniqueLayerName(base + "_copy", existingLayers);
    return copy;
}

}  // namespace cnnwb::ui
