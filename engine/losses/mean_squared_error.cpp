#include "mean_squared_error.h"

namespace cnnwb {

double MeanSquaredError::compute(const Tensor& output, const std::vector<int>& labels, Tensor& grad) const {
    checkLabels(output, labels);
    grad.resize(output.batch(), output.sampleShape());
    const int n = output.batch();
    const std::size_t k = output.sampleSize();
    const double scale = 2.0 / (double(n) * double(k));
    double total = 0;
    for (int s = 0; s < n; ++s) {
        const float* y = output.sample(s);
        float* g = grad.sample(s);
        for (std::size_t i = 0; i < k; ++i) {
            const double d = double(y[i]) - (int(i) == labels[s] ? 1.0 : 0.0);
            total += d * d;
            g[i] = float(scale * d);
        }
    }
    return total / (double(n) * double(k));
}

}  // namespace cnnwb
