// One short line with a layer's key arguments, for its card:
// "16 filters 5×5, stride 4, valid, tanh". Defaults that say nothing (stride
// 1, linear activation, bias on, Glorot init) are left out.
#pragma once

#include "engine/layer_args.h"

#include <QString>

namespace cnnwb::ui {

QString layerArgsSummary(const Json& layerObject);

}  // namespace cnnwb::ui
