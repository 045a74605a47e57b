#include "initializers.h"

#include <cmath>

namespace cnnwb {

const std::vector<std::string>& initializerNames() {
    static const std::vector<std::string> names{"glorot_uniform", "he_normal", "lecun_normal", "zeros"};
    return names;
}

Initializer initializerFromName(const std::string& name) {
    const auto& names = initializerNames();
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == name) return Initializer(i);
    return Initializer::GlorotUniform;
}

std::string initializerName(Initializer init) { return initializerNames()[std::size_t(init)]; }

// Keras draws the "normal" initialisers from a normal truncated at two
// standard deviations, with the stddev corrected for the truncation.
static void truncatedNormal(Tensor& t, double stddev, Rng& rng) {
    std::normal_distribution<double> normal(0.0, 1.0);
    for (std::size_t i = 0; i < t.size(); ++i) {
        double x;
        do x = normal(rng);
        while (std::abs(x) > 2.0);
        t[i] = float(x * stddev);
    }
}

void initialize(Tensor& t, Initializer init, double fanIn, double fanOut, Rng& rng) {
    switch (init) {
    case Initializer::GlorotUniform: {
        const double limit = std::sqrt(6.0 / (fanIn + fanOut));
        std::uniform_real_distribution<double> u(-limit, limit);
        for (std::size_t i = 0; i < t.size(); ++i) t[i] = float(u(rng));
        break;
    }
    case Initializer::HeNormal: truncatedNormal(t, std::sqrt(2.0 / fanIn) / 0.87962566103423978, rng); break;
    case Initializer::LeCunNormal: truncatedNormal(t, std::sqrt(1.0 / fanIn) / 0.87962566103423978, rng); break;
    case Initializer::Zeros: t.setZero(); break;
    }
}

}  // namespace cnnwb
