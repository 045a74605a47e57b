// The operations a trained network is made of for inference, as a layer
// describes itself to an exporter (Layer::addToGraph): convolutions, dense
// products, pooling, normalisation, activations. Each call takes the name of
// its input value and returns the name of its output; tensors are in the
// engine's layouts (kernels [filters, channels, rows, columns], dense kernels
// [units, inputs], images channels-first). engine/export/onnx_export.cpp
// builds an ONNX graph from them; the layers know no file format.
#pragma once

#include "../activation.h"
#include "../tensor.h"

#include <array>
#include <string>

namespace cnnwb {

class GraphBuilder {
public:
    virtual ~GraphBuilder() = default;

    // pads: {top, left, bottom, right}; `groups` input channel groups (1, or
    // the channel count for a depthwise convolution); the weights are named
    // "layer/kernelName" and "layer/bias", as the layer's parameters.
    virtual std::string convolution(const std::string& in, const std::string& layer, const std::string& kernelName,
                                    const Tensor& kernel,
                                    const Tensor* bias, std::array<int, 2> strides, std::array<int, 4> pads,
                                    int groups) = 0;
    virtual std::string dense(const std::string& in, const std::string& layer, const Tensor& kernel,
                              const Tensor* bias) = 0;
    // Softmax over each sample's features (all of `shape`); linear adds nothing.
    virtual std::string activation(const std::string& in, const std::string& layer, ActivationKind kind,
                                   const Shape& shape) = 0;
    virtual std::string maxPool(const std::string& in, const std::string& layer, std::array<int, 2> size,
                                std::array<int, 2> strides, std::array<int, 4> pads) = 0;
    // The mean over the part of each window inside the image (Keras' 'same').
    virtual std::string averagePool(const std::string& in, const std::string& layer, std::array<int, 2> size,
                                    std::array<int, 2> strides, std::array<int, 4> pads) = 0;
    // H×W×C → C, or 1×1×C when `keepDims`.
    virtual std::string globalAveragePool(const std::string& in, const std::string& layer, bool keepDims) = 0;
    virtual std::string flatten(const std::string& in, const std::string& layer) = 0;
    // Inference form: (x − mean) / sqrt(variance + epsilon) · scale + shift.
    virtual std::string batchNormalization(const std::string& in, const std::string& layer, const Tensor& scale,
                                           const Tensor& shift, const Tensor& mean, const Tensor& variance,
                                           double epsilon) = 0;
    // Unit j: the squared distance from the input to row j of `centres`.
    virtual std::string squaredDistances(const std::string& in, const std::string& layer, const Tensor& centres) = 0;
};

}  // namespace cnnwb
