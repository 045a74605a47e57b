#include "max_pool2d.h"

#include "../parallel.h"

#include <algorithm>

namespace cnnwb {

std::unique_ptr<Layer> MaxPool2D::create(LayerArgs& args) {
    auto l = std::make_unique<MaxPool2D>();
    l->readArgs(args);
    return l;
}

void MaxPool2D::doForward(const Tensor& in, Tensor& out, Mode) {
    const Window2D& g = window_;
    const int C = in.sampleShape().c, P = g.outPlane();
    argmax_.resize(out.size());
    parallelForSamples(in.batch(), [&](int n) {
        const float* x = in.sample(n);
        float* y = out.sample(n);
        int* winner = argmax_.data() + std::size_t(n) * out.sampleSize();
        for (int c = 0; c < C; ++c) {
            const int plane = c * g.inPlane();
            for (int oy = 0; oy < g.outH; ++oy) {
                const int y0 = oy * g.sh - g.padTop;
                const int yb = std::max(y0, 0), ye = std::min(y0 + g.kh, g.inH);
                for (int ox = 0; ox < g.outW; ++ox) {
                    const int x0 = ox * g.sw - g.padLeft;
                    const int xb = std::max(x0, 0), xe = std::min(x0 + g.kw, g.inW);
                    // Every window overlaps the input (see Window2D), so the
                    // first cell is a real value. Strict '>' keeps the first
                    // maximum on ties, scanning row by row.
                    int best = plane + yb * g.inW + xb;
                    for (int iy = yb; iy < ye; ++iy)
                        for (int ix = xb; ix < xe; ++ix) {
                            const int at = plane + iy * g.inW + ix;
                            if (x[at] > x[best]) best = at;
                        }
                    const int o = c * P + oy * g.outW + ox;
                    y[o] = x[best];
                    winner[o] = best;
                }
            }
        }
    });
}

void MaxPool2D::doBackward(const Tensor& in, const Tensor&, const Tensor& dOut, Tensor* dIn) {
    if (!dIn) return;
    const std::size_t outSize = dOut.sampleSize();
    parallelForSamples(in.batch(), [&](int n) {
        float* dx = dIn->sample(n);
        std::fill(dx, dx + in.sampleSize(), 0.0f);
        const float* dy = dOut.sample(n);
        const int* winner = argmax_.data() + std::size_t(n) * outSize;
        for (std::size_t o = 0; o < outSize; ++o) dx[winner[o]] += dy[o];
    });
}

}  // namespace cnnwb
