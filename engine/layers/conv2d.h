// Conv2D: a 2-D convolution (cross-correlation, as in Keras and PyTorch).
// Every filter sees all input channels: out = activation(W ⊛ x + b).
#pragma once

#include "../initializers.h"
#include "../layer.h"
#include "window2d.h"
#include "winograd.h"

#include <tbb/enumerable_thread_specific.h>

#include <optional>

namespace cnnwb {

class Conv2D : public Layer {
public:
    static std::unique_ptr<Layer> create(LayerArgs& args);

    std::string type() const override { return "Conv2D"; }
    Shape outputShape(const Shape& in) const override;
    std::size_t paramCount(const Shape& in) const override;
    std::string paramFormula(const Shape& in) const override;
    std::uint64_t multiplyAdds(const Shape& in) const override;
    Json config() const override;
    std::string addToGraph(GraphBuilder& graph, const std::string& input) const override;
    bool endsWithSoftmax() const override { return activation_ == ActivationKind::Softmax; }
    std::vector<Param> params() override;

    int filters() const { return filters_; }
    std::pair<int, int> kernelSize() const { return kernelSize_; }
    std::pair<int, int> strides() const { return strides_; }
    Padding padding() const { return padding_; }
    ActivationKind activation() const { return activation_; }

    bool explainsOutput() const override { return true; }
    std::optional<PositionWindow> positionWindow() const override { return positionWindowOf(window_); }
    std::string algorithm() const override;
    void preferReferenceAlgorithm(bool on) override;
    // Tests: Winograd with output tile m (2 or 4) wherever it is built, whatever it costs.
    void forceWinograd(int m);

protected:
    CellExplanation doExplainOutput(const float* input, int channel, int row, int column) const override;
    void doSetup(const Shape& in, Rng& rng) override;
    void doForward(const Tensor& in, Tensor& out, Mode mode) override;
    void doBackward(const Tensor& in, const Tensor& out, const Tensor& dOut, Tensor* dIn) override;

private:
    // How a batch of N samples is cut for the products; depends only on the
    // shapes, never on the thread count, so neither do the results.
    struct Plan {
        int samplesPerGroup = 1;  // G: one im2col matrix and one product per group
        int groups = 1;
        int groupsPerChunk = 1;   // kernel gradients are summed per chunk, chunks in order
        int chunks = 1;
        bool parallelGroups = true;  // else groups in turn, each product split over threads
    };
    Plan plan(int batch) const;
    Window2D window(const Shape& in) const;
    // Winograd where it is built and the cost model (or forceWinograd) asks for it.
    void chooseAlgorithm(int channels);
    // This thread's buffer for one group: im2col matrix, then output/gradient block.
    float* scratch(std::size_t size);
    void forwardGroup(const Tensor& in, Tensor& out, int first, int count, bool parallelProducts);
    void backwardGroup(const Tensor& in, const Tensor& out, const Tensor& dOut, Tensor* dIn, int first, int count,
                       float* kernelGradAcc, float* biasGradAcc, bool accumulate, bool parallelProducts);
    // act: the activation whose derivative dOut still needs (softmax's was taken in doBackward).
    void backwardGroupCoveringInput(const Tensor& in, const Tensor& out, const Tensor& dOut, Tensor* dIn, int first,
                                    int count, ActivationKind act, float* kernelGradAcc, float* biasGradAcc,
                                    bool accumulate, bool parallelProducts);
    void forwardGroupWinograd(const Tensor& in, Tensor& out, int first, int count, bool parallelProducts);
    void backwardGroupOneChannel(const Tensor& in, const Tensor& out, const Tensor& dOut, Tensor* dIn, int first,
                                 int count, ActivationKind act, float* kernelGradAcc, float* biasGradAcc,
                                 bool accumulate);
    void backwardGroupWinograd(const Tensor& in, const Tensor& out, const Tensor& dOut, Tensor* dIn, int first,
                               int count, float* transformedGradAcc, float* biasGradAcc, bool accumulate,
                               bool parallelProducts);

    int filters_ = 1;
    std::pair<int, int> kernelSize_{3, 3};
    std::pair<int, int> strides_{1, 1};
    Padding padding_ = Padding::Valid;
    ActivationKind activation_ = ActivationKind::Linear;
    bool useBias_ = true;
    Initializer kernelInit_ = Initializer::GlorotUniform;

    Window2D window_;  // for the input shape given to setup
    // kernel: batch = filters, sample = {C, kh, kw} (PyTorch's [F][C][kh][kw]),
    // so matrix() is the (C*kh*kw) × filters matrix the im2col product needs.
    Tensor kernel_, bias_, kernelGrad_, biasGrad_;
    Tensor softmaxGrad_;  // only for a fused softmax, whose gradient mixes a sample's values
    FloatStorage gradSums_;  // per chunk: kernel then bias gradient
    // One buffer per worker thread, kept between batches. Its contents never
    // outlive one group, so sharing it cannot change any result.
    tbb::enumerable_thread_specific<FloatStorage> scratch_;

    bool referenceOnly_ = false;
    int forcedWinogradTile_ = 0;
    std::optional<WinogradConvolution> winograd_;  // set when Winograd runs
    bool directOneChannel_ = false;  // forward and kernel gradient by conv2d_direct.h
    FloatStorage directKernel_;      // the kernel tap-major for it, packed once per forward pass
    // Per worker thread: one chunk's kernel gradient in the Winograd domain,
    // turned into a plain kernel gradient when the chunk ends.
    tbb::enumerable_thread_specific<FloatStorage> transformedGrad_;
};

}  // namespace cnnwb
