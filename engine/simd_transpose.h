// A 16 × 16 float transpose in AVX-512 registers, for the kernels that turn
// rows into columns on the way in or out (the packed GEMM's packing, the
// one-channel convolution's stores).
#pragma once

#if defined(__AVX512F__)
#include <immintrin.h>

namespace cnnwb {

// Transposes 16 vectors of 16 floats in place: afterwards lane i of r[k]
// holds what lane k of r[i] held. Pairs of floats, then of doubles, are
// interleaved inside 128-bit lanes, then the lanes are exchanged.
inline void transpose16(__m512 r[16]) {
    __m512 t[16];
    for (int j = 0; j < 16; j += 2) {
        t[j] = _mm512_unpacklo_ps(r[j], r[j + 1]);
        t[j + 1] = _mm512_unpackhi_ps(r[j], r[j + 1]);
    }
    __m512 u[16];  // u[4g + q], lane L: rows 4g..4g+3 of column 4L + q
    for (int g = 0; g < 16; g += 4) {
        const __m512d t0 = _mm512_castps_pd(t[g]), t1 = _mm512_castps_pd(t[g + 1]),
                      t2 = _mm512_castps_pd(t[g + 2]), t3 = _mm512_castps_pd(t[g + 3]);
        u[g] = _mm512_castpd_ps(_mm512_unpacklo_pd(t0, t2));
        u[g + 1] = _mm512_castpd_ps(_mm512_unpackhi_pd(t0, t2));
        u[g + 2] = _mm512_castpd_ps(_mm512_unpacklo_pd(t1, t3));
        u[g + 3] = _mm512_castpd_ps(_mm512_unpackhi_pd(t1, t3));
    }
    for (int q = 0; q < 4; ++q) {
        const __m512 lowX = _mm512_shuffle_f32x4(u[q], u[4 + q], 0x44), highX = _mm512_shuffle_f32x4(u[q], u[4 + q], 0xEE);
        const __m512 lowY = _mm512_shuffle_f32x4(u[8 + q], u[12 + q], 0x44),
                     highY = _mm512_shuffle_f32x4(u[8 + q], u[12 + q], 0xEE);
        r[q] = _mm512_shuffle_f32x4(lowX, lowY, 0x88);
        r[4 + q] = _mm512_shuffle_f32x4(lowX, lowY, 0xDD);
        r[8 + q] = _mm512_shuffle_f32x4(highX, highY, 0x88);
        r[12 + q] = _mm512_shuffle_f32x4(highX, highY, 0xDD);
    }
}

}  // namespace cnnwb

#endif
