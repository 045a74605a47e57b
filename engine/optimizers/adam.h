// Adam in the Keras form, with bias correction folded into the step size:
//   lr_t = lr·√(1 − beta_2^t) / (1 − beta_1^t)
//   m = beta_1·m + (1 − beta_1)·g
//   v = beta_2·v + (1 − beta_2)·g²
//   w −= lr_t·m / (√v + epsilon)
// t is the 1-based step number, so resuming needs iterations() as well as state().
#pragma once

#include "optimizer.h"

namespace cnnwb {

// Keras defaults.
struct AdamSettings {
    double learningRate = 0.001;
    double beta1 = 0.9;
    double beta2 = 0.999;
    double epsilon = 1e-7;
    double weightDecay = 0.0;
};

class Adam : public Optimizer {
public:
    explicit Adam(const AdamSettings& settings = AdamSettings{});

    std::string type() const override { return "Adam"; }
    Json config() const override;

    double beta1() const { return beta1_; }
    double beta2() const { return beta2_; }
    double epsilon() const { return epsilon_; }

protected:
    void update(float* value, const float* grad, std::size_t n, std::vector<std::vector<float>>& slots) override;
    // First moment m and second moment v.
    int slotCount() const override { return 2; }

private:
    double beta1_;
    double beta2_;
    double epsilon_;
};

}  // namespace cnnwb
