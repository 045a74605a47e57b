#include "global_average_pooling2d.h"

#include "../export/graph_builder.h"
#include "../errors.h"
#include "../parallel.h"

namespace cnnwb {

std::unique_ptr<Layer> GlobalAveragePooling2D::create(LayerArgs& args) {
    auto l = std::make_unique<GlobalAveragePooling2D>();
    l->keepDims_ = args.boolean("keepdims", l->keepDims_);
    return l;
}

Shape GlobalAveragePooling2D::outputShape(const Shape& in) const {
    if (in.isFlat())
        throw SpecError(label() + ": averages each channel of an image, but gets a flat vector of " +
                        std::to_string(in.c) + "; put it before Flatten (or instead of it)");
    return keepDims_ ? Shape{in.c, 1, 1} : Shape::vector(in.c);
}

void GlobalAveragePooling2D::doForward(const Tensor& in, Tensor& out, Mode) {
    const int channels = in.sampleShape().c;
    const std::size_t plane = std::size_t(in.sampleShape().h) * std::size_t(in.sampleShape().w);
    const float scale = 1.0f / float(plane);
    parallelForSamples(in.batch(), [&](int n) {
        const float* x = in.sample(n);
        float* y = out.sample(n);
        for (int c = 0; c < channels; ++c) {
            float sum = 0.0f;
            for (std::size_t i = 0; i < plane; ++i) sum += x[std::size_t(c) * plane + i];
            y[c] = sum * scale;
        }
    });
}

void GlobalAveragePooling2D::doBackward(const Tensor& in, const Tensor&, const Tensor& dOut, Tensor* dIn) {
    if (!dIn) return;
    const int channels = in.sampleShape().c;
    const std::size_t plane = std::size_t(in.sampleShape().h) * std::size_t(in.sampleShape().w);
    const float scale = 1.0f / float(plane);
    parallelForSamples(in.batch(), [&](int n) {
        const float* dy = dOut.sample(n);
        float* dx = dIn->sample(n);
        for (int c = 0; c < channels; ++c) std::fill(dx + std::size_t(c) * plane, dx + std::size_t(c + 1) * plane, dy[c] * scale);
    });
}

std::string GlobalAveragePooling2D::addToGraph(GraphBuilder& graph, const std::string& input) const {
    return graph.globalAveragePool(input, name(), keepDims_);
}

}  // namespace cnnwb
