#include "setting_path.h"

#include "errors.h"
#include "layer_registry.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace cnnwb {

namespace {

const std::vector<std::string> kTopLevel{"id", "name", "experiment", "description", "reported", "training", "data"};

std::vector<std::string> splitPath(const std::string& path) {
    std::vector<std::string> parts;
    std::string part;
    for (char c : path + ".") {
        if (c != '.') {
            part += c;
            continue;
        }
        if (part.empty()) throw SpecError("setting '" + path + "': a path is names joined by dots, e.g. training.batch_size");
        parts.push_back(part);
        part.clear();
    }
    return parts;
}

std::string joined(const std::vector<std::string>& parts, std::size_t count) {
    std::string s;
    for (std::size_t i = 0; i < count && i < parts.size(); ++i) s += (i ? "." : "") + parts[i];
    return s;
}

std::string listOf(std::vector<std::string> names) {
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
    return list;
}

std::vector<std::string> keysOf(const Json& object) {
    std::vector<std::string> keys;
    for (auto it = object.begin(); it != object.end(); ++it) keys.push_back(it.key());
    return keys;
}

[[noreturn]] void unknown(const std::vector<std::string>& parts, std::size_t at, const std::vector<std::string>& known) {
    const std::string where = at == 0 ? std::string("the experiment") : "'" + joined(parts, at) + "'";
    throw SpecError("unknown setting '" + joined(parts, parts.size()) + "': " + where + " has no '" + parts[at] +
                    "'; known names there are: " + listOf(known));
}

// The settings as one JSON tree in which every known name exists.
Json settingsTree(const ExperimentSettings& s) {
    Json j = s.toJson();
    for (const char* key : {"id", "name", "experiment", "description"})
        if (!j.contains(key)) j[key] = "";
    if (!j.contains("reported")) j["reported"] = nullptr;
    return j;
}

// Where `parts` points inside `tree` (a settings tree); throws for unknown names.
Json* locate(Json& tree, const std::vector<std::string>& parts) {
    Json* at = &tree;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (at->is_null() && i == 1 && parts[0] == "reported") {
            // No reported figure yet: its fields can still be named.
            const std::vector<std::string> fields{"metric", "note", "source", "value"};
            if (std::find(fields.begin(), fields.end(), parts[1]) == fields.end()) unknown(parts, i, fields);
            *at = Json::object();
            return &(*at)[parts[1]];
        }
        if (!at->is_object()) {
            throw SpecError("unknown setting '" + joined(parts, parts.size()) + "': '" + joined(parts, i) +
                            "' is a single value, it has no '" + parts[i] + "'");
        }
        if (!at->contains(parts[i])) unknown(parts, i, i == 0 ? kTopLevel : keysOf(*at));
        at = &(*at)[parts[i]];
    }
    return at;
}

// ---- layers ----

int layerIndex(const Json& layers, const std::vector<std::string>& parts) {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const Json& l = layers[i];
        const std::string name = l.is_object() && l.contains("name") && l["name"].is_string()
                                     ? l["name"].get<std::string>()
                                     : createLayer(l, int(i))->name();
        if (name == parts[1]) return int(i);
        names.push_back(name);
    }
    unknown(parts, 1, names);
}

// A layer's arguments in effect: its config (defaults filled in) with "enabled".
Json layerArguments(const Json& layer, int index) {
    Json args = createLayer(layer, index)->config();
    args["enabled"] = !(layer.is_object() && layer.contains("enabled") && layer["enabled"] == false);
    return args;
}

Json layerValue(const ModelSpec& spec, const std::vector<std::string>& parts) {
    if (parts.size() == 1) return spec.layers;
    const int i = layerIndex(spec.layers, parts);
    const Json& layer = spec.layers[std::size_t(i)];
    if (parts.size() == 2) return layer;
    if (parts.size() > 3) throw SpecError("unknown setting '" + joined(parts, parts.size()) + "': '" + joined(parts, 3) +
                                          "' is a single value");
    if (parts[2] == "type" || parts[2] == "name") return layer[parts[2]];
    const Json args = layerArguments(layer, i);
    if (!args.contains(parts[2])) unknown(parts, 2, keysOf(args));
    return args[parts[2]];
}

