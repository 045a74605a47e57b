// Dropout: in training, zeroes each input with probability `rate` and scales
// the rest by 1/(1-rate) (inverted dropout, as Keras); identity in inference.
#pragma once

#include <cstdint>

#include "../layer.h"

namespace cnnwb {

class Dropout : public Layer {
public:
    static std::unique_ptr<Layer> create(LayerArgs& args);

    std::string type() const override { return "Dropout"; }
    std::optional<PositionWindow> positionWindow() const override { return PositionWindow{}; }  // value by value
    Shape outputShape(const Shape& in) const override { return in; }
    Json config() const override { return {{"rate", rate_}}; }
    // Inference passes everything through.
    std::string addToGraph(GraphBuilder&, const std::string& input) const override { return input; }
    double rate() const { return rate_; }
    void setTrainingSteps(std::uint64_t steps) override { step_ = steps; }

protected:
    void doSetup(const Shape&, Rng& rng) override {
        key_ = (std::uint64_t(rng()) << 32) | rng();
        step_ = 0;
    }
    void doForward(const Tensor& in, Tensor& out, Mode mode) override;
    void doBackward(const Tensor& in, const Tensor& out, const Tensor& dOut, Tensor* dIn) override;

private:
    double rate_ = 0.5;
    // The mask of element i in training step s is a hash of (key, s, i):
    // drawn in parallel, yet the same at any thread count.
    std::uint64_t key_ = 0;
    std::uint64_t step_ = 0;
    std::vector<float> mask_;  // 0 or 1/(1-rate) per element of the last training batch
    bool maskValid_ = false;
};

}  // namespace cnnwb
