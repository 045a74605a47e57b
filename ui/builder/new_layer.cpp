#include "new_layer.h"

#include <cctype>
#include <set>

namespace cnnwb::ui {

namespace {

// "BatchNormalization" → "batch_normalization", "Conv2D" → "conv2d" (Keras's own naming).
std::string snakeCase(const std::string& type) {
    std::string n;
    for (char c : type) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isupper(u) && !n.empty() && !std::isdigit(static_cast<unsigned char>(n.back()))) n += '_';
        n += char(std::tolower(u));
    }
    return n;
}

std::set<std::string> namesIn(const Json& layers) {
    std::set<std::string> names;
    if (!layers.is_array()) return names;
    for (const Json& l : layers)
        if (l.is_object() && l.contains("name") && l["name"].is_string()) names.insert(l["name"].get<std::string>());
    return names;
}

// Values for the required arguments; everything else keeps the engine's (Keras's) default.
Json requiredArgs(const std::string& type) {
    if (type == "Input") return {{"shape", {28, 28, 1}}};
    if (type == "Conv2D") return {{"filters", 32}, {"kernel_size", 3}, {"activation", "relu"}};
    if (type == "DepthwiseConv2D") return {{"kernel_size", 3}};
    if (type == "Dense") return {{"units", 64}, {"activation", "relu"}};
    if (type == "RBF") return {{"units", 10}};
    if (type == "Dropout") return {{"rate", 0.25}};
    if (type == "Activation") return {{"activation", "relu"}};
    if (type == "MaxPool2D" || type == "AveragePool2D") return {{"pool_size", 2}};
    return Json::object();
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
    Json obj = {{"type", t}, {"name", uniqueLayerName(snakeCase(t), existingLayers)}};
    const Json args = requiredArgs(t);  // a named object: items() of a temporary would dangle
    for (auto it = args.begin(); it != args.end(); ++it) obj[it.key()] = it.value();
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
