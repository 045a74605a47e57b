#include "dense.h"

#include "../export/graph_builder.h"
#include "../errors.h"
#include "../parallel.h"

#include <algorithm>
#include <cmath>

namespace cnnwb {

std::unique_ptr<Layer> Dense::create(LayerArgs& args) {
    auto l = std::make_unique<Dense>();
    l->units_ = args.integer("units", std::nullopt, 1, 1 << 20);
    l->activation_ = activationFromName(args.choice("activation", "linear", activationNames()), args.label());
    l->useBias_ = args.boolean("use_bias", true);
    l->kernelInit_ = initializerFromName(args.choice("kernel_initializer", "glorot_uniform", initializerNames()));
    return l;
}

Json Dense::config() const {
    return {{"units", units_}, {"activation", activationName(activation_)}, {"use_bias", useBias_},
            {"kernel_initializer", initializerName(kernelInit_)}};
}

Shape Dense::outputShape(const Shape& in) const {
    if (!in.isFlat())
        throw SpecError(label() + ": needs a flat input, but gets " + in.str() +
                        "; add a Flatten layer before it");
    return Shape::vector(units_);
}

std::size_t Dense::paramCount(const Shape& in) const {
    return std::size_t(units_) * in.size() + (useBias_ ? units_ : 0);
}

std::string Dense::paramFormula(const Shape& in) const {
    if (useBias_)
        return std::to_string(units_) + " × (" + std::to_string(in.size()) + " + 1) = " +
               withThousands(paramCount(in));
    return std::to_string(units_) + " × " + std::to_string(in.size()) + " = " + withThousands(paramCount(in));
}

std::uint64_t Dense::multiplyAdds(const Shape& in) const { return std::uint64_t(units_) * in.size(); }

std::vector<Param> Dense::params() {
    std::vector<Param> p{{"kernel", &kernel_, &kernelGrad_}};
    if (useBias_) p.push_back({"bias", &bias_, &biasGrad_, ParamRole::Bias});
    return p;
}

void Dense::doSetup(const Shape& in, Rng& rng) {
    const Shape rows{int(in.size()), 1, 1};
    kernel_.resize(units_, rows);
    kernelGrad_.resize(units_, rows);
    initialize(kernel_, kernelInit_, double(in.size()), double(units_), rng);
    if (useBias_) {
        bias_.resize(1, {units_, 1, 1});
        biasGrad_.resize(1, {units_, 1, 1});
        bias_.setZero();
    }
}

// Whole-batch products, split over threads by parallelProduct's fixed blocks,
// so every product's summation order is independent of the thread count.
void Dense::doForward(const Tensor& in, Tensor& out, Mode) {
    auto y = out.matrix();  // units × N
    parallelProduct(y, kernel_.matrix().transpose(), in.matrix());
    if (useBias_) y.colwise() += bias_.vector();
    applyActivation(effective(activation_), out);
}

void Dense::doBackward(const Tensor& in, const Tensor& out, const Tensor& dOut, Tensor* dIn) {
    activationBackward(effective(activation_), out, dOut, dZ_);
    const auto dZ = dZ_.matrix();  // units × N
    parallelProduct(kernelGrad_.matrix(), in.matrix(), dZ.transpose());
    if (useBias_) biasGrad_.vector() = dZ.rowwise().sum();
    if (dIn) parallelProduct(dIn->matrix(), kernel_.matrix(), dZ);
}

CellExplanation Dense::doExplainOutput(const float* input, int unit, int, int) const {
    // Largest contributions first; the panel lists this many of them.
    constexpr std::size_t kShown = 10;
    CellExplanation e;
    e.kind = CellExplanation::Kind::Dense;
    e.layer = label();
    e.channel = unit;
    e.inputCount = int(inputShape().size());
    const float* w = kernel_.sample(unit);
    std::vector<Contribution> all;
    for (int i = 0; i < e.inputCount; ++i) {
        const double product = double(w[i]) * double(input[i]);
        all.push_back({i, w[i], input[i], product});
        e.sum += product;
    }
    const std::size_t shown = std::min(kShown, all.size());
    std::partial_sort(all.begin(), all.begin() + std::ptrdiff_t(shown), all.end(),
                      [](const Contribution& a, const Contribution& b) {
                          return std::abs(a.product) > std::abs(b.product) || (std::abs(a.product) == std::abs(b.product) && a.input < b.input);
                      });
    e.contributions.assign(all.begin(), all.begin() + std::ptrdiff_t(shown));
    e.hasBias = useBias_;
    if (useBias_) e.bias = bias_.data()[unit];
    finishExplanation(e, activation_);
    return e;
}

std::string Dense::addToGraph(GraphBuilder& graph, const std::string& input) const {
    const std::string z = graph.dense(input, name(), kernel_, useBias_ ? &bias_ : nullptr);
    return graph.activation(z, name(), effective(activation_), Layer::outputShape());
}

}  // namespace cnnwb
