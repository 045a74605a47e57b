// RMSprop in the Keras 2 form (epsilon added outside the square root):
//   a = rho·a + (1 − rho)·g²;  w −= lr·g / (√a + epsilon)
#pragma once

#include "optimizer.h"

namespace cnnwb {

// Keras defaults.
struct RMSpropSettings {
    double learningRate = 0.001;
    double rho = 0.9;
    double epsilon = 1e-7;
    double weightDecay = 0.0;
};

class RMSprop : public Optimizer {
public:
    explicit RMSprop(const RMSpropSettings& settings = RMSpropSettings{});

    std::string type() const override { return "RMSprop"; }
    Json config() const override;

    double rho() const { return rho_; }
    double epsilon() const { return epsilon_; }

protected:
    void update(float* value, const float* grad, std::size_t n, std::vector<std::vector<float>>& slots) override;
    // The running average of squared gradients.
    int slotCount() const override { return 1; }

private:
    double rho_;
    double epsilon_;
};

}  // namespace cnnwb
