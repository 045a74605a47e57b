#include "conv2d.h"

#include "../errors.h"
#include "../parallel.h"

namespace cnnwb {

std::unique_ptr<Layer> Conv2D::create(LayerArgs& args) {
    auto l = std::make_unique<Conv2D>();
    l->filters_ = args.integer("filters", std::nullopt, 1, 1 << 16);
    l->kernelSize_ = args.pair("kernel_size", std::nullopt, 1);
    l->strides_ = args.pair("strides", std::pair{1, 1}, 1);
    l->padding_ = paddingFromName(args.choice("padding", "valid", paddingNames()));
    l->activation_ = activationFromName(args.choice("activation", "linear", activationNames()), args.label());
    l->useBias_ = args.boolean("use_bias", true);
    l->kernelInit_ = initializerFromName(args.choice("kernel_initializer", "glorot_uniform", initializerNames()));
    return l;
}

Json Conv2D::config() const {
    return {{"filters", filters_},
            {"kernel_size", {kernelSize_.first, kernelSize_.second}},
            {"strides", {strides_.first, strides_.second}},
            {"padding", paddingName(padding_)},
            {"activation", activationName(activation_)},
            {"use_bias", useBias_},
            {"kernel_initializer", initializerName(kernelInit_)}};
}

Window2D Conv2D::window(const Shape& in) const {
    return makeWindow(label(), type(), in, kernelSize_, strides_, padding_, "kernel");
}

Shape Conv2D::outputShape(const Shape& in) const {
    const Window2D w = window(in);
    return {filters_, w.outH, w.outW};
}

std::size_t Conv2D::paramCount(const Shape& in) const {
    const std::size_t perFilter = std::size_t(kernelSize_.first) * kernelSize_.second * in.c;
    return std::size_t(filters_) * (perFilter + (useBias_ ? 1 : 0));
}

std::string Conv2D::paramFormula(const Shape& in) const {
    const std::string perFilter = sizeText(kernelSize_) + "×" + std::to_string(in.c);
    const std::string total = withThousands(paramCount(in));
    if (useBias_) return std::to_string(filters_) + " × (" + perFilter + " + 1) = " + total;
    return std::to_string(filters_) + " × " + perFilter + " = " + total;
}

std::uint64_t Conv2D::multiplyAdds(const Shape& in) const {
    const Window2D w = window(in);
    return std::uint64_t(w.outPlane()) * filters_ * in.c * w.taps();
}

std::vector<Param> Conv2D::params() {
    std::vector<Param> p{{"kernel", &kernel_, &kernelGrad_}};
    if (useBias_) p.push_back({"bias", &bias_, &biasGrad_});
    return p;
}

void Conv2D::doSetup(const Shape& in, Rng& rng) {
    window_ = window(in);
    const Shape filterShape{in.c, kernelSize_.first, kernelSize_.second};
    kernel_.resize(filters_, filterShape);
    kernelGrad_.resize(filters_, filterShape);
    const double taps = double(window_.taps());
    initialize(kernel_, kernelInit_, taps * in.c, taps * filters_, rng);
    if (useBias_) {
        bias_.resize(1, {filters_, 1, 1});
        biasGrad_.resize(1, {filters_, 1, 1});
        bias_.setZero();
    }
}

float* Conv2D::scratch(std::size_t size) {
    FloatStorage& buffer = scratch_.local();
    if (buffer.size() < size) buffer.resize(size);
    return buffer.data();
}

// Per sample, with P = output pixels and K = C*kh*kw: the im2col matrix
// (P × K) times the kernel (K × F) is the output (P × F), which column-major
// is exactly the sample's CHW block.
void Conv2D::doForward(const Tensor& in, Tensor& out, Mode) {
    const Window2D& g = window_;
    const int C = in.sampleShape().c, P = g.outPlane(), K = C * g.taps();
    const ConstMatrixMap W(kernel_.data(), K, filters_);
    parallelForSamples(in.batch(), [&](int n) {
        MatrixMap y(out.sample(n), P, filters_);
        if (g.isPointwise()) {
            y.noalias() = ConstMatrixMap(in.sample(n), P, C) * W;
        } else {
            float* col = scratch(std::size_t(P) * K);
            im2col(in.sample(n), C, g, col);
            y.noalias() = ConstMatrixMap(col, P, K) * W;
        }
        if (useBias_) y.rowwise() += bias_.vector().transpose();
    });
    applyActivation(effective(activation_), out);
}

void Conv2D::doBackward(const Tensor& in, const Tensor& out, const Tensor& dOut, Tensor* dIn) {
    const ActivationKind act = effective(activation_);
    const Tensor* dZ = &dOut;
    if (act != ActivationKind::Linear) {
        dZ_ = dOut;
        activationBackward(act, out, dZ_);
        dZ = &dZ_;
    }
    const Window2D& g = window_;
    const int C = in.sampleShape().c, P = g.outPlane(), K = C * g.taps(), F = filters_;
    const std::size_t kernelCount = std::size_t(K) * F;
    const ConstMatrixMap W(kernel_.data(), K, F);
    gradSum_.resize(kernelCount + (useBias_ ? F : 0));

    // Kernel and bias gradients are sums over samples, accumulated per fixed
    // chunk and added in chunk order; the input gradient of each sample is
    // computed in the same pass while its data are in cache.
    deterministicSampleSum(in.batch(), kReductionChunk, gradSum_.size(), gradSum_.data(),
                           [&](int begin, int end, float* acc) {
        MatrixMap dW(acc, K, F);
        for (int n = begin; n < end; ++n) {
            const ConstMatrixMap dY(dZ->sample(n), P, F);
            if (useBias_) VectorMap(acc + kernelCount, F) += dY.colwise().sum().transpose();
            if (g.isPointwise()) {
                dW.noalias() += ConstMatrixMap(in.sample(n), P, C).transpose() * dY;
                if (dIn) MatrixMap(dIn->sample(n), P, C).noalias() = dY * W.transpose();
                continue;
            }
            float* col = scratch(std::size_t(P) * K);
            im2col(in.sample(n), C, g, col);
            dW.noalias() += ConstMatrixMap(col, P, K).transpose() * dY;
            if (dIn) {
                // The im2col buffer is free again: reuse it for dLoss/dcol.
                MatrixMap(col, P, K).noalias() = dY * W.transpose();
                float* dx = dIn->sample(n);
                std::fill(dx, dx + in.sampleSize(), 0.0f);
                col2imAdd(col, C, g, dx);
            }
        }
    });
    std::copy(gradSum_.begin(), gradSum_.begin() + std::ptrdiff_t(kernelCount), kernelGrad_.data());
    if (useBias_) std::copy(gradSum_.begin() + std::ptrdiff_t(kernelCount), gradSum_.end(), biasGrad_.data());
}

}  // namespace cnnwb
