// Every layer type, by its Keras name, in one explicit list (no static
// registration tricks that a linker could drop). It feeds the spec loader,
// the editor's palette and the generic layer tests.
#pragma once

#include "layer.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace cnnwb {

struct LayerType {
    std::string name;         // "Conv2D"
    std::string description;  // one line, for tooltips and `cnnwb layers`
    std::function<std::unique_ptr<Layer>(LayerArgs&)> create;
};

const std::vector<LayerType>& layerTypes();
const LayerType* findLayerType(const std::string& name);

// Builds one layer from its JSON object ({"type": ..., "name": ..., args}).
// `index` is its position in the spec, used in messages and default names.
// Throws SpecError naming the layer and the field.
std::unique_ptr<Layer> createLayer(const Json& object, int index);

// The layer's full JSON object, inverse of createLayer.
Json layerToJson(const Layer& layer);

}  // namespace cnnwb