void setLayerValue(Json& layers, const std::vector<std::string>& parts, const Json& value) {
    if (parts.size() != 3)
        throw SpecError("setting '" + joined(parts, parts.size()) +
                        "': name one argument of one layer, e.g. layers.h1.activation or layers.h3.enabled");
    const int i = layerIndex(layers, parts);
    Json& layer = layers[std::size_t(i)];
    if (parts[2] == "type" || parts[2] == "name")
        throw SpecError("setting '" + joined(parts, 3) + "': a layer's " + parts[2] +
                        " is not a setting; edit the model to change it");
    const Json args = layerArguments(layer, i);
    if (!args.contains(parts[2])) unknown(parts, 2, keysOf(args));
    if (parts[2] == "enabled" && value == true) layer.erase("enabled");  // a normal layer does not carry it
    else layer[parts[2]] = value;
}

// training.optimizer.type: another optimizer, with its own defaults (an SGD
// learning rate is no good guess for Adam); its arguments are set after.
bool setOptimizerType(Json& tree, const std::vector<std::string>& parts, const Json& value) {
    if (parts != std::vector<std::string>{"training", "optimizer", "type"}) return false;
    tree["training"]["optimizer"] = Json{{"type", value}};
    return true;
}

ExperimentSettings settingsWith(const ExperimentSettings& s, const std::vector<std::string>& parts, const Json& value) {
    Json tree = settingsTree(s);
    if (!setOptimizerType(tree, parts, value)) *locate(tree, parts) = value;
    for (const char* key : {"id", "name", "experiment", "description", "reported"})
        if (tree[key].is_null() || tree[key] == "") tree.erase(key);
    return ExperimentSettings::fromJson(tree, "");
}

// ---- flattening, for paths and changes ----

void flatten(const Json& value, const std::string& path, std::vector<std::pair<std::string, Json>>& out) {
    if (value.is_object() && !value.empty()) {
        for (auto it = value.begin(); it != value.end(); ++it)
            flatten(it.value(), path.empty() ? it.key() : path + "." + it.key(), out);
        return;
    }
    out.emplace_back(path, value);
}

struct LayerView {
    std::string name, type;
    Json arguments;
};

std::vector<LayerView> layerViews(const ModelSpec& spec) {
    std::vector<LayerView> views;
    for (std::size_t i = 0; i < spec.layers.size(); ++i) {
        const Json& l = spec.layers[i];
        auto layer = createLayer(l, int(i));
        views.push_back({layer->name(), layer->type(), layerArguments(l, int(i))});
    }
    return views;
}

}  // namespace

Json settingValue(const ExperimentSettings& settings, const std::string& path) {
    const auto parts = splitPath(path);
    if (parts[0] == "layers") throw SpecError("setting '" + path + "': the settings alone have no layers");
    Json tree = settingsTree(settings);
    return *locate(tree, parts);
}

Json settingValue(const ModelSpec& spec, const std::string& path) {
    const auto parts = splitPath(path);
    if (parts[0] == "layers") return layerValue(spec, parts);
    return settingValue(spec.settings(), path);
}

void setSetting(ExperimentSettings& settings, const std::string& path, const Json& value) {
    const auto parts = splitPath(path);
    if (parts[0] == "layers") throw SpecError("setting '" + path + "': the settings alone have no layers");
    settings = settingsWith(settings, parts, value);
}

void setSetting(ModelSpec& spec, const std::string& path, const Json& value) {
    const auto parts = splitPath(path);
    Json doc = spec.toJson();
    if (parts[0] == "layers") {
        setLayerValue(doc["layers"], parts, value);
    } else {
        // Checked as settings first, so the message names the setting alone.
        const ExperimentSettings next = settingsWith(spec.settings(), parts, value);
        doc = ModelSpec::document(next, spec.layers);
    }
    spec = ModelSpec::fromJson(doc, "");
}

