#include "adam.h"

#include "../parallel.h"

#include <cmath>

namespace cnnwb {

// Element-wise updates, so the chunk size only affects speed, never results.
// The loops capture by value: with the pointers and factors in locals rather
// than behind a reference, GCC vectorises them (engine/CMakeLists.txt: sqrt).
static constexpr int kUpdateChunk = 16384;

Adam::Adam(const AdamSettings& settings)
    : beta1_(settings.beta1), beta2_(settings.beta2), epsilon_(settings.epsilon) {
    learningRate_ = settings.learningRate;
    weightDecay_ = settings.weightDecay;
}

Json Adam::config() const {
    return {{"type", type()},
            {"learning_rate", learningRate_},
            {"beta_1", beta1_},
            {"beta_2", beta2_},
            {"epsilon", epsilon_},
            {"weight_decay", weightDecay_}};
}

void Adam::update(float* value, const float* grad, std::size_t n, std::vector<std::vector<float>>& slots) {
    // step() has already counted this step, so t is 1 on the first update.
    const double t = double(iterations_);
    const float stepSize =
        float(learningRate_ * std::sqrt(1.0 - std::pow(beta2_, t)) / (1.0 - std::pow(beta1_, t)));
    const float beta1 = float(beta1_);
    const float beta2 = float(beta2_);
    const float oneMinusBeta1 = float(1.0 - beta1_);
    const float oneMinusBeta2 = float(1.0 - beta2_);
    const float epsilon = float(epsilon_);
    float* m = slots[0].data();
    float* v = slots[1].data();
    parallelForChunks(int(n), kUpdateChunk, [=](int begin, int end) {
        for (int i = begin; i < end; ++i) {
            const float g = grad[i];
            m[i] = beta1 * m[i] + oneMinusBeta1 * g;
            v[i] = beta2 * v[i] + oneMinusBeta2 * g * g;
            value[i] -= stepSize * m[i] / (std::sqrt(v[i]) + epsilon);
        }
    });
}

}  // namespace cnnwb
