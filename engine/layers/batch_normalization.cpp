#include "batch_normalization.h"

#include "../export/graph_builder.h"
#include "../parallel.h"

#include <cmath>

namespace cnnwb {

std::unique_ptr<Layer> BatchNormalization::create(LayerArgs& args) {
    auto l = std::make_unique<BatchNormalization>();
    l->momentum_ = args.number("momentum", 0.99, 0.0, 1.0);
    l->epsilon_ = args.number("epsilon", 1e-3, 1e-12, 1.0);
    l->center_ = args.boolean("center", true);
    l->scale_ = args.boolean("scale", true);
    return l;
}

Json BatchNormalization::config() const {
    return {{"momentum", momentum_}, {"epsilon", epsilon_}, {"center", center_}, {"scale", scale_}};
}

std::size_t BatchNormalization::paramCount(const Shape& in) const {
    return std::size_t(in.c) * ((scale_ ? 1 : 0) + (center_ ? 1 : 0) + 2);
}

std::size_t BatchNormalization::nonTrainableParamCount(const Shape& in) const { return std::size_t(in.c) * 2; }

// "4 × 64 = 256 (gamma, beta; moving mean and variance are not trained)".
std::string BatchNormalization::paramFormula(const Shape& in) const {
    std::string trained;
    if (scale_) trained += "gamma";
    if (center_) trained += trained.empty() ? "beta" : ", beta";
    const std::size_t perChannel = paramCount(in) / std::size_t(in.c);
    return std::to_string(perChannel) + " × " + std::to_string(in.c) + " = " + withThousands(paramCount(in)) +
           " (" + (trained.empty() ? "nothing trained" : trained) + "; moving mean and variance are not trained)";
}

std::vector<Param> BatchNormalization::params() {
    std::vector<Param> p;
    if (scale_) p.push_back({"gamma", &gamma_, &gammaGrad_, ParamRole::Scale});
    if (center_) p.push_back({"beta", &beta_, &betaGrad_, ParamRole::Shift});
    p.push_back({"moving_mean", &movingMean_, nullptr, ParamRole::State});
    p.push_back({"moving_variance", &movingVariance_, nullptr, ParamRole::State});
    return p;
}

void BatchNormalization::doSetup(const Shape& in, Rng&) {
    const Shape perChannel{in.c, 1, 1};
    for (Tensor* t : {&gamma_, &beta_, &movingMean_, &movingVariance_, &gammaGrad_, &betaGrad_})
        t->resize(1, perChannel);
    gamma_.fill(1.0f);
    beta_.setZero();
    movingMean_.setZero();
    movingVariance_.fill(1.0f);
    mean_.assign(std::size_t(in.c), 0.0f);
    invStd_.assign(std::size_t(in.c), 1.0f);
}

// One task per channel. Each channel's sums run over its runs of H*W values
// (one run per sample) in a fixed order, each run summed by Eigen in float and
// the runs added in double, so results do not depend on the thread count.
void BatchNormalization::doForward(const Tensor& in, Tensor& out, Mode mode) {
    lastMode_ = mode;
    const Shape& s = in.sampleShape();
    const int N = in.batch(), C = s.c, plane = s.h * s.w;
    const double count = double(N) * plane;
    auto run = [&](const Tensor& t, int n, int c) {
        return ConstVectorMap(t.data() + (std::size_t(n) * C + c) * plane, plane);
    };
    parallelForSamples(C, [&](int c) {
        if (mode == Mode::Training) {
            double sum = 0;
            for (int n = 0; n < N; ++n) sum += run(in, n, c).sum();
            const float mean = float(sum / count);
            double squares = 0;
            for (int n = 0; n < N; ++n) squares += (run(in, n, c).array() - mean).square().sum();
            // Normalise with the biased variance, and (like tf.keras's
            // non-fused path) move the running variance towards that same
            // biased value; TF's fused GPU kernel would use the unbiased one.
            const double variance = squares / count;
            mean_[c] = mean;
            invStd_[c] = float(1.0 / std::sqrt(variance + epsilon_));
            movingMean_[c] = float(movingMean_[c] * momentum_ + double(mean) * (1.0 - momentum_));
            movingVariance_[c] = float(movingVariance_[c] * momentum_ + variance * (1.0 - momentum_));
        } else {
            mean_[c] = movingMean_[c];
            invStd_[c] = float(1.0 / std::sqrt(double(movingVariance_[c]) + epsilon_));
        }
        const float mean = mean_[c], invStd = invStd_[c];
        const float gamma = scale_ ? gamma_[c] : 1.0f, beta = center_ ? beta_[c] : 0.0f;
        for (int n = 0; n < N; ++n)
            VectorMap(out.data() + (std::size_t(n) * C + c) * plane, plane).array() =
                gamma * ((run(in, n, c).array() - mean) * invStd) + beta;
    });
}

void BatchNormalization::doBackward(const Tensor& in, const Tensor&, const Tensor& dOut, Tensor* dIn) {
    const Shape& s = in.sampleShape();
    const int N = in.batch(), C = s.c, plane = s.h * s.w;
    const double count = double(N) * plane;
    auto run = [&](const Tensor& t, int n, int c) {
        return ConstVectorMap(t.data() + (std::size_t(n) * C + c) * plane, plane);
    };
    parallelForSamples(C, [&](int c) {
        const float mean = mean_[c], invStd = invStd_[c];
        double sumDy = 0, sumDyXhat = 0;
        for (int n = 0; n < N; ++n) {
            sumDy += run(dOut, n, c).sum();
            sumDyXhat += (run(dOut, n, c).array() * ((run(in, n, c).array() - mean) * invStd)).sum();
        }
        if (scale_) gammaGrad_[c] = float(sumDyXhat);
        if (center_) betaGrad_[c] = float(sumDy);
        if (!dIn) return;
        const float gain = (scale_ ? gamma_[c] : 1.0f) * invStd;
        // In training the batch mean and variance depend on x as well, which
        // takes out the mean of dy and its projection on x̂.
        const bool training = lastMode_ == Mode::Training;
        const float meanDy = training ? float(sumDy / count) : 0.0f;
        const float meanDyXhat = training ? float(sumDyXhat / count) : 0.0f;
        for (int n = 0; n < N; ++n)
            VectorMap(dIn->data() + (std::size_t(n) * C + c) * plane, plane).array() =
                gain * (run(dOut, n, c).array() - meanDy - ((run(in, n, c).array() - mean) * invStd) * meanDyXhat);
    });
}

std::string BatchNormalization::addToGraph(GraphBuilder& graph, const std::string& input) const {
    // Without a learned scale or shift, the graph gets the fixed 1 and 0 they stand for.
    Tensor ones = movingMean_, zeros = movingMean_;
    ones.vector().setConstant(1.0f);
    zeros.vector().setZero();
    return graph.batchNormalization(input, name(), scale_ ? gamma_ : ones, center_ ? beta_ : zeros, movingMean_,
                                    movingVariance_, epsilon_);
}

}  // namespace cnnwb
