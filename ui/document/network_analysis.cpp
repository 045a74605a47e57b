#include "network_analysis.h"

#include "engine/errors.h"
#include "engine/layer_registry.h"

#include <regex>

namespace cnnwb::ui {

namespace {

// The name ModelSpec::fromJson puts in front of its messages; stripped again
// because the editor shows the message beside the thing it is about.
const std::string kWhere = "spec";

std::string withoutWhere(const std::string& message) {
    const std::string prefix = kWhere + ": ";
    return message.rfind(prefix, 0) == 0 ? message.substr(prefix.size()) : message;
}

int lastEnabledLayer(const Json& layers) {
    for (int i = int(layers.size()) - 1; i >= 0; --i) {
        const Json& l = layers[std::size_t(i)];
        if (!(l.is_object() && l.contains("enabled") && l["enabled"] == false)) return i;
    }
    return -1;
}

// Rows for the layers before a failing one, so the cards above an error
// still show their shapes. Layers [0, count) are known to be valid.
void fillPrefixRows(const Json& layers, std::size_t count, NetworkAnalysis& a) {
    if (count == 0) return;
    try {
        if (count == 1) {
            auto input = createLayer(layers[0], 0);
            const Shape s = input->outputShape(Shape{});
            a.rows[0] = LayerRow{input->name(), input->type(), true, s, 0, 0, "", 0};
            return;
        }
        const Json prefix(layers.begin(), layers.begin() + std::ptrdiff_t(count));
        const Network net = Network::fromJson(prefix);
        for (std::size_t i = 0; i < count; ++i) a.rows[i] = net.rows()[i];
    } catch (const std::exception&) {
        // A prefix of only disabled layers after Input: leave the rows unknown.
    }
}

void fillFromNetwork(const Network& net, NetworkAnalysis& a) {
    a.networkBuilt = true;
    for (std::size_t i = 0; i < net.rows().size(); ++i) {
        const LayerRow& r = net.rows()[i];
        a.rows[i] = r;
        if (r.enabled) a.activationsPerImage += r.outputShape.size();
    }
    a.totalParams = net.totalParams();
    a.trainableParams = net.trainableParams();
    a.nonTrainableParams = net.nonTrainableParams();
    a.multiplyAdds = net.multiplyAdds();
    a.inputShape = net.inputShape();
    a.outputShape = net.outputShape();
}

}  // namespace

int layerIndexFromMessage(const std::string& message) {
    static const std::regex pattern(R"(^(?:[^:]*: )?layer (\d+)\b)");
    std::smatch m;
    if (!std::regex_search(message, m, pattern)) return -1;
    try {
        return std::stoi(m[1].str()) - 1;
    } catch (const std::exception&) {
        return -1;
    }
}

NetworkAnalysis analyseSpec(const Json& spec) {
    NetworkAnalysis a;
    const Json layers = spec.is_object() && spec.contains("layers") ? spec["layers"] : Json::array();
    if (layers.is_array()) a.rows.resize(layers.size());

    // 1. Layers and shapes alone: the errors that belong to a card.
    try {
        const Network net = Network::fromJson(layers);
        fillFromNetwork(net, a);
    } catch (const std::exception& e) {
        a.error = QString::fromStdString(e.what());
        a.errorLayer = layerIndexFromMessage(e.what());
        if (a.errorLayer >= int(a.rows.size())) a.errorLayer = -1;
        if (a.errorLayer > 0) fillPrefixRows(layers, std::size_t(a.errorLayer), a);
        return a;
    }

    // 2. The whole spec: settings, and whether the model fits the data.
    try {
        (void)ModelSpec::fromJson(spec, kWhere);
    } catch (const std::exception& e) {
        const std::string text = withoutWhere(e.what());
        a.error = QString::fromStdString(text);
        if (text.find("the last layer") != std::string::npos) {
            a.errorLayer = lastEnabledLayer(layers);
        } else if (text.find("the Input layer") != std::string::npos) {
            a.errorLayer = 0;
        } else {
            a.errorLayer = layerIndexFromMessage(text);
            a.settingsError = a.errorLayer < 0;
        }
    }
    return a;
}

}  // namespace cnnwb::ui
