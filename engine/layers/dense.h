// Dense: a fully connected layer, out = activation(W·x + b), on flat input.
#pragma once

#include "../initializers.h"
#include "../layer.h"

namespace cnnwb {

class Dense : public Layer {
public:
    static std::unique_ptr<Layer> create(LayerArgs& args);

    std::string type() const override { return "Dense"; }
    Shape outputShape(const Shape& in) const override;
    std::size_t paramCount(const Shape& in) const override;
    std::string paramFormula(const Shape& in) const override;
    std::uint64_t multiplyAdds(const Shape& in) const override;
    Json config() const override;
    std::string addToGraph(GraphBuilder& graph, const std::string& input) const override;
    bool endsWithSoftmax() const override { return activation_ == ActivationKind::Softmax; }
    std::vector<Param> params() override;

    int units() const { return units_; }
    ActivationKind activation() const { return activation_; }

    bool explainsOutput() const override { return true; }

protected:
    CellExplanation doExplainOutput(const float* input, int channel, int row, int column) const override;
    void doSetup(const Shape& in, Rng& rng) override;
    void doForward(const Tensor& in, Tensor& out, Mode mode) override;
    void doBackward(const Tensor& in, const Tensor& out, const Tensor& dOut, Tensor* dIn) override;

private:
    int units_ = 1;
    ActivationKind activation_ = ActivationKind::Linear;
    bool useBias_ = true;
    Initializer kernelInit_ = Initializer::GlorotUniform;
    // kernel: batch = units, sample = inputs, so matrix() is inputs × units.
    Tensor kernel_, bias_, kernelGrad_, biasGrad_, dZ_;
};

}  // namespace cnnwb
