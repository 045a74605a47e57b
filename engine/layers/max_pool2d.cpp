#include "max_pool2d.h"

#include "../export/graph_builder.h"
#include "../parallel.h"

#include <algorithm>

#if defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace cnnwb {

std::unique_ptr<Layer> MaxPool2D::create(LayerArgs& args) {
    auto l = std::make_unique<MaxPool2D>();
    l->readArgs(args);
    return l;
}

// One channel plane. The winner is picked without branches (select, not
// if): on real data which cell wins is unpredictable, and mispredicted
// branches cost more than the comparisons.
static void maxPoolPlane(const float* x, const Window2D& g, int planeOffset, float* y, int* winner) {
    for (int oy = 0; oy < g.outH; ++oy) {
        const int y0 = oy * g.sh - g.padTop;
        const int yb = std::max(y0, 0), ye = std::min(y0 + g.kh, g.inH);
        for (int ox = 0; ox < g.outW; ++ox) {
            const int x0 = ox * g.sw - g.padLeft;
            const int xb = std::max(x0, 0), xe = std::min(x0 + g.kw, g.inW);
            // Every window overlaps the input (see Window2D), so the first
            // cell is a real value. Strict '>' keeps the first maximum on
            // ties, scanning row by row.
            int best = yb * g.inW + xb;
            float bestValue = x[best];
            for (int iy = yb; iy < ye; ++iy)
                for (int ix = xb; ix < xe; ++ix) {
                    const int at = iy * g.inW + ix;
                    const float v = x[at];
                    const bool better = v > bestValue;
                    best = better ? at : best;
                    bestValue = better ? v : bestValue;
                }
            const int o = oy * g.outW + ox;
            y[o] = bestValue;
            winner[o] = planeOffset + best;
        }
    }
}

// The same when every window lies wholly inside the plane (no padding used):
// one output row at a time, the window's cells in the outer loops and the
// output columns innermost, so the compiler vectorises across outputs. Cells
// are visited in the same row-by-row order, so the winners are the same.
// A compile-time stride (the usual 2 or 4) lets the strided loads vectorise.
template <int kStride>
static void maxPoolPlaneInside(const float* __restrict x, const Window2D& g, int planeOffset, float* __restrict y,
                               int* __restrict winner) {
    // Locals, not g's fields: stores through y could alias g for all the compiler knows.
    const int sw = kStride > 0 ? kStride : g.sw, outW = g.outW, outH = g.outH, kh = g.kh, kw = g.kw;
    const int inW = g.inW, rowStep = g.sh * g.inW;
    for (int oy = 0; oy < outH; ++oy, y += outW, winner += outW) {
        const int rowStart = oy * rowStep;
        for (int ox = 0; ox < outW; ++ox) {
            y[ox] = x[rowStart + ox * sw];
            winner[ox] = rowStart + ox * sw;
        }
        for (int i = 0; i < kh; ++i)
            for (int j = (i == 0 ? 1 : 0); j < kw; ++j) {
                const int cell = rowStart + i * inW + j;
                for (int ox = 0; ox < outW; ++ox) {
                    const float v = x[cell + ox * sw];
                    const bool better = v > y[ox];
                    winner[ox] = better ? cell + ox * sw : winner[ox];
                    y[ox] = better ? v : y[ox];
                }
            }
        for (int ox = 0; ox < outW; ++ox) winner[ox] += planeOffset;
    }
}

