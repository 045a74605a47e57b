#include "attribution.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace cnnwb {

namespace {

// The class score is the value before a final softmax: the network hands
// logits out while this object lives (as training with cross-entropy does).
class ScoresAsLogits {
public:
    explicit ScoresAsLogits(Network& network) : network_(network), before_(network.outputIsLogits()) {
        if (network.activeLayers().back()->endsWithSoftmax()) network.setOutputLogits(true);
    }
    ~ScoresAsLogits() { network_.setOutputLogits(before_); }
    ScoresAsLogits(const ScoresAsLogits&) = delete;
    ScoresAsLogits& operator=(const ScoresAsLogits&) = delete;

private:
    Network& network_;
    bool before_;
};

bool givesDistances(const Network& network) {
    return network.activeLayers().back()->outputMeaning() == OutputMeaning::Distances;
}

// Score of `classIndex` for sample n of the last forward's output.
double scoreOf(const Network& network, const Tensor& out, int n, int classIndex) {
    const double v = out.sample(n)[classIndex];
    return givesDistances(network) ? -v : v;
}

void checkClass(const Network& network, int classIndex) {
    const int classes = int(network.outputShape().size());
    if (classIndex < 0 || classIndex >= classes)
        throw std::out_of_range("class " + std::to_string(classIndex) + " is not an output of the model (classes 0 to " +
                                std::to_string(classes - 1) + ")");
}

// The last active layer with convolution kernels, or 0 for none.
std::size_t lastConvolution(Network& network) {
    const auto& layers = network.activeLayers();
    for (std::size_t i = layers.size() - 1; i >= 1; --i)
        for (const Param& p : layers[i]->params())
            if (p.role == ParamRole::Filter && !layers[i]->outputShape().isFlat()) return i;
    return 0;
}

}  // namespace

Attribution attributeClass(Network& network, const Tensor& image, int classIndex) {
    checkClass(network, classIndex);
    const ScoresAsLogits logits(network);
    const Tensor& out = network.forward(image, Mode::Inference);
    Attribution a;
    a.classIndex = classIndex;
    a.score = scoreOf(network, out, 0, classIndex);
    a.inputShape = network.inputShape();

    Tensor dOut;
    dOut.resize(1, out.sampleShape());
    dOut.vector().setZero();
    dOut.data()[classIndex] = givesDistances(network) ? -1.0f : 1.0f;
    const Tensor& dIn = network.backwardToInput(dOut);
    a.inputGradient.assign(dIn.data(), dIn.data() + dIn.size());
    const Shape s = a.inputShape;
    a.saliency.assign(std::size_t(s.h) * s.w, 0.0f);
    for (int c = 0; c < s.c; ++c)
        for (std::size_t p = 0; p < a.saliency.size(); ++p)
            a.saliency[p] = std::max(a.saliency[p], std::abs(a.inputGradient[std::size_t(c) * a.saliency.size() + p]));

    if (const std::size_t conv = lastConvolution(network)) {
        const Layer& layer = *network.activeLayers()[conv];
        const Shape m = layer.outputShape();
        const float* maps = network.activation(conv).data();
        const float* grads = network.outputGradient(conv).data();
        const std::size_t plane = std::size_t(m.h) * m.w;
        a.camLayer = layer.name();
        a.camHeight = m.h;
        a.camWidth = m.w;
        std::vector<double> cam(plane, 0.0);
        for (int k = 0; k < m.c; ++k) {
            double weight = 0;
            for (std::size_t p = 0; p < plane; ++p) weight += grads[std::size_t(k) * plane + p];
            weight /= double(plane);
            for (std::size_t p = 0; p < plane; ++p) cam[p] += weight * maps[std::size_t(k) * plane + p];
        }
        for (double v : cam) a.gradCam.push_back(float(std::max(0.0, v)));
    }
    return a;
}

OcclusionMap occlusionMap(Network& network, const Tensor& image, int classIndex, const OcclusionOptions& o) {
    checkClass(network, classIndex);
    const Shape s = network.inputShape();
    if (o.patch < 1 || o.stride < 1 || o.patch > std::min(s.h, s.w))
        throw std::invalid_argument("occlusion: the square must be 1 to " + std::to_string(std::min(s.h, s.w)) +
                                    " pixels and the step at least 1; got " + std::to_string(o.patch) + " and " +
                                    std::to_string(o.stride));
    const ScoresAsLogits logits(network);
    OcclusionMap map;
    map.patch = o.patch;
    map.stride = o.stride;
    map.rows = (s.h - o.patch) / o.stride + 1;
    map.columns = (s.w - o.patch) / o.stride + 1;
    const double base = scoreOf(network, network.forward(image, Mode::Inference), 0, classIndex);
    const int positions = map.rows * map.columns;
    constexpr int kBatch = 64;
    Tensor batch;
    for (int first = 0; first < positions; first += kBatch) {
        const int count = std::min(kBatch, positions - first);
        batch.resize(count, s);
        for (int n = 0; n < count; ++n) {
            float* x = batch.sample(n);
            std::copy(image.data(), image.data() + s.size(), x);
            const int top = ((first + n) / map.columns) * o.stride, left = ((first + n) % map.columns) * o.stride;
            for (int c = 0; c < s.c; ++c)
                for (int y = top; y < top + o.patch; ++y)
                    std::fill_n(x + (std::size_t(c) * s.h + y) * s.w + left, o.patch, o.fill);
        }
        const Tensor& out = network.forward(batch, Mode::Inference);
        for (int n = 0; n < count; ++n) map.drop.push_back(float(base - scoreOf(network, out, n, classIndex)));
    }
    return map;
}

}  // namespace cnnwb
