#include "conv2d_direct.h"

#include "../simd_transpose.h"

#include <algorithm>

namespace cnnwb {

#if defined(__AVX512F__)

namespace {

// The widest kernel row the gradient keeps in registers: 2 × 8 accumulators.
constexpr int kMaxGradientKernelWidth = 8;

// Row i of the kernel gradient for one group of 16 filters: tapAcc[j] (16
// filters) += Σ over outputs (oy, ox) of in[oy·sh + i][ox·sw + j] · dT[oy][ox],
// dT holding the 16 filters' dz at each output. Even and odd columns sum
// into separate accumulators (two chains per tap hide the FMA latency),
// added at the end.
template <int KW>
void kernelRowGradient(const float* in, const Window2D& g, const float* dT, int i, float* tapAcc) {
    const int sw = g.sw;
    __m512 even[KW], odd[KW];
    for (int j = 0; j < KW; ++j) even[j] = odd[j] = _mm512_setzero_ps();
    for (int oy = 0; oy < g.outH; ++oy) {
        const float* r = in + std::size_t(oy * g.sh + i) * g.inW;
        const float* d = dT + std::size_t(oy) * g.outW * 16;
        int ox = 0;
        for (; ox + 1 < g.outW; ox += 2) {
            const __m512 d0 = _mm512_loadu_ps(d + std::size_t(ox) * 16), d1 = _mm512_loadu_ps(d + std::size_t(ox + 1) * 16);
            const float* r0 = r + ox * sw;
            const float* r1 = r0 + sw;
#pragma GCC unroll 8
            for (int j = 0; j < KW; ++j) {
                even[j] = _mm512_fmadd_ps(_mm512_set1_ps(r0[j]), d0, even[j]);
                odd[j] = _mm512_fmadd_ps(_mm512_set1_ps(r1[j]), d1, odd[j]);
            }
        }
        if (ox < g.outW) {
            const __m512 d0 = _mm512_loadu_ps(d + std::size_t(ox) * 16);
            for (int j = 0; j < KW; ++j) even[j] = _mm512_fmadd_ps(_mm512_set1_ps(r[ox * sw + j]), d0, even[j]);
        }
    }
    for (int j = 0; j < KW; ++j) _mm512_storeu_ps(tapAcc + std::size_t(i * KW + j) * 16, _mm512_add_ps(even[j], odd[j]));
}

template <int KW>
void kernelGradientRows(const float* in, const Window2D& g, const float* dT, float* tapAcc) {
    for (int i = 0; i < g.kh; ++i) kernelRowGradient<KW>(in, g, dT, i, tapAcc);
}

// Eight outputs' accumulators (16 filters each) over every tap, from the
// windows starting at at[0..7]: eight independent FMA chains, the pointers
// in registers, one weight vector loaded per eight FMAs.
inline void accumulateEight(const float* const at[8], const Window2D& g, const float* weights, int filters,
                            __m512 acc[8]) {
    for (int p = 0; p < 8; ++p) acc[p] = _mm512_setzero_ps();
    const float *a0 = at[0], *a1 = at[1], *a2 = at[2], *a3 = at[3], *a4 = at[4], *a5 = at[5], *a6 = at[6],
                *a7 = at[7];
    for (int i = 0; i < g.kh; ++i) {
        const std::size_t row = std::size_t(i) * g.inW;
        for (int j = 0; j < g.kw; ++j) {
            const __m512 w = _mm512_loadu_ps(weights + std::size_t(i * g.kw + j) * filters);
            const std::size_t o = row + std::size_t(j);
            acc[0] = _mm512_fmadd_ps(_mm512_set1_ps(a0[o]), w, acc[0]);
            acc[1] = _mm512_fmadd_ps(_mm512_set1_ps(a1[o]), w, acc[1]);
            acc[2] = _mm512_fmadd_ps(_mm512_set1_ps(a2[o]), w, acc[2]);
            acc[3] = _mm512_fmadd_ps(_mm512_set1_ps(a3[o]), w, acc[3]);
            acc[4] = _mm512_fmadd_ps(_mm512_set1_ps(a4[o]), w, acc[4]);
            acc[5] = _mm512_fmadd_ps(_mm512_set1_ps(a5[o]), w, acc[5]);
            acc[6] = _mm512_fmadd_ps(_mm512_set1_ps(a6[o]), w, acc[6]);
            acc[7] = _mm512_fmadd_ps(_mm512_set1_ps(a7[o]), w, acc[7]);
        }
    }
}

}  // namespace

bool oneChannelDirectApplies(const Window2D& g, int channels, int filters) {
    return channels == 1 && filters % 16 == 0 && g.padTop == 0 && g.padLeft == 0 &&
           g.kw <= kMaxGradientKernelWidth && (g.outH - 1) * g.sh + g.kh <= g.inH &&
           (g.outW - 1) * g.sw + g.kw <= g.inW;
}

void packOneChannelKernel(const float* kernel, int taps, int filters, float* packed) {
    for (int t = 0; t < taps; ++t)
        for (int f = 0; f < filters; ++f) packed[std::size_t(t) * filters + f] = kernel[std::size_t(f) * taps + t];
}

void forwardOneChannel(const float* in, const Window2D& g, const float* weights, int filters, float* out) {
    const int P = g.outPlane();
    // Outputs in runs of 16, numbered across rows (no run wasted on a short
    // row's end); a last short run repeats the last output and stores less.
    for (int q0 = 0; q0 < P; q0 += 16) {
        const float* at[16];
        for (int p = 0; p < 16; ++p) {
            const int q = std::min(q0 + p, P - 1), oy = q / g.outW, ox = q % g.outW;
            at[p] = in + std::size_t(oy * g.sh) * g.inW + std::size_t(ox * g.sw);
        }
        const int n = std::min(16, P - q0);
        const __mmask16 valid = __mmask16((1u << n) - 1);
        for (int first = 0; first < filters; first += 16) {
            __m512 acc[16];  // acc[p]: the 16 filters at output q0 + p
            accumulateEight(at, g, weights + first, filters, acc);
            accumulateEight(at + 8, g, weights + first, filters, acc + 8);
            transpose16(acc);  // acc[f]: filter first + f at the 16 outputs
            for (int f = 0; f < 16; ++f) _mm512_mask_storeu_ps(out + std::size_t(first + f) * P + q0, valid, acc[f]);
        }
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
void packOneChannelKernel(const float*, int, int, float*) {}
void forwardOneChannel(const float*, const Window2D&, const float*, int, float*) {}
std::size_t oneChannelGradientScratchSize(const Window2D&) { return 0; }
void kernelGradientOneChannel(const float*, const Window2D&, const float*, int, float*, float*, bool, float*) {}

#endif

}  // namespace cnnwb
