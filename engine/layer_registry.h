// Every layer type, by its Keras name, in one explicit list (no static
// registration tricks that a linker could drop), with everything the rest of
// the program needs to know about a type: its family, its palette tag, the
// arguments a freshly added layer gets. It feeds the spec loader, the
// editor's palette and property editor, and the generic layer tests. No code
// outside engine/layers/ and this registry compares a layer's type name.
#pragma once

#include "layer.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace cnnwb {

// The family a layer type belongs to (the palette colours by it).
enum class LayerCategory { Input, Convolution, Pooling, Dense, Reshape, Regularisation, Normalisation, Activation };
std::string layerCategoryName(LayerCategory category);  // "convolution"

struct LayerType {
    std::string name;         // Keras class name, "Conv2D"
    std::string description;  // one line, for tooltips and `cnnwb layers`
    LayerCategory category;
    std::string tag;          // two or three letters for icons: "C2"
    Json newLayerArgs;        // what a newly added layer of this type starts with (its required arguments)
    std::function<std::unique_ptr<Layer>(LayerArgs&)> create;
};

const std::vector<LayerType>& layerTypes();
const LayerType* findLayerType(const std::string& name);
// The registry entry of a layer made by createLayer().
const LayerType& layerTypeOf(const Layer& layer);

// Keras's naming of a new layer: "BatchNormalization" → "batch_normalization",
// "Conv2D" → "conv2d".
std::string layerBaseName(const std::string& type);

// Builds one layer from its JSON object ({"type": ..., "name": ..., args}).
// `index` is its position in the spec, used in messages and default names.
// Throws SpecError naming the layer and the field.
std::unique_ptr<Layer> createLayer(const Json& object, int index);

// The layer's full JSON object, inverse of createLayer.
Json layerToJson(const Layer& layer);

// The smallest model that trains on images of `image` shape with `classes`
// classes: Input → Flatten → Dense(classes, softmax), i.e. logistic regression.
Json minimalModelLayers(const Shape& image, int classes);

}  // namespace cnnwb
