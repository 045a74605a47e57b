// Weight initialisers with Keras semantics. fan_in / fan_out for a conv kernel
// are kernel_h × kernel_w × in_channels and kernel_h × kernel_w × filters.
#pragma once

#include "layer.h"

#include <string>
#include <vector>

namespace cnnwb {

enum class Initializer { GlorotUniform, HeNormal, LeCunNormal, Zeros };

const std::vector<std::string>& initializerNames();  // Keras names
Initializer initializerFromName(const std::string& name);  // name already validated
std::string initializerName(Initializer init);

void initialize(Tensor& t, Initializer init, double fanIn, double fanOut, Rng& rng);

}  // namespace cnnwb
