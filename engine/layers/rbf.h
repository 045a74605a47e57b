// RBF: the radial basis function output layer of LeCun et al. (1998). Each
// unit holds a learned centre w_i and outputs the squared Euclidean distance
//   y_i = Σ_j (x_j − w_ij)²,
// so the smallest output marks the best match. Flat input only, no bias.
#pragma once

#include "../initializers.h"
#include "../layer.h"

namespace cnnwb {

class RBF : public Layer {
public:
    static std::unique_ptr<Layer> create(LayerArgs& args);

    std::string type() const override { return "RBF"; }
    Shape outputShape(const Shape& in) const override;
    std::size_t paramCount(const Shape& in) const override;
    std::string paramFormula(const Shape& in) const override;
    std::uint64_t multiplyAdds(const Shape& in) const override;
    Json config() const override;
    std::string addToGraph(GraphBuilder& graph, const std::string& input) const override;
    std::vector<Param> params() override;
    OutputMeaning outputMeaning() const override { return OutputMeaning::Distances; }

    int units() const { return units_; }

protected:
    void doSetup(const Shape& in, Rng& rng) override;
    void doForward(const Tensor& in, Tensor& out, Mode mode) override;
    void doBackward(const Tensor& in, const Tensor& out, const Tensor& dOut, Tensor* dIn) override;

private:
    int units_ = 1;
    Initializer kernelInit_ = Initializer::GlorotUniform;
    // kernel: batch = units, sample = inputs: column i of matrix() is centre w_i.
    Tensor kernel_, kernelGrad_;
};

}  // namespace cnnwb
