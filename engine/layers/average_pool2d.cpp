#include "average_pool2d.h"

#include "../export/graph_builder.h"
#include "../parallel.h"

#include <algorithm>

namespace cnnwb {

std::unique_ptr<Layer> AveragePool2D::create(LayerArgs& args) {
    auto l = std::make_unique<AveragePool2D>();
    l->readArgs(args);
    return l;
}

// Calls visit(o, plane offset, yb, ye, xb, xe) for every output o of one
// sample with the window's rows [yb, ye) and columns [xb, xe) inside the input.
template <typename Visit>
static void forEachWindow(const Window2D& g, int channels, Visit&& visit) {
    for (int c = 0; c < channels; ++c)
        for (int oy = 0; oy < g.outH; ++oy) {
            const int y0 = oy * g.sh - g.padTop;
            const int yb = std::max(y0, 0), ye = std::min(y0 + g.kh, g.inH);
            for (int ox = 0; ox < g.outW; ++ox) {
                const int x0 = ox * g.sw - g.padLeft;
                const int xb = std::max(x0, 0), xe = std::min(x0 + g.kw, g.inW);
                visit(c * g.outPlane() + oy * g.outW + ox, c * g.inPlane(), yb, ye, xb, xe);
            }
        }
}

void AveragePool2D::doForward(const Tensor& in, Tensor& out, Mode) {
    const Window2D& g = window_;
    parallelForSamples(in.batch(), [&](int n) {
        const float* x = in.sample(n);
        float* y = out.sample(n);
        forEachWindow(g, in.sampleShape().c, [&](int o, int plane, int yb, int ye, int xb, int xe) {
            float sum = 0.0f;
            for (int iy = yb; iy < ye; ++iy)
                for (int ix = xb; ix < xe; ++ix) sum += x[plane + iy * g.inW + ix];
            y[o] = sum / float((ye - yb) * (xe - xb));
        });
    });
}

void AveragePool2D::doBackward(const Tensor& in, const Tensor&, const Tensor& dOut, Tensor* dIn) {
    if (!dIn) return;
    const Window2D& g = window_;
    parallelForSamples(in.batch(), [&](int n) {
        float* dx = dIn->sample(n);
        std::fill(dx, dx + in.sampleSize(), 0.0f);
        const float* dy = dOut.sample(n);
        forEachWindow(g, in.sampleShape().c, [&](int o, int plane, int yb, int ye, int xb, int xe) {
            const float share = dy[o] / float((ye - yb) * (xe - xb));
            for (int iy = yb; iy < ye; ++iy)
                for (int ix = xb; ix < xe; ++ix) dx[plane + iy * g.inW + ix] += share;
        });
    });
}

std::string AveragePool2D::addToGraph(GraphBuilder& graph, const std::string& input) const {
    return graph.averagePool(input, name(), {window_.kh, window_.kw}, {window_.sh, window_.sw}, padsOf(window_));
}

}  // namespace cnnwb
