#include "layer_registry.h"

#include "errors.h"
#include "layers/activation_layer.h"
#include "layers/average_pool2d.h"
#include "layers/batch_normalization.h"
#include "layers/conv2d.h"
#include "layers/dense.h"
#include "layers/depthwise_conv2d.h"
#include "layers/dropout.h"
#include "layers/flatten.h"
#include "layers/input.h"
#include "layers/max_pool2d.h"
#include "layers/rbf.h"

#include <cctype>

namespace cnnwb {

const std::vector<LayerType>& layerTypes() {
    static const std::vector<LayerType> types{
        {"Input", "Declares the shape of one input sample (height, width, channels)", Input::create},
        {"Dense", "Fully connected layer: every output sees every input", Dense::create},
        {"Flatten", "Turns a H×W×C volume into one vector for Dense layers", Flatten::create},
        {"Dropout", "Randomly zeroes a fraction of inputs while training, against overfitting", Dropout::create},
        {"Activation", "Applies a non-linearity (relu, tanh, sigmoid, softmax) element-wise",
         ActivationLayer::create},
        {"Conv2D", "2-D convolution: slides learned filters over the image; each filter mixes all input channels",
         Conv2D::create},
        {"DepthwiseConv2D", "Filters each input channel on its own (depth_multiplier filters each); no channel mixing",
         DepthwiseConv2D::create},
        {"MaxPool2D", "Keeps the largest value of each pool window, shrinking height and width", MaxPool2D::create},
        {"AveragePool2D", "Averages each pool window, shrinking height and width", AveragePool2D::create},
        {"BatchNormalization", "Normalises each channel over the batch, then scales and shifts it (learned gamma, beta)",
         BatchNormalization::create},
        {"RBF", "LeCun's radial basis output: each unit is the squared distance from the input to its learned centre",
         RBF::create},
    };
    return types;
}

const LayerType* findLayerType(const std::string& name) {
    for (const auto& t : layerTypes())
        if (t.name == name) return &t;
    return nullptr;
}

static std::string knownTypeList() {
    std::string list;
    for (const auto& t : layerTypes()) list += (list.empty() ? "" : ", ") + t.name;
    return list;
}

static std::string defaultName(const std::string& type, int index) {
    std::string n;
    for (char c : type) {
        if (std::isupper(static_cast<unsigned char>(c)) && !n.empty() && !std::isdigit(static_cast<unsigned char>(n.back())))
            n += '_';
        n += char(std::tolower(static_cast<unsigned char>(c)));
    }
    return n + "_" + std::to_string(index);
}

std::unique_ptr<Layer> createLayer(const Json& object, int index) {
    const std::string where = "layer " + std::to_string(index + 1);
    if (!object.is_object()) throw SpecError(where + ": expected a JSON object, got " + jsonTypeName(object));
    auto typeIt = object.find("type");
    if (typeIt == object.end()) throw SpecError(where + ": missing field 'type'; known types are: " + knownTypeList());
    if (!typeIt->is_string()) throw SpecError(where + ": field 'type' must be a string; got " + jsonTypeName(*typeIt));
    const std::string type = typeIt->get<std::string>();
    const LayerType* info = findLayerType(type);
    if (!info) throw SpecError(where + ": unknown layer type '" + type + "'; known types are: " + knownTypeList());

    std::string name = defaultName(type, index);
    if (auto n = object.find("name"); n != object.end()) {
        if (!n->is_string() || n->get<std::string>().empty())
            throw SpecError(where + " (" + type + "): field 'name' must be a non-empty string; got " + jsonTypeName(*n));
        name = n->get<std::string>();
    }
    LayerArgs args(object, where + " (" + type + " '" + name + "')");
    args.accept("type");
    args.accept("name");
    args.accept("enabled");
    auto layer = info->create(args);
    args.finish();
    layer->setName(name);
    return layer;
}

Json layerToJson(const Layer& layer) {
    Json j = {{"type", layer.type()}, {"name", layer.name()}};
    for (auto& [k, v] : layer.config().items()) j[k] = v;
    return j;
}

}  // namespace cnnwb
