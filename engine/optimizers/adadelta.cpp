#include "adadelta.h"

#include "../parallel.h"

#include <cmath>

namespace cnnwb {

// Element-wise updates, so the chunk size only affects speed, never results.
// The loops capture by value: with the pointers and factors in locals rather
// than behind a reference, GCC vectorises them (engine/CMakeLists.txt: sqrt).
static constexpr int kUpdateChunk = 16384;

Adadelta::Adadelta(const AdadeltaSettings& settings) : rho_(settings.rho), epsilon_(settings.epsilon) {
    learningRate_ = settings.learningRate;
    weightDecay_ = settings.weightDecay;
}

Json Adadelta::config() const {
    return {{"type", type()},
            {"learning_rate", learningRate_},
            {"rho", rho_},
            {"epsilon", epsilon_},
            {"weight_decay", weightDecay_}};
}

void Adadelta::update(float* value, const float* grad, std::size_t n, std::vector<std::vector<float>>& slots) {
    const float lr = float(learningRate_);
    const float rho = float(rho_);
    const float oneMinusRho = float(1.0 - rho_);
    const float epsilon = float(epsilon_);
    float* gradMeanSquare = slots[0].data();
    float* deltaMeanSquare = slots[1].data();
    parallelForChunks(int(n), kUpdateChunk, [=](int begin, int end) {
        for (int i = begin; i < end; ++i) {
            const float g = grad[i];
            const float a = rho * gradMeanSquare[i] + oneMinusRho * g * g;
            gradMeanSquare[i] = a;
            const float d = g * std::sqrt(deltaMeanSquare[i] + epsilon) / std::sqrt(a + epsilon);
            deltaMeanSquare[i] = rho * deltaMeanSquare[i] + oneMinusRho * d * d;
            value[i] -= lr * d;
        }
    });
}

}  // namespace cnnwb
