// Element-wise activations, shared by the Activation layer and by layers
// with a fused `activation` argument (Conv2D, Dense, ...).
#pragma once

#include "tensor.h"

#include <string>
#include <vector>

namespace cnnwb {

enum class ActivationKind { Linear, Relu, Tanh, Sigmoid, Softmax };

// Keras names: "linear", "relu", "tanh", "sigmoid", "softmax".
std::string activationName(ActivationKind kind);
const std::vector<std::string>& activationNames();
// Throws SpecError naming `where` when `name` is not a known activation.
ActivationKind activationFromName(const std::string& name, const std::string& where);

// In place over a whole batch; softmax is taken over each sample's features.
void applyActivation(ActivationKind kind, Tensor& t);

// Given the activation's output `y` and dL/dy in `grad`, turns `grad` into
// dL/dx in place. Every derivative here is expressible through y alone.
void activationBackward(ActivationKind kind, const Tensor& y, Tensor& grad);
// The same out of place: `grad` (resized) = dL/dx from dL/dy in `dy`.
void activationBackward(ActivationKind kind, const Tensor& y, const Tensor& dy, Tensor& grad);

// The same over one run of values, for the element-wise kinds (not softmax),
// so a layer can apply them while its values are still in cache.
void applyActivation(ActivationKind kind, float* values, std::size_t count);
// dst = activation(src + bias) over one run (dst may be src), element-wise
// kinds only: a layer's bias and activation in one pass over its output.
void applyBiasAndActivation(ActivationKind kind, const float* src, float bias, float* dst, std::size_t count);
// grad = dL/dx from dL/dy in `dy` and the output `y` (grad may be dy).
void activationBackward(ActivationKind kind, const float* y, const float* dy, float* grad, std::size_t count);

}  // namespace cnnwb
