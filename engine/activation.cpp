#include "activation.h"

#include "errors.h"
#include "parallel.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace cnnwb {

const std::vector<std::string>& activationNames() {
    static const std::vector<std::string> names{"linear", "relu", "tanh", "sigmoid", "softmax"};
    return names;
}

std::string activationName(ActivationKind kind) { return activationNames()[std::size_t(kind)]; }

ActivationKind activationFromName(const std::string& name, const std::string& where) {
    const auto& names = activationNames();
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == name) return ActivationKind(i);
    throw SpecError(where + ": unknown activation '" + name +
                    "'; expected one of linear, relu, tanh, sigmoid, softmax");
}

static void softmaxSample(float* x, std::size_t n) {
    const float mx = *std::max_element(x, x + n);
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i) {
        x[i] = std::exp(x[i] - mx);
        sum += x[i];
    }
    const float inv = float(1.0 / sum);
    for (std::size_t i = 0; i < n; ++i) x[i] *= inv;
}

void applyActivation(ActivationKind kind, float* values, std::size_t count) {
    auto v = Eigen::Map<Eigen::ArrayXf>(values, Eigen::Index(count));
    switch (kind) {
    case ActivationKind::Linear: break;
    case ActivationKind::Relu: v = v.max(0.0f); break;
    case ActivationKind::Tanh: v = v.tanh(); break;
    case ActivationKind::Sigmoid: v = 1.0f / (1.0f + (-v).exp()); break;
    case ActivationKind::Softmax: throw std::logic_error("softmax is not element-wise");
    }
}

void applyBiasAndActivation(ActivationKind kind, const float* src, float bias, float* dst, std::size_t count) {
    const auto n = Eigen::Index(count);
    const auto x = Eigen::Map<const Eigen::ArrayXf>(src, n) + bias;
    auto v = Eigen::Map<Eigen::ArrayXf>(dst, n);
    switch (kind) {
    case ActivationKind::Linear: v = x; break;
    case ActivationKind::Relu: v = x.max(0.0f); break;
    case ActivationKind::Tanh: v = x.tanh(); break;
    case ActivationKind::Sigmoid: v = 1.0f / (1.0f + (-x).exp()); break;
    case ActivationKind::Softmax: throw std::logic_error("softmax is not element-wise");
    }
}

void activationBackward(ActivationKind kind, const float* y, const float* dy, float* grad, std::size_t count) {
    const auto n = Eigen::Index(count);
    const auto yv = Eigen::Map<const Eigen::ArrayXf>(y, n);
    const auto d = Eigen::Map<const Eigen::ArrayXf>(dy, n);
    auto g = Eigen::Map<Eigen::ArrayXf>(grad, n);
    switch (kind) {
    case ActivationKind::Linear: if (grad != dy) g = d; break;
    case ActivationKind::Relu: g = (yv > 0.0f).select(d, 0.0f); break;
    case ActivationKind::Tanh: g = d * (1.0f - yv * yv); break;
    case ActivationKind::Sigmoid: g = d * yv * (1.0f - yv); break;
    case ActivationKind::Softmax: throw std::logic_error("softmax is not element-wise");
    }
}

// Element-wise work is cut into fixed runs: each value's result is the same
// whichever thread computes it, and big tensors use every thread.
static constexpr int kElementChunk = 1 << 15;

template <typename Body>
static void forElementChunks(std::size_t size, Body&& body) {
    if (size <= std::size_t(kElementChunk)) return body(std::size_t(0), size);
    parallelForChunks(int((size + kElementChunk - 1) / kElementChunk), 1, [&](int b, int) {
        const std::size_t begin = std::size_t(b) * kElementChunk;
        body(begin, std::min(size, begin + kElementChunk));
    });
}

void applyActivation(ActivationKind kind, Tensor& t) {
    if (kind == ActivationKind::Linear) return;
    if (kind == ActivationKind::Softmax) {
        parallelForSamples(t.batch(), [&](int n) { softmaxSample(t.sample(n), t.sampleSize()); });
        return;
    }
    forElementChunks(t.size(), [&](std::size_t b, std::size_t e) { applyActivation(kind, t.data() + b, e - b); });
}

void activationBackward(ActivationKind kind, const Tensor& y, Tensor& grad) {
    if (kind == ActivationKind::Linear) return;
    if (kind == ActivationKind::Softmax) {
        parallelForSamples(y.batch(), [&](int n) {
            const std::size_t k = y.sampleSize();
            const float* ys = y.sample(n);
            float* gs = grad.sample(n);
            double dot = 0;
            for (std::size_t i = 0; i < k; ++i) dot += double(ys[i]) * gs[i];
            for (std::size_t i = 0; i < k; ++i) gs[i] = ys[i] * (gs[i] - float(dot));
        });
        return;
    }
    forElementChunks(y.size(), [&](std::size_t b, std::size_t e) {
        activationBackward(kind, y.data() + b, grad.data() + b, grad.data() + b, e - b);
    });
}

void activationBackward(ActivationKind kind, const Tensor& y, const Tensor& dy, Tensor& grad) {
    grad.resize(dy.batch(), dy.sampleShape());
    if (kind == ActivationKind::Linear || kind == ActivationKind::Softmax) {
        std::copy(dy.data(), dy.data() + dy.size(), grad.data());
        activationBackward(kind, y, grad);
        return;
    }
    forElementChunks(y.size(), [&](std::size_t b, std::size_t e) {
        activationBackward(kind, y.data() + b, dy.data() + b, grad.data() + b, e - b);
    });
}

}  // namespace cnnwb
