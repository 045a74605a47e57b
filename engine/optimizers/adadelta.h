// Adadelta as in Keras 2 (learning rate 1.0 by default, which experiment E3
// relies on):
//   a = rho·a + (1 − rho)·g²
//   d = g·√(u + epsilon) / √(a + epsilon)
//   u = rho·u + (1 − rho)·d²
//   w −= lr·d
#pragma once

#include "optimizer.h"

namespace cnnwb {

// Keras 2 defaults.
struct AdadeltaSettings {
    double learningRate = 1.0;
    double rho = 0.95;
    double epsilon = 1e-7;
    double weightDecay = 0.0;
};

class Adadelta : public Optimizer {
public:
    explicit Adadelta(const AdadeltaSettings& settings = AdadeltaSettings{});

    std::string type() const override { return "Adadelta"; }
    Json config() const override;

    double rho() const { return rho_; }
    double epsilon() const { return epsilon_; }

protected:
    void update(float* value, const float* grad, std::size_t n, std::vector<std::vector<float>>& slots) override;
    // Running averages of squared gradients (a) and of squared updates (u).
    int slotCount() const override { return 2; }

private:
    double rho_;
    double epsilon_;
};

}  // namespace cnnwb
