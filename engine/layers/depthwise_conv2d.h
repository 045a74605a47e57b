// DepthwiseConv2D: filters each input channel on its own with
// depth_multiplier filters, without mixing channels (Keras semantics).
// Output channel c*M + m is input channel c filtered by its filter m, so an
// RGB image with M = 5 gives 15 planes: the convolution of experiment E2.
#pragma once

#include "../initializers.h"
#include "../layer.h"
#include "window2d.h"

#include <tbb/enumerable_thread_specific.h>

namespace cnnwb {

class DepthwiseConv2D : public Layer {
public:
    static std::unique_ptr<Layer> create(LayerArgs& args);

    std::string type() const override { return "DepthwiseConv2D"; }
    Shape outputShape(const Shape& in) const override;
    std::size_t paramCount(const Shape& in) const override;
    std::string paramFormula(const Shape& in) const override;
    std::uint64_t multiplyAdds(const Shape& in) const override;
    Json config() const override;
    std::string addToGraph(GraphBuilder& graph, const std::string& input) const override;
    bool endsWithSoftmax() const override { return activation_ == ActivationKind::Softmax; }
    std::vector<Param> params() override;

    int depthMultiplier() const { return multiplier_; }
    std::pair<int, int> kernelSize() const { return kernelSize_; }
    ActivationKind activation() const { return activation_; }

    bool explainsOutput() const override { return true; }
    std::optional<PositionWindow> positionWindow() const override { return positionWindowOf(window_); }

protected:
    CellExplanation doExplainOutput(const float* input, int channel, int row, int column) const override;
    void doSetup(const Shape& in, Rng& rng) override;
    void doForward(const Tensor& in, Tensor& out, Mode mode) override;
    void doBackward(const Tensor& in, const Tensor& out, const Tensor& dOut, Tensor* dIn) override;

private:
    Window2D window(const Shape& in) const;
    float* scratch(std::size_t size);

    std::pair<int, int> kernelSize_{3, 3};
    std::pair<int, int> strides_{1, 1};
    Padding padding_ = Padding::Valid;
    int multiplier_ = 1;
    ActivationKind activation_ = ActivationKind::Linear;
    bool useBias_ = true;
    Initializer kernelInit_ = Initializer::GlorotUniform;

    Window2D window_;
    // kernel: batch = C*M (one single-channel filter per output channel, in
    // output order), sample = {1, kh, kw}; PyTorch's grouped-conv layout.
    Tensor kernel_, bias_, kernelGrad_, biasGrad_, dZ_;
    std::vector<float> gradSum_;
    tbb::enumerable_thread_specific<FloatStorage> scratch_;  // per-thread im2col of one plane
};

}  // namespace cnnwb
