#include "rmsprop.h"

#include "../parallel.h"

#include <cmath>

namespace cnnwb {

// Element-wise updates, so the chunk size only affects speed, never results.
// The loops capture by value: with the pointers and factors in locals rather
// than behind a reference, GCC vectorises them (engine/CMakeLists.txt: sqrt).
static constexpr int kUpdateChunk = 16384;

RMSprop::RMSprop(const RMSpropSettings& settings) : rho_(settings.rho), epsilon_(settings.epsilon) {
    learningRate_ = settings.learningRate;
    weightDecay_ = settings.weightDecay;
}

Json RMSprop::config() const {
    return {{"type", type()},
            {"learning_rate", learningRate_},
            {"rho", rho_},
            {"epsilon", epsilon_},
            {"weight_decay", weightDecay_}};
}

void RMSprop::update(float* value, const float* grad, std::size_t n, std::vector<std::vector<float>>& slots) {
    const float lr = float(learningRate_);
    const float rho = float(rho_);
    const float oneMinusRho = float(1.0 - rho_);
    const float epsilon = float(epsilon_);
    float* meanSquare = slots[0].data();
    parallelForChunks(int(n), kUpdateChunk, [=](int begin, int end) {
        for (int i = begin; i < end; ++i) {
            const float g = grad[i];
            const float a = rho * meanSquare[i] + oneMinusRho * g * g;
            meanSquare[i] = a;
            value[i] -= lr * g / (std::sqrt(a) + epsilon);
        }
    });
}

}  // namespace cnnwb
