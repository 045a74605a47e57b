// The base class of every layer. A layer knows its Keras type name, infers its
// output shape and parameter count without allocating anything (so the editor
// can check a network on every keystroke), and runs forward and backward over
// a batch.
//
// Contract (checked by tests/engine/test_gradients.cpp for every layer):
// - setup(in) allocates and initialises parameters for input shape `in`.
// - forward(in, out) resizes `out`; the layer may cache what backward needs.
// - backward(in, out, dOut, dIn) must follow the forward of the same `in`;
//   parameter gradients are *assigned* (not accumulated) for the batch, summed
//   over its samples; dIn, when not null, is *assigned* dLoss/dIn.
// - Results do not depend on the number of threads (see parallel.h).
#pragma once

#include "activation.h"
#include "cell_explanation.h"
#include "layer_args.h"
#include "tensor.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace cnnwb {

class GraphBuilder;  // export/graph_builder.h

using Rng = std::mt19937;

// What a parameter is for, so that views and tools ask the parameter
// instead of knowing layer types: the filter view shows every Filter.
enum class ParamRole {
    Filter,   // convolution kernels, [filters, channels each sees, rows, columns]
    Weight,   // a dense weight matrix
    Centres,  // RBF centres, one row per unit
    Bias,
    Scale,    // BatchNormalization gamma
    Shift,    // BatchNormalization beta
    State,    // not trained: moving statistics
};

// A named value/gradient pair; optimizers, serialisers, parameter counts and
// the filter viewer all iterate this list. `grad` is null for non-trainable
// state such as BatchNormalization's moving statistics.
struct Param {
    std::string name;
    Tensor* value = nullptr;
    Tensor* grad = nullptr;
    ParamRole role = ParamRole::Weight;
    // Filters only: the input channels fall into this many groups, and the
    // filters likewise; filter k sees only group k / (filters / groups).
    // 1 for Conv2D (every filter sees every channel); the input channel count
    // for DepthwiseConv2D (each filter sees one channel).
    int filterGroups = 1;
    bool trainable() const { return grad != nullptr; }
};

// Which input positions one output position of a layer reads: output row r
// reads input rows r·strideRows − padTop … that + rows − 1, and likewise for
// columns. Chained from a layer back to the image, it gives the receptive
// field of a feature-map value.
struct PositionWindow {
    int rows = 1, columns = 1;
    int strideRows = 1, strideColumns = 1;
    int padTop = 0, padLeft = 0;
};

// What a layer's output values mean, for whoever reads the last layer.
enum class OutputMeaning {
    Logits,         // unnormalised scores: larger is more likely
    Probabilities,  // a softmax over the classes
    Distances,      // smaller is more likely (RBF)
};

enum class Mode { Inference, Training };

class Layer {
public:
    virtual ~Layer() = default;

    // Keras class name: "Conv2D", "Dense", ...
    virtual std::string type() const = 0;
    const std::string& name() const { return name_; }
    void setName(std::string n) { name_ = std::move(n); }
    // "Conv2D 'h1'": how messages name this layer.
    std::string label() const { return type() + " '" + name_ + "'"; }

    // Throws SpecError with a message a beginner understands when `in` does not fit.
    virtual Shape outputShape(const Shape& in) const = 0;
    virtual std::size_t paramCount(const Shape& in) const;
    virtual std::size_t nonTrainableParamCount(const Shape& in) const;
    // How the count is made, e.g. "16 × (5×5×1 + 1) = 416".
    virtual std::string paramFormula(const Shape& in) const;
    // Multiply-adds for one sample's forward pass.
    virtual std::uint64_t multiplyAdds(const Shape& in) const;

    // The layer's Keras-style arguments, without "type" and "name".
    virtual Json config() const = 0;

    // A trailing softmax (fused or as an Activation layer) can hand raw logits
    // to a softmax-cross-entropy loss, which then works in the stable fused form.
    virtual bool endsWithSoftmax() const { return false; }
    // What the values this layer gives mean when it is the last one (before
    // a fused softmax is handed to the loss as logits).
    virtual OutputMeaning outputMeaning() const {
        return endsWithSoftmax() ? OutputMeaning::Probabilities : OutputMeaning::Logits;
    }
    void setEmitLogits(bool on) { emitLogits_ = on; }
    bool emitLogits() const { return emitLogits_; }

    void setup(const Shape& in, Rng& rng);
    bool isSetUp() const { return setUp_; }
    const Shape& inputShape() const { return in_; }
    const Shape& outputShape() const { return out_; }

    void forward(const Tensor& in, Tensor& out, Mode mode);
    void backward(const Tensor& in, const Tensor& out, const Tensor& dOut, Tensor* dIn);

    virtual std::vector<Param> params() { return {}; }

    // How output value (channel, row, column) came out of `input`, one
    // sample's input (inputShape() values), step by step: the patch, kernel,
    // products, sum, bias and activation (cell_explanation.h). Throws
    // std::out_of_range naming the layer and the valid range, and
    // std::invalid_argument for a layer whose values are not explained.
    CellExplanation explainOutput(const float* input, int channel, int row, int column) const;
    // Whether explainOutput answers for this layer (convolutions, max pooling, dense).
    virtual bool explainsOutput() const { return false; }
    // The input positions each output position reads, for the input shape
    // given to setup: a window for convolutions and pooling, 1×1 for layers
    // that work value by value; nothing when every output depends on every
    // input position (Flatten, Dense, global pooling).
    virtual std::optional<PositionWindow> positionWindow() const { return std::nullopt; }
    // How many training steps the network has taken, for layers whose
    // training pass depends on it (Dropout's masks): a resumed run tells them.
    virtual void setTrainingSteps(std::uint64_t /*steps*/) {}
    // How this layer computes, when it has a choice ("Winograd F(4×4,3×3)",
    // "im2col + GEMM"); empty for layers with one way.
    virtual std::string algorithm() const { return {}; }
    // Tests and benchmarks: use the reference algorithm (the plainest one)
    // even where a faster one was chosen.
    virtual void preferReferenceAlgorithm(bool /*on*/) {}

    // Adds this layer's inference computation (after setup) to an exported
    // graph, reading `input`; returns the name of its output. Throws
    // SpecError naming the layer when it has no such form (the default).
    virtual std::string addToGraph(GraphBuilder& graph, const std::string& input) const;

protected:
    virtual void doSetup(const Shape& /*in*/, Rng& /*rng*/) {}
    virtual void doForward(const Tensor& in, Tensor& out, Mode mode) = 0;
    virtual void doBackward(const Tensor& in, const Tensor& out, const Tensor& dOut, Tensor* dIn) = 0;
    // Called with a checked position when explainsOutput().
    virtual CellExplanation doExplainOutput(const float* input, int channel, int row, int column) const;

    // For layers with a fused `activation` argument: the activation that really
    // runs (linear when handing logits to the loss).
    ActivationKind effective(ActivationKind a) const {
        return (emitLogits_ && a == ActivationKind::Softmax) ? ActivationKind::Linear : a;
    }

private:
    std::string name_;
    Shape in_, out_;
    bool setUp_ = false;
    bool emitLogits_ = false;
};

// Thousands separators: 117300 -> "117,300".
std::string withThousands(std::uint64_t n);

}  // namespace cnnwb
