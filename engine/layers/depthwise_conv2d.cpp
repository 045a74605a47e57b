#include "depthwise_conv2d.h"

#include "../export/graph_builder.h"
#include "../errors.h"
#include "../parallel.h"

namespace cnnwb {

std::unique_ptr<Layer> DepthwiseConv2D::create(LayerArgs& args) {
    auto l = std::make_unique<DepthwiseConv2D>();
    l->kernelSize_ = args.pair("kernel_size", std::nullopt, 1, kMaxWindowSide);
    l->strides_ = args.pair("strides", std::pair{1, 1}, 1, kMaxWindowSide);
    l->padding_ = paddingFromName(args.choice("padding", "valid", paddingNames()));
    l->multiplier_ = args.integer("depth_multiplier", 1, 1, 1 << 12);
    l->activation_ = activationFromName(args.choice("activation", "linear", activationNames()), args.label());
    l->useBias_ = args.boolean("use_bias", true);
    l->kernelInit_ = initializerFromName(args.choice("depthwise_initializer", "glorot_uniform", initializerNames()));
    return l;
}

Json DepthwiseConv2D::config() const {
    return {{"kernel_size", {kernelSize_.first, kernelSize_.second}},
            {"strides", {strides_.first, strides_.second}},
            {"padding", paddingName(padding_)},
            {"depth_multiplier", multiplier_},
            {"activation", activationName(activation_)},
            {"use_bias", useBias_},
            {"depthwise_initializer", initializerName(kernelInit_)}};
}

Window2D DepthwiseConv2D::window(const Shape& in) const {
    return makeWindow(label(), type(), in, kernelSize_, strides_, padding_, "kernel");
}

Shape DepthwiseConv2D::outputShape(const Shape& in) const {
    const Window2D w = window(in);
    const std::uint64_t channels = std::uint64_t(in.c) * std::uint64_t(multiplier_);
    if (channels * std::uint64_t(w.outPlane()) > kMaxValuesPerImage)
        throw SpecError(label() + ": " + std::to_string(in.c) + " channels × depth_multiplier " +
                        std::to_string(multiplier_) + " at " + sizeText({w.outH, w.outW}) + " is more than " +
                        withThousands(kMaxValuesPerImage) + " values per image");
    return {int(channels), w.outH, w.outW};
}

std::size_t DepthwiseConv2D::paramCount(const Shape& in) const {
    const std::size_t filters = std::size_t(in.c) * multiplier_;
    return filters * (std::size_t(kernelSize_.first) * kernelSize_.second + (useBias_ ? 1 : 0));
}

// "3×5 × (5×5 + 1) = 390": channels × multiplier filters of kh×kw (+ bias).
std::string DepthwiseConv2D::paramFormula(const Shape& in) const {
    const std::string filters = std::to_string(in.c) + "×" + std::to_string(multiplier_);
    const std::string total = withThousands(paramCount(in));
    if (useBias_) return filters + " × (" + sizeText(kernelSize_) + " + 1) = " + total;
    return filters + " × " + sizeText(kernelSize_) + " = " + total;
}

std::uint64_t DepthwiseConv2D::multiplyAdds(const Shape& in) const {
    const Window2D w = window(in);
    return std::uint64_t(w.outPlane()) * in.c * multiplier_ * w.taps();
}

std::vector<Param> DepthwiseConv2D::params() {
    std::vector<Param> p{{"depthwise_kernel", &kernel_, &kernelGrad_, ParamRole::Filter, std::max(1, inputShape().c)}};
    if (useBias_) p.push_back({"bias", &bias_, &biasGrad_, ParamRole::Bias});
    return p;
}

void DepthwiseConv2D::doSetup(const Shape& in, Rng& rng) {
    window_ = window(in);
    const int outChannels = in.c * multiplier_;
    const Shape filterShape{1, kernelSize_.first, kernelSize_.second};
    kernel_.resize(outChannels, filterShape);
    kernelGrad_.resize(outChannels, filterShape);
    // Keras computes the fans of its (kh, kw, C, M) kernel like any conv kernel.
    const double taps = double(window_.taps());
    initialize(kernel_, kernelInit_, taps * in.c, taps * multiplier_, rng);
    if (useBias_) {
        bias_.resize(1, {outChannels, 1, 1});
        biasGrad_.resize(1, {outChannels, 1, 1});
        bias_.setZero();
    }
}

float* DepthwiseConv2D::scratch(std::size_t size) {
    FloatStorage& buffer = scratch_.local();
    if (buffer.size() < size) buffer.resize(size);
    return buffer.data();
}

// Per sample and input channel c, with P output pixels and T = kh*kw taps: the
// plane's im2col (P × T) times channel c's filters (T × M) gives output
// channels c*M .. c*M+M-1, contiguous in CHW order.
void DepthwiseConv2D::doForward(const Tensor& in, Tensor& out, Mode) {
    const Window2D& g = window_;
    const int C = in.sampleShape().c, M = multiplier_, P = g.outPlane(), T = g.taps();
    parallelForSamples(in.batch(), [&](int n) {
        float* col = scratch(std::size_t(P) * T);
        for (int c = 0; c < C; ++c) {
            im2col(in.sample(n) + std::size_t(c) * g.inPlane(), 1, g, col);
            MatrixMap y(out.sample(n) + std::size_t(c) * M * P, P, M);
            y.noalias() = ConstMatrixMap(col, P, T) * ConstMatrixMap(kernel_.data() + std::size_t(c) * M * T, T, M);
            if (useBias_) y.rowwise() += bias_.vector().segment(c * M, M).transpose();
        }
    });
    applyActivation(effective(activation_), out);
}

void DepthwiseConv2D::doBackward(const Tensor& in, const Tensor& out, const Tensor& dOut, Tensor* dIn) {
    const ActivationKind act = effective(activation_);
    const Tensor* dZ = &dOut;
    if (act != ActivationKind::Linear) {
        dZ_ = dOut;
        activationBackward(act, out, dZ_);
        dZ = &dZ_;
    }
    const Window2D& g = window_;
    const int C = in.sampleShape().c, M = multiplier_, P = g.outPlane(), T = g.taps();
    const std::size_t kernelCount = std::size_t(C) * M * T;
    gradSum_.resize(kernelCount + (useBias_ ? std::size_t(C) * M : 0));

    deterministicSampleSum(in.batch(), kReductionChunk, gradSum_.size(), gradSum_.data(),
                           [&](int begin, int end, float* acc) {
        float* col = scratch(std::size_t(P) * T);
        for (int n = begin; n < end; ++n) {
            if (dIn) std::fill(dIn->sample(n), dIn->sample(n) + in.sampleSize(), 0.0f);
            for (int c = 0; c < C; ++c) {
                const ConstMatrixMap dY(dZ->sample(n) + std::size_t(c) * M * P, P, M);
                const ConstMatrixMap Wc(kernel_.data() + std::size_t(c) * M * T, T, M);
                if (useBias_) VectorMap(acc + kernelCount + std::size_t(c) * M, M) += dY.colwise().sum().transpose();
                im2col(in.sample(n) + std::size_t(c) * g.inPlane(), 1, g, col);
                MatrixMap(acc + std::size_t(c) * M * T, T, M).noalias() += ConstMatrixMap(col, P, T).transpose() * dY;
                if (dIn) {
                    MatrixMap(col, P, T).noalias() = dY * Wc.transpose();
                    col2imAdd(col, 1, g, dIn->sample(n) + std::size_t(c) * g.inPlane());
                }
            }
        }
    });
    std::copy(gradSum_.begin(), gradSum_.begin() + std::ptrdiff_t(kernelCount), kernelGrad_.data());
    if (useBias_) std::copy(gradSum_.begin() + std::ptrdiff_t(kernelCount), gradSum_.end(), biasGrad_.data());
}

CellExplanation DepthwiseConv2D::doExplainOutput(const float* input, int o, int oy, int ox) const {
    // Output channel o = c*M + m filters input channel c alone.
    const Window2D& g = window_;
    const int c = o / multiplier_;
    CellExplanation e = windowExplanation(CellExplanation::Kind::Convolution, label(), g, padding_, o, oy, ox);
    e.windows.push_back(explainWindow(input + std::size_t(c) * g.inPlane(), c, g, oy, ox,
                                      kernel_.data() + std::size_t(o) * g.taps()));
    e.sum = e.windows.back().sum;
    e.hasBias = useBias_;
    if (useBias_) e.bias = bias_.data()[o];
    finishExplanation(e, activation_);
    return e;
}

std::string DepthwiseConv2D::addToGraph(GraphBuilder& graph, const std::string& input) const {
    const Window2D w = window(inputShape());
    // One group per input channel: the grouped convolution of PyTorch and ONNX, in the same kernel layout.
    const std::string z = graph.convolution(input, name(), "depthwise_kernel", kernel_, useBias_ ? &bias_ : nullptr, {w.sh, w.sw},
                                            padsOf(w), inputShape().c);
    return graph.activation(z, name(), effective(activation_), Layer::outputShape());
}

}  // namespace cnnwb
