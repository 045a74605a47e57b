// Dropout: in training, zeroes each input with probability `rate` and scales
// the rest by 1/(1-rate) (inverted dropout, as Keras); identity in inference.
#pragma once

#include "../layer.h"

namespace cnnwb {

class Dropout : public Layer {
public:
    static std::unique_ptr<Layer> create(LayerArgs& args);

    std::string type() const override { return "Dropout"; }
    Shape outputShape(const Shape& in) const override { return in; }
    Json config() const override { return {{"rate", rate_}}; }
    double rate() const { return rate_; }

protected:
    void doSetup(const Shape&, Rng& rng) override { rng_.seed(rng()); }
    void doForward(const Tensor& in, Tensor& out, Mode mode) override;
    void doBackward(const Tensor& in, const Tensor& out, const Tensor& dOut, Tensor* dIn) override;

private:
    double rate_ = 0.5;
    Rng rng_;
    std::vector<float> mask_;  // 0 or 1/(1-rate) per element of the last training batch
    bool maskValid_ = false;
};

}  // namespace cnnwb
