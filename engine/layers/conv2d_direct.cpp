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

// The widest kernel row the gradient keeps in registers: 2 × 8 accumulators.
constexpr int kMaxGradientKernelWidth = 8;

// Row i of the kernel gradient for one group of 16 filters: tapAcc[j] (16
// filters) += Σ over outputs (oy, ox) of in[oy + i][ox + j] · dT[oy][ox],
// dT holding the 16 filters' dz at each output. Even and odd columns sum
// into separate accumulators (two chains per tap hide the FMA latency),
// added at the end.
template <int KW>
void kernelRowGradient(const float* in, const Window2D& g, const float* dT, int i, float* tapAcc) {
    __m512 even[KW], odd[KW];
    for (int j = 0; j < KW; ++j) even[j] = odd[j] = _mm512_setzero_ps();
    for (int oy = 0; oy < g.outH; ++oy) {
        const float* r = in + std::size_t(oy + i) * g.inW;
        const float* d = dT + std::size_t(oy) * g.outW * 16;
        int ox = 0;
        for (; ox + 1 < g.outW; ox += 2) {
            const __m512 d0 = _mm512_loadu_ps(d + std::size_t(ox) * 16), d1 = _mm512_loadu_ps(d + std::size_t(ox + 1) * 16);
#pragma GCC unroll 8
            for (int j = 0; j < KW; ++j) {
                even[j] = _mm512_fmadd_ps(_mm512_set1_ps(r[ox + j]), d0, even[j]);
                odd[j] = _mm512_fmadd_ps(_mm512_set1_ps(r[ox + 1 + j]), d1, odd[j]);
            }
        }
        if (ox < g.outW) {
            const __m512 d0 = _mm512_loadu_ps(d + std::size_t(ox) * 16);
            for (int j = 0; j < KW; ++j) even[j] = _mm512_fmadd_ps(_mm512_set1_ps(r[ox + j]), d0, even[j]);
        }
    }
    for (int j = 0; j < KW; ++j) {
        float* acc = tapAcc + std::size_t(i * KW + j) * 16;
        _mm512_storeu_ps(acc, _mm512_add_ps(even[j], odd[j]));
    }
}

template <int KW>
void kernelGradientRows(const float* in, const Window2D& g, const float* dT, float* tapAcc) {
    for (int i = 0; i < g.kh; ++i) kernelRowGradient<KW>(in, g, dT, i, tapAcc);
}

}  // namespace

bool oneChannelDirectApplies(const Window2D& g, int channels, int filters) {
    return channels == 1 && filters % 16 == 0 && g.sh == 1 && g.sw == 1 && g.padTop == 0 && g.padLeft == 0 &&
           g.kw <= kMaxGradientKernelWidth && g.outH + g.kh - 1 <= g.inH && g.outW + g.kw - 1 <= g.inW;
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

std::size_t oneChannelGradientScratchSize(const Window2D& g) {
    return (std::size_t(g.outPlane()) + std::size_t(g.taps())) * 16;
}

void kernelGradientOneChannel(const float* in, const Window2D& g, const float* dz, int filters, float* kernelGrad,
                              float* biasGrad, bool accumulate, float* scratch) {
    const int P = g.outPlane(), K = g.taps();
    float* dT = scratch;                                // P × 16: the group's dz position by position
    float* tapAcc = scratch + std::size_t(P) * 16;      // K × 16: the group's kernel gradient tap by tap
    for (int first = 0; first < filters; first += 16) {
        // dz of 16 filters transposed 16 positions at a time; the bias
        // gradient sums the same vectors (a short last run reads zeros).
        __m512 bias = _mm512_setzero_ps();
        for (int p0 = 0; p0 < P; p0 += 16) {
            const int n = std::min(16, P - p0);
            const __mmask16 valid = __mmask16((1u << n) - 1);
            __m512 r[16];
            for (int f = 0; f < 16; ++f)
                r[f] = _mm512_maskz_loadu_ps(valid, dz + std::size_t(first + f) * P + std::size_t(p0));
            transpose16(r);  // r[q]: the 16 filters at position p0 + q
            for (int q = 0; q < 16; ++q) bias = _mm512_add_ps(bias, r[q]);
            for (int q = 0; q < n; ++q) _mm512_storeu_ps(dT + std::size_t(p0 + q) * 16, r[q]);
        }
        switch (g.kw) {
            case 1: kernelGradientRows<1>(in, g, dT, tapAcc); break;
            case 2: kernelGradientRows<2>(in, g, dT, tapAcc); break;
            case 3: kernelGradientRows<3>(in, g, dT, tapAcc); break;
            case 4: kernelGradientRows<4>(in, g, dT, tapAcc); break;
            case 5: kernelGradientRows<5>(in, g, dT, tapAcc); break;
            case 6: kernelGradientRows<6>(in, g, dT, tapAcc); break;
            case 7: kernelGradientRows<7>(in, g, dT, tapAcc); break;
            default: kernelGradientRows<8>(in, g, dT, tapAcc); break;
        }
        for (int t = 0; t < K; ++t)
            for (int f = 0; f < 16; ++f) {
                float& w = kernelGrad[std::size_t(first + f) * K + std::size_t(t)];
                const float v = tapAcc[std::size_t(t) * 16 + std::size_t(f)];
                w = accumulate ? w + v : v;
            }
        if (biasGrad) {
            float* b = biasGrad + first;
            _mm512_storeu_ps(b, accumulate ? _mm512_add_ps(_mm512_loadu_ps(b), bias) : bias);
        }
    }
}

#else

bool oneChannelDirectApplies(const Window2D&, int, int) { return false; }
std::size_t oneChannelScratchSize(const Window2D&) { return 0; }
void packOneChannelKernel(const float*, int, int, float*) {}
void forwardOneChannel(const float*, const Window2D&, const float*, int, float*, float*) {}
std::size_t oneChannelGradientScratchSize(const Window2D&) { return 0; }
void kernelGradientOneChannel(const float*, const Window2D&, const float*, int, float*, float*, bool, float*) {}

#endif

}  // namespace cnnwb
