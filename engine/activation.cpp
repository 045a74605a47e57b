#include "activation.h"

#include "errors.h"
#include "parallel.h"

#include <algorithm>
#include <cmath>

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

void applyActivation(ActivationKind kind, Tensor& t) {
    auto v = t.vector().array();
    switch (kind) {
    case ActivationKind::Linear: break;
    case ActivationKind::Relu: v = v.max(0.0f); break;
    case ActivationKind::Tanh: v = v.tanh(); break;
    case ActivationKind::Sigmoid: v = 1.0f / (1.0f + (-v).exp()); break;
    case ActivationKind::Softmax:
        parallelForSamples(t.batch(), [&](int n) { softmaxSample(t.sample(n), t.sampleSize()); });
        break;
    }
}

void activationBackward(ActivationKind kind, const Tensor& y, Tensor& grad) {
    auto g = grad.vector().array();
    const auto yv = y.vector().array();
    switch (kind) {
    case ActivationKind::Linear: break;
    case ActivationKind::Relu: g = (yv > 0.0f).select(g, 0.0f); break;
    case ActivationKind::Tanh: g = g * (1.0f - yv * yv); break;
    case ActivationKind::Sigmoid: g = g * yv * (1.0f - yv); break;
    case ActivationKind::Softmax:
        parallelForSamples(y.batch(), [&](int n) {
            const std::size_t k = y.sampleSize();
            const float* ys = y.sample(n);
            float* gs = grad.sample(n);
            double dot = 0;
            for (std::size_t i = 0; i < k; ++i) dot += double(ys[i]) * gs[i];
            for (std::size_t i = 0; i < k; ++i) gs[i] = ys[i] * (gs[i] - float(dot));
        });
        break;
    }
}

}  // namespace cnnwb