std::vector<std::string> settingPaths(const ModelSpec& spec) {
    std::vector<std::pair<std::string, Json>> leaves;
    const Json tree = spec.settings().toJson();
    flatten(tree["training"], "training", leaves);
    flatten(tree["data"], "data", leaves);
    std::vector<std::string> paths;
    for (const auto& [path, value] : leaves) paths.push_back(path);
    const auto views = layerViews(spec);
    for (std::size_t i = 1; i < views.size(); ++i)
        for (auto it = views[i].arguments.begin(); it != views[i].arguments.end(); ++it)
            paths.push_back("layers." + views[i].name + "." + it.key());
    return paths;
}

std::string settingText(const Json& value) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_number_float()) {
        // 20.0 reads "20"; other numbers in their shortest exact form.
        const double d = value.get<double>();
        if (d == std::floor(d) && std::abs(d) < 1e15) return std::to_string((long long)d);
    }
    if (value.is_array()) {
        std::string s = "[";
        for (std::size_t i = 0; i < value.size(); ++i) s += (i ? ", " : "") + settingText(value[i]);
        return s + "]";
    }
    return value.dump();
}

std::string SettingChange::text() const {
    const std::string shown = path.rfind("layers.", 0) == 0 ? path.substr(7) : path;
    if (from.is_null() && to.is_object()) return shown + ": added (" + to.value("type", std::string("layer")) + ")";
    if (to.is_null() && from.is_object()) return shown + ": removed";
    return shown + ": " + settingText(from) + " → " + settingText(to);
}

std::vector<SettingChange> settingChanges(const ModelSpec& from, const ModelSpec& to) {
    std::vector<SettingChange> changes;
    std::vector<std::pair<std::string, Json>> before, after;
    flatten(from.settings().toJson(), "", before);
    flatten(to.settings().toJson(), "", after);
    std::map<std::string, Json> old(before.begin(), before.end());
    // A setting written on one side only (an image folder's fields appear
    // with dataset "folder") is no change while it holds its default.
    std::vector<std::pair<std::string, Json>> defaultList;
    ExperimentSettings defaults;
    defaults.data.dataset = kImageFolderDataset;
    flatten(defaults.toJson(), "", defaultList);
    const std::map<std::string, Json> byDefault(defaultList.begin(), defaultList.end());
    auto isDefault = [&](const std::string& path, const Json& value) {
        const auto it = byDefault.find(path);
        return it != byDefault.end() && it->second == value;
    };
    std::set<std::string> seen;
    for (const auto& [path, value] : after) {
        seen.insert(path);
        auto it = old.find(path);
        if (it == old.end() && isDefault(path, value)) continue;
        const Json was = it == old.end() ? Json() : it->second;
        if (was != value) changes.push_back({path, was, value});
    }
    for (const auto& [path, value] : before)
        if (!seen.count(path) && !isDefault(path, value)) changes.push_back({path, value, Json()});

    const auto a = layerViews(from), b = layerViews(to);
    auto find = [](const std::vector<LayerView>& views, const std::string& name) -> const LayerView* {
        for (const auto& v : views)
            if (v.name == name) return &v;
        return nullptr;
    };
    std::vector<std::string> orderA, orderB;
    for (const auto& v : b) {
        const LayerView* w = find(a, v.name);
        const std::string path = "layers." + v.name;
        if (!w) {
            Json added = v.arguments;
            added["type"] = v.type;
            changes.push_back({path, Json(), added});
            continue;
        }
        orderB.push_back(v.name);
        if (w->type != v.type) {
            changes.push_back({path + ".type", w->type, v.type});
            continue;
        }
        for (auto it = v.arguments.begin(); it != v.arguments.end(); ++it) {
            const Json was = w->arguments.contains(it.key()) ? w->arguments[it.key()] : Json();
            if (was != it.value()) changes.push_back({path + "." + it.key(), was, it.value()});
        }
    }
    for (const auto& w : a) {
        if (find(b, w.name)) {
            orderA.push_back(w.name);
            continue;
        }
        Json removed = w.arguments;
        removed["type"] = w.type;
        changes.push_back({"layers." + w.name, removed, Json()});
    }
    if (orderA != orderB) changes.push_back({"layers", Json(orderA), Json(orderB)});
    return changes;
}

}  // namespace cnnwb
