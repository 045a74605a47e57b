// BatchNormalization (Keras semantics): normalises each channel (image input,
// over batch, height and width) or each feature (flat input, over the batch),
// then scales by gamma and shifts by beta:
//   y = gamma · (x − mean) / sqrt(var + epsilon) + beta.
// Training uses the batch's mean and (biased) variance and moves the running
// statistics towards them; inference uses the running statistics.
#pragma once

#include "../layer.h"

namespace cnnwb {

class BatchNormalization : public Layer {
public:
    static std::unique_ptr<Layer> create(LayerArgs& args);

    std::string type() const override { return "BatchNormalization"; }
    std::optional<PositionWindow> positionWindow() const override { return PositionWindow{}; }  // value by value
    Shape outputShape(const Shape& in) const override { return in; }
    std::size_t paramCount(const Shape& in) const override;
    std::size_t nonTrainableParamCount(const Shape& in) const override;
    std::string paramFormula(const Shape& in) const override;
    std::uint64_t multiplyAdds(const Shape& in) const override { return in.size(); }
    Json config() const override;
    std::string addToGraph(GraphBuilder& graph, const std::string& input) const override;
    std::vector<Param> params() override;

    double momentum() const { return momentum_; }
    double epsilon() const { return epsilon_; }

protected:
    void doSetup(const Shape& in, Rng& rng) override;
    void doForward(const Tensor& in, Tensor& out, Mode mode) override;
    void doBackward(const Tensor& in, const Tensor& out, const Tensor& dOut, Tensor* dIn) override;

private:
    double momentum_ = 0.99;
    double epsilon_ = 1e-3;
    bool center_ = true;  // learn beta
    bool scale_ = true;   // learn gamma

    // All {C, 1, 1}. moving_* are state, not trained: their Params have no grad.
    Tensor gamma_, beta_, movingMean_, movingVariance_, gammaGrad_, betaGrad_;
    // What the last forward normalised with, per channel, for backward.
    std::vector<float> mean_, invStd_;
    Mode lastMode_ = Mode::Inference;
};

}  // namespace cnnwb
