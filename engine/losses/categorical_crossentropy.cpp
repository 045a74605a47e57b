#include "categorical_crossentropy.h"

#include <algorithm>
#include <cmath>

namespace cnnwb {

static constexpr double kClip = 1e-7;

double CategoricalCrossentropy::compute(const Tensor& output, const std::vector<int>& labels, Tensor& grad) const {
    checkLabels(output, labels);
    grad.resize(output.batch(), output.sampleShape());
    const int n = output.batch();
    const std::size_t k = output.sampleSize();
    double total = 0;
    for (int s = 0; s < n; ++s) {
        const float* y = output.sample(s);
        float* g = grad.sample(s);
        const int t = labels[s];
        if (fromLogits_) {
            const double mx = *std::max_element(y, y + k);
            double sum = 0;
            for (std::size_t i = 0; i < k; ++i) sum += std::exp(double(y[i]) - mx);
            const double logSum = mx + std::log(sum);
            total += logSum - double(y[t]);
            for (std::size_t i = 0; i < k; ++i) {
                const double p = std::exp(double(y[i]) - logSum);
                g[i] = float((p - (int(i) == t ? 1.0 : 0.0)) / n);
            }
        } else {
            const double p = std::clamp(double(y[t]), kClip, 1.0 - kClip);
            total += -std::log(p);
            std::fill(g, g + k, 0.0f);
            // The clip has zero slope outside its range, as in Keras.
            const bool clipped = double(y[t]) < kClip || double(y[t]) > 1.0 - kClip;
            g[t] = clipped ? 0.0f : float(-1.0 / (p * n));
        }
    }
    return total / n;
}

}  // namespace cnnwb
