// A trained network as an ONNX model for deployment and viewing (Netron,
// OpenCV's DNN module, ONNX Runtime): `cnnwb export SOURCE --onnx FILE`,
// File → Export → ONNX…. Opset 13, the weights included, built through
// Debian's ONNX library (its protobuf classes and checker) from the layers'
// own descriptions (Layer::addToGraph). The model takes a batch of images
// N×C×H×W, scaled as the spec's data.rescale says, and gives what the
// engine's inference gives: class probabilities after a softmax, or the RBF
// layer's distances.
#pragma once

#include "../data/dataset.h"
#include "../network.h"

#include <filesystem>
#include <string>
#include <vector>

namespace cnnwb {

inline constexpr int kOnnxOpset = 13;

struct OnnxNodeSummary {
    std::string op;
    std::string name;
};

struct OnnxInitializerSummary {
    std::string name;
    std::vector<std::int64_t> dims;
};

// What an ONNX file holds, as read back through the ONNX library.
struct OnnxSummary {
    std::int64_t irVersion = 0;
    std::int64_t opset = 0;
    std::string producer;
    std::vector<OnnxNodeSummary> nodes;
    std::vector<OnnxInitializerSummary> initializers;
    std::vector<std::string> inputs, outputs;
    std::size_t weightValues = 0;  // float values over all initializers
};

// `net` must be set up (its weights loaded). Checks the model with ONNX's
// checker before writing. Throws SpecError naming a layer that has no
// exported form, FileWriteError naming the file that cannot be written.
OnnxSummary exportOnnx(const Network& net, const std::string& modelName, const std::string& description,
                       const std::filesystem::path& file);

// Throws SpecError naming the file when it is not an ONNX model or fails the checker.
OnnxSummary readOnnx(const std::filesystem::path& file);

// The engine's inference on the first `count` images of `images`, written as
// a tensor file (export/tensor_file.h) — "input" (scaled by `pixelScale`, as
// the model takes it), "labels", "output" — for checking another runtime.
void writeInferenceCheck(Network& net, const Dataset& images, int count, float pixelScale,
                         const std::filesystem::path& index, const std::filesystem::path& data);

}  // namespace cnnwb
