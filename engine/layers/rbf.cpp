#include "rbf.h"

#include "../export/graph_builder.h"
#include "../errors.h"
#include "../parallel.h"

namespace cnnwb {

// Fixed column blocks, as in Dense, so summation order never depends on threads.
static constexpr int kBlock = 32;

std::unique_ptr<Layer> RBF::create(LayerArgs& args) {
    auto l = std::make_unique<RBF>();
    l->units_ = args.integer("units", std::nullopt, 1, 1 << 20);
    l->kernelInit_ = initializerFromName(args.choice("kernel_initializer", "glorot_uniform", initializerNames()));
    return l;
}

Json RBF::config() const { return {{"units", units_}, {"kernel_initializer", initializerName(kernelInit_)}}; }

Shape RBF::outputShape(const Shape& in) const {
    if (!in.isFlat())
        throw SpecError(label() + ": needs a flat input, but gets " + in.str() + "; add a Flatten layer before it");
    return Shape::vector(units_);
}

std::size_t RBF::paramCount(const Shape& in) const { return std::size_t(units_) * in.size(); }

std::string RBF::paramFormula(const Shape& in) const {
    return std::to_string(units_) + " × " + std::to_string(in.size()) + " = " + withThousands(paramCount(in)) +
           " (one centre per unit, no bias)";
}

std::uint64_t RBF::multiplyAdds(const Shape& in) const { return std::uint64_t(units_) * in.size(); }

std::vector<Param> RBF::params() { return {{"kernel", &kernel_, &kernelGrad_, ParamRole::Centres}}; }

void RBF::doSetup(const Shape& in, Rng& rng) {
    const Shape rows{int(in.size()), 1, 1};
    kernel_.resize(units_, rows);
    kernelGrad_.resize(units_, rows);
    initialize(kernel_, kernelInit_, double(in.size()), double(units_), rng);
}

// Computed as distances, not as ‖x‖² − 2w·x + ‖w‖², which loses precision
// to cancellation when x is close to a centre.
void RBF::doForward(const Tensor& in, Tensor& out, Mode) {
    const auto W = kernel_.matrix();
    parallelForSamples(in.batch(), [&](int n) {
        const auto x = in.matrix().col(n);
        float* y = out.sample(n);
        for (int i = 0; i < units_; ++i) y[i] = (x - W.col(i)).squaredNorm();
    });
}

// With G = dL/dy (units × N):
//   dL/dw_i = −2 Σ_n g_in (x_n − w_i) = −2 (X g_iᵀ − w_i Σ_n g_in)
//   dL/dx_n =  2 Σ_i g_in (x_n − w_i) =  2 (x_n Σ_i g_in − W g_n)
void RBF::doBackward(const Tensor& in, const Tensor&, const Tensor& dOut, Tensor* dIn) {
    const auto G = dOut.matrix();
    const auto X = in.matrix();
    const auto W = kernel_.matrix();
    parallelForChunks(units_, kBlock, [&](int b, int e) {
        auto dW = kernelGrad_.matrix().middleCols(b, e - b);
        dW.noalias() = X * G.middleRows(b, e - b).transpose();
        for (int i = b; i < e; ++i) dW.col(i - b) -= W.col(i) * G.row(i).sum();
        dW *= -2.0f;
    });
    if (!dIn) return;
    parallelForChunks(in.batch(), kBlock, [&](int b, int e) {
        auto dX = dIn->matrix().middleCols(b, e - b);
        dX.noalias() = W * G.middleCols(b, e - b);
        for (int n = b; n < e; ++n) dX.col(n - b) = 2.0f * (X.col(n) * G.col(n).sum() - dX.col(n - b));
    });
}

std::string RBF::addToGraph(GraphBuilder& graph, const std::string& input) const {
    return graph.squaredDistances(input, name(), kernel_);
}

}  // namespace cnnwb
