// A sequential network: an Input layer followed by layers, as in a Keras
// Sequential model. Building one from JSON creates and checks every layer and
// every shape but allocates no weights (cheap enough for the editor to do on
// every edit); setup() allocates and initialises.
#pragma once

#include "layer.h"
#include "optimizers/optimizer.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace cnnwb {

// One line of the summary table.
struct LayerRow {
    std::string name;
    std::string type;
    bool enabled = true;
    Shape outputShape;
    std::size_t params = 0;
    std::size_t nonTrainableParams = 0;
    std::string formula;
    std::uint64_t multiplyAdds = 0;
};

// What one layer's passes cost in training: wall time summed over the
// training-mode forward passes and the backward passes since the last reset.
struct LayerTime {
    double forwardSeconds = 0;
    double backwardSeconds = 0;
    std::uint64_t passes = 0;  // training-mode forward passes counted
};

struct NamedLayerTime {
    std::string layer;  // the layer's name
    LayerTime time;
};

class Network {
public:
    // `layers` is the spec's "layers" array. Disabled layers ("enabled":
    // false) are kept in rows() but skipped. Throws SpecError naming the layer.
    static Network fromJson(const Json& layers);

    Network();
    ~Network();
    Network(Network&&) noexcept;
    Network& operator=(Network&&) noexcept;

    const std::vector<LayerRow>& rows() const { return rows_; }
    Shape inputShape() const { return inputShape_; }
    Shape outputShape() const { return outputShape_; }
    std::size_t totalParams() const;
    std::size_t nonTrainableParams() const;
    std::size_t trainableParams() const { return totalParams() - nonTrainableParams(); }
    std::uint64_t multiplyAdds() const;
    Json toJson() const;

    // Allocates and initialises every layer from `seed` (same seed, same weights).
    void setup(std::uint32_t seed);
    bool isSetUp() const { return setUp_; }

    // With a softmax at the end and a loss that accepts logits, the last layer
    // hands raw logits to the loss (stable fused softmax-cross-entropy).
    void setOutputLogits(bool on);
    bool outputIsLogits() const { return outputLogits_; }

    // Returns the last layer's output (logits when outputIsLogits()).
    const Tensor& forward(const Tensor& input, Mode mode);
    // After forward(..., Training): gradients of every parameter from dLoss/dOutput.
    // The input gradient is not needed, so the first weighted layer skips it.
    // Training code calls it inside runStep().
    void backward(const Tensor& dOutput);
    // The same, on to the input: returns d/dInput (saliency maps). Works
    // after an inference forward too (every layer's backward follows the
    // mode of its forward). Parameter gradients are overwritten on the way;
    // a training step computes its own.
    const Tensor& backwardToInput(const Tensor& dOutput);
    // After backwardToInput: the gradient at active layer i's
    // output (i ≥ 1; for the last, the dOutput given, while it lives).
    const Tensor& outputGradient(std::size_t i) const {
        return i + 1 >= active_.size() ? *lastDOutput_ : inputGrads_[i + 1];
    }
    // Whether passes over `batch` images run on the calling thread alone: too
    // little work to pay for waking a second core (the bits are the same).
    bool usesOneThread(int batch) const;
    // Runs a whole training step (forward, loss, backward, optimizer) on the
    // calling thread alone when usesOneThread(batch), else as it comes.
    void runStep(int batch, const std::function<void()>& step);

    // Class scores of the last forward pass, one row per sample: the softmax
    // of the logits when the loss was handed logits, the softmax of the
    // negated distances of an RBF output (LeCun's criterion: the nearest
    // class is the likeliest), else the last layer's values as they are.
    void probabilities(Tensor& out) const;
    // Whether probabilities() gives probabilities (rows summing to 1) rather
    // than raw outputs (E1's tanh units).
    bool givesProbabilities() const;

    // Per active layer (Input first, all zero), the time of its training
    // passes since resetLayerTimes(): the builder's cards show it per batch.
    const std::vector<LayerTime>& layerTimes() const { return layerTimes_; }
    void resetLayerTimes();
    // The same by layer name, Input left out.
    std::vector<NamedLayerTime> namedLayerTimes() const;

    // Tells every layer how many training steps came before (a resumed run).
    void setTrainingSteps(std::uint64_t steps);
    // The active layer where a training step's backward pass ends: the first
    // with trainable parameters (it skips its input gradient; the layers
    // below it are not run backward). active size when nothing is trained.
    std::size_t firstTrainedLayer();
    // Tests and benchmarks: every layer on its reference algorithm (Layer::preferReferenceAlgorithm).
    void preferReferenceAlgorithms(bool on);
    std::vector<NamedParam> trainableParams();
    std::vector<Param> allParams(std::vector<std::string>* keys);  // keys "layer/param"
    // Enabled layers, in order (Input included).
    const std::vector<Layer*>& activeLayers() const { return active_; }
    // Output of active layer i (i ≥ 1) after the last forward pass.
    const Tensor& activation(std::size_t i) const { return outputs_[i]; }
    // What active layer i (i ≥ 1) was given in the last forward pass: the
    // previous layer's output, or for the first the input tensor itself
    // (so only while the tensor handed to forward() lives).
    const Tensor& layerInput(std::size_t i) const { return i <= 1 ? *lastInput_ : outputs_[i - 1]; }

private:
    std::vector<std::unique_ptr<Layer>> layers_;
    std::vector<bool> enabled_;
    std::vector<Layer*> active_;
    std::vector<LayerRow> rows_;
    Shape inputShape_, outputShape_;
    std::vector<Tensor> outputs_;
    // inputGrads_[i]: dL/d(input of active layer i) after backwardToInput.
    // One buffer per layer, so sizes never change between calls.
    std::vector<Tensor> inputGrads_;
    // Training's input gradients: two buffers in turn (backwardThrough).
    Tensor trainingGrads_[2];
    const Tensor* lastInput_ = nullptr;
    const Tensor* lastDOutput_ = nullptr;
    std::vector<LayerTime> layerTimes_;
    void backwardThrough(const Tensor& dOutput, bool toInput);
    bool setUp_ = false;
    bool outputLogits_ = false;
    template <typename Body>
    void runSizedFor(int batch, Body&& body);
    // A one-thread TBB arena; defined in network.cpp so that no TBB header
    // reaches the UI (TBB and Qt's `emit` macro do not mix).
    struct SerialArena;
    std::unique_ptr<SerialArena> serialArena_;
};

}  // namespace cnnwb
