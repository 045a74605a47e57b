#include "conv2d.h"

#include "conv2d_direct.h"

#include "../export/graph_builder.h"
#include "../errors.h"
#include "../parallel.h"

namespace cnnwb {

std::unique_ptr<Layer> Conv2D::create(LayerArgs& args) {
    auto l = std::make_unique<Conv2D>();
    l->filters_ = args.integer("filters", std::nullopt, 1, 1 << 16);
    l->kernelSize_ = args.pair("kernel_size", std::nullopt, 1, kMaxWindowSide);
    l->strides_ = args.pair("strides", std::pair{1, 1}, 1, kMaxWindowSide);
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
    std::vector<Param> p{{"kernel", &kernel_, &kernelGrad_, ParamRole::Filter}};
    if (useBias_) p.push_back({"bias", &bias_, &biasGrad_, ParamRole::Bias});
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
    chooseAlgorithm(in.c);
}

void Conv2D::chooseAlgorithm(int channels) {
    winograd_.reset();
    directOneChannel_ = false;
    if (referenceOnly_) return;
    if (oneChannelDirectApplies(window_, channels, filters_)) {
        directOneChannel_ = true;
        return;
    }
    const int m = forcedWinogradTile_ && WinogradConvolution::supports(window_, forcedWinogradTile_)
                      ? forcedWinogradTile_
                      : WinogradConvolution::chooseOutputTile(window_, channels, filters_);
    if (m == 0) return;
    winograd_.emplace();
    winograd_->setup(window_, channels, filters_, m);
}

std::string Conv2D::algorithm() const {
    if (winograd_) return winograd_->name();
    if (directOneChannel_) return "direct (one channel)";
    return window_.coversInput() ? "GEMM on the images (one window)" : "im2col + GEMM";
}

void Conv2D::preferReferenceAlgorithm(bool on) {
    referenceOnly_ = on;
    if (isSetUp()) chooseAlgorithm(inputShape().c);
}

void Conv2D::forceWinograd(int m) {
    forcedWinogradTile_ = m;
    if (isSetUp()) chooseAlgorithm(inputShape().c);
}

float* Conv2D::scratch(std::size_t size) {
    FloatStorage& buffer = scratch_.local();
    if (buffer.size() < size) buffer.resize(size);
    return buffer.data();
}

namespace {
// Rows (samples × output pixels) one product gets: enough for Eigen's kernels
// to run near their peak even when a layer's output plane is tiny.
constexpr int kRowsPerProduct = 256;
// Winograd's products are α² per group; fewer tiles each keep a group's
// transformed tiles and products (α² · (channels + filters) per tile) near
// the cache (E5's 5×5 layer: 65 ms forward at 64 tiles, 82–89 ms at 256).
constexpr int kTilesPerProduct = 64;
// Fewer independent pieces than this cannot keep two threads evenly busy;
// then the pieces run in turn and each product is split instead.
constexpr int kMinParallelPieces = 4;
// Kernel gradients are summed in at most this many partial sums per batch.
constexpr int kMaxChunks = 8;
// Buffer offsets stay on 64-byte lines, so Eigen's reductions over them peel
// the same way every time.
std::size_t roundUp(std::size_t n) { return (n + 15) / 16 * 16; }

// Planes smaller than this are finished as one run: Eigen evaluates the
// last P mod 16 values of a run one by one, and a scalar tanh costs about
// as much as a vector of 16 (E1's 6 × 6 planes: 4 of every 36 values).
constexpr int kMinFusedPlane = 256;

// One sample's F output planes of P values from the products' planes z
// (plane f at z + f·zStride; z may be out): bias and activation in one pass,
// plane by plane. A softmax (over the whole sample) is applied afterwards.
void finishPlanes(const float* z, std::size_t zStride, float* out, int F, int P, const Tensor* bias,
                  ActivationKind act) {
    if (act == ActivationKind::Softmax) act = ActivationKind::Linear;
    if (!bias && act == ActivationKind::Linear && z == out) return;
    if (P < kMinFusedPlane && z == out && zStride == std::size_t(P)) {
        if (bias)
            for (int f = 0; f < F; ++f) VectorMap(out + std::size_t(f) * P, P).array() += (*bias)[std::size_t(f)];
        applyActivation(act, out, std::size_t(F) * P);
        return;
    }
    for (int f = 0; f < F; ++f)
        applyBiasAndActivation(act, z + std::size_t(f) * zStride, bias ? (*bias)[std::size_t(f)] : 0.0f,
                               out + std::size_t(f) * P, std::size_t(P));
}
}  // namespace

Conv2D::Plan Conv2D::plan(int batch) const {
    Plan p;
    // The products' rows: output positions for im2col, tiles for Winograd.
    const int P = winograd_ ? winograd_->tilesPerImage() : window_.outPlane();
    batch = std::max(batch, 1);
    const int rows = winograd_ ? kTilesPerProduct : kRowsPerProduct;
    p.samplesPerGroup = std::clamp((rows + P - 1) / P, 1, batch);
    p.groups = (batch + p.samplesPerGroup - 1) / p.samplesPerGroup;
    const int samplesPerChunk = std::max(kReductionChunk, (batch + kMaxChunks - 1) / kMaxChunks);
    p.groupsPerChunk = std::max(1, samplesPerChunk / p.samplesPerGroup);
    p.chunks = (p.groups + p.groupsPerChunk - 1) / p.groupsPerChunk;
    p.parallelGroups = p.groups >= kMinParallelPieces;
    return p;
}

// A group of `count` samples from `first`, M = count × P rows: the stacked
// im2col matrix (M × K) times the kernel (K × F) is an M × F block whose
// column f holds filter f's output plane of each sample in turn. For a single
// sample that is exactly its CHW output, written in place.
void Conv2D::forwardGroup(const Tensor& in, Tensor& out, int first, int count, bool parallelProducts) {
    const Window2D& g = window_;
    const int C = in.sampleShape().c, P = g.outPlane(), K = C * g.taps(), F = filters_;
    if (directOneChannel_) {
        for (int j = 0; j < count; ++j) {
            float* sample = out.sample(first + j);
            forwardOneChannel(in.sample(first + j), g, directKernel_.data(), F, sample);
            finishPlanes(sample, std::size_t(P), sample, F, P, useBias_ ? &bias_ : nullptr, effective(activation_));
        }
        return;
    }
    if (g.coversInput()) {
        // The samples side by side are the transposed im2col matrix (K ×
        // count) and the outputs side by side its product's transpose: no
        // copies (an im2col of E5's b3_conv5 scattered 819,200 floats).
        const ConstMatrixMap samples(in.sample(first), K, count), W(kernel_.data(), K, F);
        MatrixMap z(out.sample(first), F, count);
        if (parallelProducts) parallelProduct(z, W.transpose(), samples);
        else product(z, W.transpose(), samples);
        const ActivationKind act = effective(activation_);
        for (int j = 0; j < count; ++j) {
            if (useBias_) z.col(j) += ConstVectorMap(bias_.data(), F);
            if (act != ActivationKind::Softmax) applyActivation(act, out.sample(first + j), out.sampleSize());
        }
        return;
    }
    const Eigen::Index M = Eigen::Index(count) * P;
    const bool single = count == 1;
    const bool inputIsCol = single && g.isPointwise();  // a CHW image is its own P × C im2col matrix
    const std::size_t colSize = inputIsCol ? 0 : roundUp(std::size_t(M) * K);
    float* buffer = scratch(colSize + (single ? 0 : std::size_t(M) * F));
    const float* col = in.sample(first);
    if (!inputIsCol) {
        for (int j = 0; j < count; ++j) im2col(in.sample(first + j), C, g, buffer + std::size_t(j) * P, std::size_t(M));
        col = buffer;
    }
    float* y = single ? out.sample(first) : buffer + colSize;
    const ConstMatrixMap X(col, M, K), W(kernel_.data(), K, F);
    if (parallelProducts) parallelProduct(MatrixMap(y, M, F), X, W);
    else product(MatrixMap(y, M, F), X, W);

    for (int j = 0; j < count; ++j)
        finishPlanes(y + std::size_t(j) * P, std::size_t(M), out.sample(first + j), F, P, useBias_ ? &bias_ : nullptr,
                     effective(activation_));
}

// The same group through Winograd's tiles, then bias and activation in place.
void Conv2D::forwardGroupWinograd(const Tensor& in, Tensor& out, int first, int count, bool parallelProducts) {
    winograd_->forward(in.sample(first), out.sample(first), count, scratch(winograd_->scratchSize(count)),
                       parallelProducts);
    const int P = window_.outPlane();
    for (int j = 0; j < count; ++j) {
        float* sample = out.sample(first + j);
        finishPlanes(sample, std::size_t(P), sample, filters_, P, useBias_ ? &bias_ : nullptr, effective(activation_));
    }
}

void Conv2D::doForward(const Tensor& in, Tensor& out, Mode) {
    if (winograd_) winograd_->transformKernel(kernel_.data());
    if (directOneChannel_) {
        directKernel_.resize(std::size_t(window_.taps()) * filters_);
        packOneChannelKernel(kernel_.data(), window_.taps(), filters_, directKernel_.data());
    }
    const Plan p = plan(in.batch());
    auto group = [&](int i, bool parallelProducts) {
        const int first = i * p.samplesPerGroup, count = std::min(p.samplesPerGroup, in.batch() - first);
        if (winograd_) forwardGroupWinograd(in, out, first, count, parallelProducts);
        else forwardGroup(in, out, first, count, parallelProducts);
    };
    // Groups in parallel use plain products; split products never run inside
    // a group task (a nested wait could start another group on this thread's
    // scratch buffer).
    if (p.parallelGroups) tbb::parallel_for(0, p.groups, [&](int i) { group(i, false); });
    else for (int i = 0; i < p.groups; ++i) group(i, true);
    if (effective(activation_) == ActivationKind::Softmax) applyActivation(ActivationKind::Softmax, out);
}

// The same group, backwards. D (M × F, stacked like the forward's output)
// holds dL/dz; then dW (+)= Xᵀ·D, db (+)= column sums of D and, when the
// input gradient is wanted, dX = D·Wᵀ folded back onto the images (col2im).
void Conv2D::backwardGroup(const Tensor& in, const Tensor& out, const Tensor& dOut, Tensor* dIn, int first, int count,
                           float* kernelGradAcc, float* biasGradAcc, bool accumulate, bool parallelProducts) {
    const Window2D& g = window_;
    const int C = in.sampleShape().c, P = g.outPlane(), K = C * g.taps(), F = filters_;
    const Eigen::Index M = Eigen::Index(count) * P;
    // A softmax's gradient was taken over whole samples before (doBackward).
    const ActivationKind act = effective(activation_) == ActivationKind::Softmax ? ActivationKind::Linear
                                                                                 : effective(activation_);
    if (directOneChannel_) {
        backwardGroupOneChannel(in, out, dOut, dIn, first, count, act, kernelGradAcc, biasGradAcc, accumulate);
        return;
    }
    if (g.coversInput()) {
        backwardGroupCoveringInput(in, out, dOut, dIn, first, count, act, kernelGradAcc, biasGradAcc, accumulate,
                                   parallelProducts);
        return;
    }
    const bool single = count == 1;
    const bool inputIsCol = single && g.isPointwise();
    const bool dOutIsD = single && act == ActivationKind::Linear;
    const std::size_t colSize = inputIsCol ? 0 : roundUp(std::size_t(M) * K);
    float* buffer = scratch(colSize + (dOutIsD ? 0 : std::size_t(M) * F));

    const float* d = dOut.sample(first);
    if (!dOutIsD) {
        float* dz = buffer + colSize;
        if (single) activationBackward(act, out.sample(first), d, dz, out.sampleSize());
        else
            for (int j = 0; j < count; ++j)
                for (int f = 0; f < F; ++f) {
                    const std::size_t at = std::size_t(f) * P;
                    activationBackward(act, out.sample(first + j) + at, dOut.sample(first + j) + at,
                                       dz + std::size_t(f) * M + std::size_t(j) * P, std::size_t(P));
                }
        d = dz;
    }
    const ConstMatrixMap D(d, M, F), W(kernel_.data(), K, F);
    if (useBias_) {
        if (accumulate) VectorMap(biasGradAcc, F) += D.colwise().sum().transpose();
        else VectorMap(biasGradAcc, F) = D.colwise().sum().transpose();
    }

    const float* col = in.sample(first);
    if (!inputIsCol) {
        for (int j = 0; j < count; ++j) im2col(in.sample(first + j), C, g, buffer + std::size_t(j) * P, std::size_t(M));
        col = buffer;
    }
    const ConstMatrixMap X(col, M, K);
    MatrixMap dW(kernelGradAcc, K, F);
    if (parallelProducts) parallelProduct(dW, X.transpose(), D, accumulate);
    else product(dW, X.transpose(), D, accumulate);

    if (!dIn) return;
    if (inputIsCol) {
        MatrixMap dX(dIn->sample(first), P, C);
        if (parallelProducts) parallelProduct(dX, D, W.transpose());
        else product(dX, D, W.transpose());
        return;
    }
    // The im2col matrix is no longer needed: its buffer takes dL/dcol.
    MatrixMap dCol(buffer, M, K);
    if (parallelProducts) parallelProduct(dCol, D, W.transpose());
    else product(dCol, D, W.transpose());
    for (int j = 0; j < count; ++j) {
        float* dx = dIn->sample(first + j);
        std::fill(dx, dx + in.sampleSize(), 0.0f);
        col2imAdd(buffer + std::size_t(j) * P, C, g, dx, std::size_t(M));
    }
}

// backwardGroup for a window covering the whole input, with the samples as
// the transposed im2col matrix (see forwardGroup): Dᵀ (F × count) is dL/dz
// sample by sample, dW (+)= samples·D, db (+)= row sums of Dᵀ, and the input
// gradients side by side are W·Dᵀ.
void Conv2D::backwardGroupCoveringInput(const Tensor& in, const Tensor& out, const Tensor& dOut, Tensor* dIn,
                                        int first, int count, ActivationKind act, float* kernelGradAcc,
                                        float* biasGradAcc, bool accumulate, bool parallelProducts) {
    const int K = in.sampleSize(), F = filters_;
    const float* d = dOut.sample(first);
    if (act != ActivationKind::Linear) {
        float* dz = scratch(std::size_t(F) * count);
        for (int j = 0; j < count; ++j)
            activationBackward(act, out.sample(first + j), dOut.sample(first + j), dz + std::size_t(j) * F,
                               std::size_t(F));
        d = dz;
    }
    const ConstMatrixMap Dt(d, F, count), samples(in.sample(first), K, count), W(kernel_.data(), K, F);
    if (useBias_) {
        if (accumulate) VectorMap(biasGradAcc, F) += Dt.rowwise().sum();
        else VectorMap(biasGradAcc, F) = Dt.rowwise().sum();
    }
    MatrixMap dW(kernelGradAcc, K, F);
    if (parallelProducts) parallelProduct(dW, samples, Dt.transpose(), accumulate);
    else product(dW, samples, Dt.transpose(), accumulate);
    if (!dIn) return;
    MatrixMap dX(dIn->sample(first), K, count);
    if (parallelProducts) parallelProduct(dX, W, Dt);
    else product(dX, W, Dt);
}

// backwardGroup for one input channel (conv2d_direct.h): image by image, dz,
// then the kernel and bias gradients direct. The input gradient, wanted only
// when such a layer is not the first, goes the reference way: dL/dcol = D·Wᵀ
// for the image, folded back by col2im.
void Conv2D::backwardGroupOneChannel(const Tensor& in, const Tensor& out, const Tensor& dOut, Tensor* dIn, int first,
                                     int count, ActivationKind act, float* kernelGradAcc, float* biasGradAcc,
                                     bool accumulate) {
    const Window2D& g = window_;
    const int P = g.outPlane(), K = g.taps(), F = filters_;
    const std::size_t dzSize = roundUp(std::size_t(P) * F), gradSize = roundUp(oneChannelGradientScratchSize(g));
    float* buffer = scratch(dzSize + gradSize + (dIn ? std::size_t(P) * K : 0));
    float* dz = buffer;
    float* dCol = buffer + dzSize + gradSize;
    for (int j = 0; j < count; ++j) {
        const float* d = dOut.sample(first + j);
        if (act != ActivationKind::Linear) {
            activationBackward(act, out.sample(first + j), d, dz, out.sampleSize());
            d = dz;
        }
        kernelGradientOneChannel(in.sample(first + j), g, d, F, kernelGradAcc, useBias_ ? biasGradAcc : nullptr,
                                 accumulate || j > 0, buffer + dzSize);
        if (!dIn) continue;
        product(MatrixMap(dCol, P, K), ConstMatrixMap(d, P, F), ConstMatrixMap(kernel_.data(), K, F).transpose());
        float* dx = dIn->sample(first + j);
        std::fill(dx, dx + in.sampleSize(), 0.0f);
        col2imAdd(dCol, 1, g, dx, std::size_t(P));
    }
}

// The same group through Winograd's tiles: dz, the bias gradient, then the
// kernel gradient in the Winograd domain and the input gradient.
void Conv2D::backwardGroupWinograd(const Tensor& in, const Tensor& out, const Tensor& dOut, Tensor* dIn, int first,
                                   int count, float* transformedGradAcc, float* biasGradAcc, bool accumulate,
                                   bool parallelProducts) {
    const ActivationKind act = effective(activation_) == ActivationKind::Softmax ? ActivationKind::Linear
                                                                                 : effective(activation_);
    const std::size_t values = std::size_t(count) * out.sampleSize();
    const std::size_t dzSize = act == ActivationKind::Linear ? 0 : roundUp(values);
    float* buffer = scratch(dzSize + winograd_->scratchSize(count));
    const float* d = dOut.sample(first);
    if (act != ActivationKind::Linear) {
        activationBackward(act, out.sample(first), d, buffer, values);
        d = buffer;
    }
    if (useBias_) {
        const int P = window_.outPlane();
        VectorMap db(biasGradAcc, filters_);
        for (int j = 0; j < count; ++j) {
            const ConstMatrixMap D(d + std::size_t(j) * out.sampleSize(), P, filters_);
            if (j == 0 && !accumulate) db = D.colwise().sum().transpose();
            else db += D.colwise().sum().transpose();
        }
    }
    winograd_->backward(in.sample(first), d, count, transformedGradAcc, accumulate,
                        dIn ? dIn->sample(first) : nullptr, buffer + dzSize, parallelProducts);
}

// Kernel and bias gradients are sums over the batch: each fixed chunk of
// groups sums into its own slot, and the slots are added in chunk order.
// Winograd sums a chunk in its own domain (one buffer per thread) and turns
// it into a kernel gradient when the chunk ends, so slots keep the kernel's size.
void Conv2D::doBackward(const Tensor& in, const Tensor& out, const Tensor& dOut, Tensor* dIn) {
    const Tensor* dZ = &dOut;
    if (effective(activation_) == ActivationKind::Softmax) {
        softmaxGrad_ = dOut;
        activationBackward(ActivationKind::Softmax, out, softmaxGrad_);
        dZ = &softmaxGrad_;
    }
    if (winograd_) winograd_->transformKernel(kernel_.data());
    const Plan p = plan(in.batch());
    const std::size_t kernelCount = kernelGrad_.size(), biasCount = useBias_ ? std::size_t(filters_) : 0;
    const std::size_t slot = roundUp(kernelCount + biasCount);
    gradSums_.resize(std::size_t(p.chunks) * slot);
    auto chunk = [&](int c, bool parallelProducts) {
        float* acc = gradSums_.data() + std::size_t(c) * slot;
        float* transformed = nullptr;
        if (winograd_) {
            FloatStorage& t = transformedGrad_.local();
            t.resize(winograd_->transformedKernelSize());
            transformed = t.data();
        }
        const int end = std::min(p.groups, (c + 1) * p.groupsPerChunk);
        for (int i = c * p.groupsPerChunk; i < end; ++i) {
            const int first = i * p.samplesPerGroup, count = std::min(p.samplesPerGroup, in.batch() - first);
            const bool accumulate = i != c * p.groupsPerChunk;
            if (winograd_)
                backwardGroupWinograd(in, out, *dZ, dIn, first, count, transformed, acc + kernelCount, accumulate,
                                      parallelProducts);
            else
                backwardGroup(in, out, *dZ, dIn, first, count, acc, acc + kernelCount, accumulate, parallelProducts);
        }
        if (winograd_) winograd_->kernelGradient(transformed, acc, parallelProducts);
    };
    if (p.chunks >= kMinParallelPieces) tbb::parallel_for(0, p.chunks, [&](int c) { chunk(c, false); });
    else for (int c = 0; c < p.chunks; ++c) chunk(c, true);

    // Slot 0 becomes the total; every element adds the chunks in the same order.
    float* total = gradSums_.data();
    parallelForChunks(int(kernelCount + biasCount), 1 << 14, [&](int b, int e) {
        VectorMap sum(total + b, e - b);
        for (int c = 1; c < p.chunks; ++c) sum += ConstVectorMap(total + std::size_t(c) * slot + std::size_t(b), e - b);
    });
    std::copy(total, total + kernelCount, kernelGrad_.data());
    std::copy(total + kernelCount, total + kernelCount + biasCount, biasGrad_.data());
}

CellExplanation Conv2D::doExplainOutput(const float* input, int k, int oy, int ox) const {
    const Window2D& g = window_;
    CellExplanation e = windowExplanation(CellExplanation::Kind::Convolution, label(), g, padding_, k, oy, ox);
    const int C = inputShape().c;
    for (int c = 0; c < C; ++c) {
        e.windows.push_back(explainWindow(input + std::size_t(c) * g.inPlane(), c, g, oy, ox,
                                          kernel_.sample(k) + std::size_t(c) * g.taps()));
        e.sum += e.windows.back().sum;
    }
    e.hasBias = useBias_;
    if (useBias_) e.bias = bias_.data()[k];
    finishExplanation(e, activation_);
    return e;
}

std::string Conv2D::addToGraph(GraphBuilder& graph, const std::string& input) const {
    const Window2D w = window(inputShape());
    const std::string z =
        graph.convolution(input, name(), "kernel", kernel_, useBias_ ? &bias_ : nullptr, {w.sh, w.sw}, padsOf(w), 1);
    return graph.activation(z, name(), effective(activation_), Layer::outputShape());
}

}  // namespace cnnwb
