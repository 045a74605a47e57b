#include "sgd.h"

#include "../parallel.h"

namespace cnnwb {

// Element-wise updates, so the chunk size only affects speed, never results.
// The loops capture by value: with the pointers and factors in locals rather
// than behind a reference, GCC vectorises them (engine/CMakeLists.txt: sqrt).
static constexpr int kUpdateChunk = 16384;

SGD::SGD(const SGDSettings& settings) : momentum_(settings.momentum), nesterov_(settings.nesterov) {
    learningRate_ = settings.learningRate;
    weightDecay_ = settings.weightDecay;
}

Json SGD::config() const {
    return {{"type", type()},
            {"learning_rate", learningRate_},
            {"momentum", momentum_},
            {"nesterov", nesterov_},
            {"weight_decay", weightDecay_}};
}

void SGD::update(float* value, const float* grad, std::size_t n, std::vector<std::vector<float>>& slots) {
    const float lr = float(learningRate_);
    if (slotCount() == 0) {
        parallelForChunks(int(n), kUpdateChunk, [=](int begin, int end) {
            for (int i = begin; i < end; ++i) value[i] -= lr * grad[i];
        });
        return;
    }
    const float momentum = float(momentum_);
    const bool nesterov = nesterov_;
    float* velocity = slots[0].data();
    parallelForChunks(int(n), kUpdateChunk, [=](int begin, int end) {
        for (int i = begin; i < end; ++i) {
            const float v = momentum * velocity[i] - lr * grad[i];
            velocity[i] = v;
            value[i] += nesterov ? momentum * v - lr * grad[i] : v;
        }
    });
}

}  // namespace cnnwb
