#include "conv2d_direct.h"

#include "../simd_transpose.h"

#include <algorithm>
#include <cstring>

namespace cnnwb {

#if defined(__AVX512F__)

namespace {

// Input rows padded to a whole number of 16-output runs plus the window, so
// the last run of a row reads zeros instead of the next row or past the image.
int paddedRow(const Window2D& g) { return (g.outW + 15) / 16 * 16 + g.kw; }

}  // namespace

bool oneChannelDirectApplies(const Window2D& g, int channels, int filters) {
    return channels == 1 && filters % 16 == 0 && g.sh == 1 && g.sw == 1 && g.padTop == 0 && g.padLeft == 0 &&
           g.outH + g.kh - 1 <= g.inH && g.outW + g.kw - 1 <= g.inW;
}

std::size_t oneChannelScratchSize(const Window2D& g) { return std::size_t(g.inH) * paddedRow(g); }

void packOneChannelKernel(const float* kernel, int taps, int filters, float* packed) {
    for (int t = 0; t < taps; ++t)
        for (int f = 0; f < filters; ++f) packed[std::size_t(t) * filters + f] = kernel[std::size_t(f) * taps + t];
}

void forwardOneChannel(const float* in, const Window2D& g, const float* weights, int filters, float* out,
                       float* scratch) {
    const int row = paddedRow(g), P = g.outPlane();
    float* rows = scratch;
    for (int y = 0; y < g.inH; ++y) {
        std::memcpy(rows + std::size_t(y) * row, in + std::size_t(y) * g.inW, std::size_t(g.inW) * sizeof(float));
        std::fill(rows + std::size_t(y) * row + g.inW, rows + std::size_t(y + 1) * row, 0.0f);
    }

    for (int first = 0; first < filters; first += 16)
        for (int oy = 0; oy < g.outH; ++oy)
            for (int ox = 0; ox < g.outW; ox += 16) {
                // acc[p]: the 16 filters at output (oy, ox + p).
                __m512 acc[16];
                for (__m512& a : acc) a = _mm512_setzero_ps();
                for (int i = 0; i < g.kh; ++i) {
                    const float* r = rows + std::size_t(oy + i) * row + ox;
                    for (int j = 0; j < g.kw; ++j) {
                        const __m512 w = _mm512_loadu_ps(weights + std::size_t(i * g.kw + j) * filters + first);
#pragma GCC unroll 16
                        for (int p = 0; p < 16; ++p) acc[p] = _mm512_fmadd_ps(_mm512_set1_ps(r[p + j]), w, acc[p]);
                    }
                }
                transpose16(acc);  // acc[f]: filter first + f at the 16 outputs
                const int n = std::min(16, g.outW - ox);
                const __mmask16 valid = __mmask16((1u << n) - 1);
                for (int f = 0; f < 16; ++f)
                    _mm512_mask_storeu_ps(out + std::size_t(first + f) * P + std::size_t(oy) * g.outW + ox, valid, acc[f]);
            }
}

#else

bool oneChannelDirectApplies(const Window2D&, int, int) { return false; }
std::size_t oneChannelScratchSize(const Window2D&) { return 0; }
void packOneChannelKernel(const float*, int, int, float*) {}
void forwardOneChannel(const float*, const Window2D&, const float*, int, float*, float*) {}

#endif

}  // namespace cnnwb
