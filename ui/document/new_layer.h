// The JSON object of a freshly added layer: sensible values for the
// arguments a type requires (a Conv2D needs filters and kernel_size), and a
// name not yet used in the network ("conv2d_2").
#pragma once

#include "engine/layer_args.h"

#include <QString>

namespace cnnwb::ui {

Json newLayerJson(const QString& type, const Json& existingLayers);

// A name like `base`, `base_2`, ... not used by any layer in `layers`.
std::string uniqueLayerName(const std::string& base, const Json& layers);

// The same layer under a fresh name, for Duplicate.
Json duplicateLayerJson(const Json& layer, const Json& existingLayers);

}  // namespace cnnwb::ui
