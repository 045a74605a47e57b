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
#include "layers/global_average_pooling2d.h"
#include "layers/input.h"
#include "layers/max_pool2d.h"
#include "layers/rbf.h"

#include <cctype>
#include <stdexcept>

namespace cnnwb {

const std::vector<LayerType>& layerTypes() {
    using C = LayerCategory;
    static const std::vector<LayerType> types{
        {"Input", "Declares the shape of one input sample (height, width, channels)", C::Input, "In",
         {{"shape", {28, 28, 1}}}, Input::create},
        {"Dense", "Fully connected layer: every output sees every input", C::Dense, "D",
         {{"units", 64}, {"activation", "relu"}}, Dense::create},
        {"Flatten", "Turns a H×W×C volume into one vector for Dense layers", C::Reshape, "F", Json::object(),
         Flatten::create},
        {"Dropout", "Randomly zeroes a fraction of inputs while training, against overfitting", C::Regularisation, "Dr",
         {{"rate", 0.25}}, Dropout::create},
        {"Activation", "Applies a non-linearity (relu, tanh, sigmoid, softmax) element-wise", C::Activation, "Ac",
         {{"activation", "relu"}}, ActivationLayer::create},
        {"Conv2D", "2-D convolution: slides learned filters over the image; each filter mixes all input channels",
         C::Convolution, "C2", {{"filters", 32}, {"kernel_size", 3}, {"activation", "relu"}}, Conv2D::create},
        {"DepthwiseConv2D", "Filters each input channel on its own (depth_multiplier filters each); no channel mixing",
         C::Convolution, "DW", {{"kernel_size", 3}}, DepthwiseConv2D::create},
        {"MaxPool2D", "Keeps the largest value of each pool window, shrinking height and width", C::Pooling, "MP",
         {{"pool_size", 2}}, MaxPool2D::create},
        {"AveragePool2D", "Averages each pool window, shrinking height and width", C::Pooling, "AP",
         {{"pool_size", 2}}, AveragePool2D::create},
        {"GlobalAveragePooling2D", "Averages each channel over the whole image: H×W×C becomes C, with no weights",
         C::Pooling, "GAP", Json::object(), GlobalAveragePooling2D::create},
        {"BatchNormalization", "Normalises each channel over the batch, then scales and shifts it (learned gamma, beta)",
         C::Normalisation, "BN", Json::object(), BatchNormalization::create},
        {"RBF", "LeCun's radial basis output: each unit is the squared distance from the input to its learned centre",
         C::Dense, "RBF", {{"units", 10}}, RBF::create},
    };
    return types;
}

std::string layerCategoryName(LayerCategory category) {
    switch (category) {
    case LayerCategory::Input: return "input";
    case LayerCategory::Convolution: return "convolution";
    case LayerCategory::Pooling: return "pooling";
    case LayerCategory::Dense: return "dense";
    case LayerCategory::Reshape: return "reshape";
    case LayerCategory::Regularisation: return "regularisation";
    case LayerCategory::Normalisation: return "normalisation";
    case LayerCategory::Activation: return "activation";
    }
    return "layer";
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

const LayerType& layerTypeOf(const Layer& layer) {
    const LayerType* t = findLayerType(layer.type());
    if (!t) throw std::logic_error("layer type '" + layer.type() + "' is not in the registry");
    return *t;
}

std::string layerBaseName(const std::string& type) {
    std::string n;
    for (char c : type) {
        if (std::isupper(static_cast<unsigned char>(c)) && !n.empty() && !std::isdigit(static_cast<unsigned char>(n.back())))
            n += '_';
        n += char(std::tolower(static_cast<unsigned char>(c)));
    }
    return n;
}

static std::string defaultName(const std::string& type, int index) { return layerBaseName(type) + "_" + std::to_string(index); }

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

Json minimalModelLayers(const Shape& image, int classes) {
    return Json::array({{{"type", "Input"}, {"name", "input"}, {"shape", {image.h, image.w, image.c}}},
                        {{"type", "Flatten"}, {"name", "flatten"}},
                        {{"type", "Dense"}, {"name", "output"}, {"units", classes}, {"activation", "softmax"}}});
}

Json layerToJson(const Layer& layer) {
    Json j = {{"type", layer.type()}, {"name", layer.name()}};
    const Json config = layer.config();  // named: items() of a temporary would dangle
    for (auto it = config.begin(); it != config.end(); ++it) j[it.key()] = it.value();
    return j;
}

}  // namespace cnnwb