// The common 2×2 window at stride 2, written out: the four cells of a window
// are loaded together, so the loop over outputs has no dependence through memory.
static void maxPoolPlane2x2(const float* __restrict x, const Window2D& g, int planeOffset, float* __restrict y,
                            int* __restrict winner) {
    const int outW = g.outW, outH = g.outH, inW = g.inW;
    for (int oy = 0; oy < outH; ++oy, y += outW, winner += outW) {
        const int top = 2 * oy * inW;
        const float* r0 = x + top;
        const float* r1 = r0 + inW;
        int ox = 0;
#if defined(__AVX512F__)
        // 16 windows at a time: the even and odd columns of both rows pulled
        // apart by permutes, then the same comparisons in the same order on
        // every lane (GCC left the loop below scalar: E3 CNN's pool took 4.6
        // ms a batch, a third of its convolution).
        const __m512i evens = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
        const __m512i odds = _mm512_add_epi32(evens, _mm512_set1_epi32(1));
        for (; ox < outW; ox += 16) {
            const int n = std::min(16, outW - ox);
            const __mmask16 out = __mmask16((1u << n) - 1);
            const __mmask16 low = __mmask16(n >= 8 ? 0xFFFF : (1u << (2 * n)) - 1);
            const __mmask16 high = __mmask16(n > 8 ? (1u << (2 * (n - 8))) - 1 : 0);
            const float* p0 = r0 + 2 * ox;
            const float* p1 = r1 + 2 * ox;
            const __m512 lo0 = _mm512_maskz_loadu_ps(low, p0), hi0 = _mm512_maskz_loadu_ps(high, p0 + 16);
            const __m512 lo1 = _mm512_maskz_loadu_ps(low, p1), hi1 = _mm512_maskz_loadu_ps(high, p1 + 16);
            const __m512 a = _mm512_permutex2var_ps(lo0, evens, hi0), b = _mm512_permutex2var_ps(lo0, odds, hi0);
            const __m512 c = _mm512_permutex2var_ps(lo1, evens, hi1), d = _mm512_permutex2var_ps(lo1, odds, hi1);
            const __m512i at = _mm512_add_epi32(_mm512_set1_epi32(planeOffset + top + 2 * ox), evens);
            __m512 v = a;
            __m512i w = at;
            __mmask16 m = _mm512_cmp_ps_mask(b, v, _CMP_GT_OQ);
            v = _mm512_mask_blend_ps(m, v, b);
            w = _mm512_mask_blend_epi32(m, w, _mm512_add_epi32(at, _mm512_set1_epi32(1)));
            m = _mm512_cmp_ps_mask(c, v, _CMP_GT_OQ);
            v = _mm512_mask_blend_ps(m, v, c);
            w = _mm512_mask_blend_epi32(m, w, _mm512_add_epi32(at, _mm512_set1_epi32(inW)));
            m = _mm512_cmp_ps_mask(d, v, _CMP_GT_OQ);
            v = _mm512_mask_blend_ps(m, v, d);
            w = _mm512_mask_blend_epi32(m, w, _mm512_add_epi32(at, _mm512_set1_epi32(inW + 1)));
            _mm512_mask_storeu_ps(y + ox, out, v);
            _mm512_mask_storeu_epi32(winner + ox, out, w);
        }
#endif
        for (; ox < outW; ++ox) {
            const float a = r0[2 * ox], b = r0[2 * ox + 1], c = r1[2 * ox], d = r1[2 * ox + 1];
            const int at = top + 2 * ox;
            float v = a;
            int w = at;
            w = b > v ? at + 1 : w, v = b > v ? b : v;
            w = c > v ? at + inW : w, v = c > v ? c : v;
            w = d > v ? at + inW + 1 : w, v = d > v ? d : v;
            y[ox] = v;
            winner[ox] = planeOffset + w;
        }
    }
}

// Windows of K×K side by side (stride K) wholly inside the plane, on rows
// too short to vectorise across outputs (E4's 4×4 pooling leaves 6 a row):
// each window's K² cells unrolled, in the same row-by-row order, so the
// winners are those of maxPoolPlane without its per-window bounds.
template <int K>
static void maxPoolPlaneTiled(const float* __restrict x, const Window2D& g, int planeOffset, float* __restrict y,
                              int* __restrict winner) {
    const int outW = g.outW, outH = g.outH, inW = g.inW;
    for (int oy = 0; oy < outH; ++oy, y += outW, winner += outW) {
        const int top = K * oy * inW;
        for (int ox = 0; ox < outW; ++ox) {
            const int first = top + K * ox;
            float v = x[first];
            int w = first;
#pragma GCC unroll 16
            for (int cell = 1; cell < K * K; ++cell) {
                const int at = first + (cell / K) * inW + cell % K;
                const float c = x[at];
                w = c > v ? at : w;
                v = c > v ? c : v;
            }
            y[ox] = v;
            winner[ox] = planeOffset + w;
        }
    }
}

#if defined(__AVX512F__)
// The same windows with all of an output row's windows in one vector: the
// K input rows under it (K · outW ≤ 32 floats each, two vectors) are pulled
// apart into each window's j-th column by permutes, then the K² cells are
// compared in maxPoolPlaneTiled's order on every lane. E4's 4×4 pooling took
// as long as its convolution with one window at a time (a chain of 15
// dependent selects).
template <int K>
static void maxPoolPlaneTiledRows(const float* __restrict x, const Window2D& g, int planeOffset, float* __restrict y,
                                  int* __restrict winner) {
    const int outW = g.outW, outH = g.outH, inW = g.inW, span = K * outW;
    const __mmask16 low = __mmask16(span >= 16 ? 0xFFFF : (1u << span) - 1);
    const __mmask16 high = __mmask16(span > 16 ? (1u << (span - 16)) - 1 : 0);
    const __mmask16 out = __mmask16((1u << outW) - 1);
    const __m512i firstColumns =  // lane q: the first column of window q (lanes past outW are not stored)
        _mm512_mullo_epi32(_mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), _mm512_set1_epi32(K));
    __m512i column[K];
    for (int j = 0; j < K; ++j) column[j] = _mm512_add_epi32(firstColumns, _mm512_set1_epi32(j));
    for (int oy = 0; oy < outH; ++oy, y += outW, winner += outW) {
        const int top = K * oy * inW;
        const __m512i at = _mm512_add_epi32(_mm512_set1_epi32(planeOffset + top), firstColumns);
        __m512 v = _mm512_setzero_ps();
        __m512i w = at;
        for (int i = 0; i < K; ++i) {
            const float* r = x + top + i * inW;
            const __m512 lo = _mm512_maskz_loadu_ps(low, r), hi = _mm512_maskz_loadu_ps(high, r + 16);
            for (int j = 0; j < K; ++j) {
                const __m512 c = _mm512_permutex2var_ps(lo, column[j], hi);
                if (i == 0 && j == 0) {
                    v = c;
                    continue;
                }
                const __mmask16 m = _mm512_cmp_ps_mask(c, v, _CMP_GT_OQ);
                v = _mm512_mask_blend_ps(m, v, c);
                w = _mm512_mask_blend_epi32(m, w, _mm512_add_epi32(at, _mm512_set1_epi32(i * inW + j)));
            }
        }
        _mm512_mask_storeu_ps(y, out, v);
        _mm512_mask_storeu_epi32(winner, out, w);
    }
}
#endif

