// Stochastic gradient descent with optional momentum, as Keras's SGD:
//   classic:  v = momentum·v − lr·g;  w += v
//   Nesterov: v = momentum·v − lr·g;  w += momentum·v − lr·g
// With momentum 0 it is plain w −= lr·g and keeps no state.
#pragma once

#include "optimizer.h"

namespace cnnwb {

// Keras defaults.
struct SGDSettings {
    double learningRate = 0.01;
    double momentum = 0.0;
    bool nesterov = false;
    double weightDecay = 0.0;
};

class SGD : public Optimizer {
public:
    explicit SGD(const SGDSettings& settings = SGDSettings{});

    std::string type() const override { return "SGD"; }
    Json config() const override;

    double momentum() const { return momentum_; }
    bool nesterov() const { return nesterov_; }

protected:
    void update(float* value, const float* grad, std::size_t n, std::vector<std::vector<float>>& slots) override;
    // One velocity array, only when there is momentum to keep.
    int slotCount() const override { return momentum_ > 0 ? 1 : 0; }

private:
    double momentum_;
    bool nesterov_;
};

}  // namespace cnnwb