// Below this many outputs a row, the across-outputs loop costs more than it saves.
constexpr int kMinVectorRow = 16;

void MaxPool2D::doForward(const Tensor& in, Tensor& out, Mode) {
    const Window2D& g = window_;
    const int C = in.sampleShape().c, P = g.outPlane();
    const bool inside = g.padTop == 0 && g.padLeft == 0 && (g.outH - 1) * g.sh + g.kh <= g.inH &&
                        (g.outW - 1) * g.sw + g.kw <= g.inW;
    argmax_.resize(out.size());
    parallelForSamples(in.batch(), [&](int n) {
        int* winner = argmax_.data() + std::size_t(n) * out.sampleSize();
        for (int c = 0; c < C; ++c) {
            const float* x = in.sample(n) + std::size_t(c) * g.inPlane();
            float* y = out.sample(n) + std::size_t(c) * P;
            int* w = winner + std::size_t(c) * P;
            const bool tiled = inside && g.kh == g.kw && g.sh == g.kh && g.sw == g.kw;
            if (tiled && g.kh == 2) maxPoolPlane2x2(x, g, c * g.inPlane(), y, w);
#if defined(__AVX512F__)
            else if (tiled && g.kh == 3 && g.outW * 3 <= 32) maxPoolPlaneTiledRows<3>(x, g, c * g.inPlane(), y, w);
            else if (tiled && g.kh == 4 && g.outW * 4 <= 32) maxPoolPlaneTiledRows<4>(x, g, c * g.inPlane(), y, w);
#endif
            else if (tiled && g.kh == 3 && g.outW < kMinVectorRow) maxPoolPlaneTiled<3>(x, g, c * g.inPlane(), y, w);
            else if (tiled && g.kh == 4 && g.outW < kMinVectorRow) maxPoolPlaneTiled<4>(x, g, c * g.inPlane(), y, w);
            // Short rows (E4's 4×4 windows leave 6 outputs a row) gain nothing from
            // vectorising across outputs: keep each window's winner in registers.
            else if (!inside || g.outW < kMinVectorRow) maxPoolPlane(x, g, c * g.inPlane(), y, w);
            else if (g.sw == 2) maxPoolPlaneInside<2>(x, g, c * g.inPlane(), y, w);
            else if (g.sw == 4) maxPoolPlaneInside<4>(x, g, c * g.inPlane(), y, w);
            else maxPoolPlaneInside<0>(x, g, c * g.inPlane(), y, w);
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

CellExplanation MaxPool2D::doExplainOutput(const float* input, int c, int oy, int ox) const {
    const Window2D& g = window_;
    CellExplanation e = windowExplanation(CellExplanation::Kind::MaxPooling, label(), g, padding_, c, oy, ox);
    e.windows.push_back(explainWindow(input + std::size_t(c) * g.inPlane(), c, g, oy, ox, nullptr));
    const ExplainedWindow& w = e.windows.back();
    // The first largest cell inside the input, row by row: the forward pass's winner.
    for (int cell = 0; cell < int(w.input.size()); ++cell)
        if (!w.padded[std::size_t(cell)] && (e.winner < 0 || w.input[std::size_t(cell)] > w.input[std::size_t(e.winner)]))
            e.winner = cell;
    e.sum = e.preActivation = e.value = w.input[std::size_t(e.winner)];
    e.activation = activationName(ActivationKind::Linear);
    return e;
}

std::string MaxPool2D::addToGraph(GraphBuilder& graph, const std::string& input) const {
    return graph.maxPool(input, name(), {window_.kh, window_.kw}, {window_.sh, window_.sw}, padsOf(window_));
}

}  // namespace cnnwb
