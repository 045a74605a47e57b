// The packed GEMM (see gemm.h), laid out as in BLIS/GotoBLAS: for each
// column block and depth block, a kc × nc panel of B is packed in slivers of
// kNR columns (it stays in L2); then every sliver of kMR rows of C, as a TBB
// task, packs its kMR × kc sliver of A and the kernel multiplies it by each B
// sliver with kMR × kNR accumulators in registers, adding the result to C.
// Tasks by rows keep both threads busy when C has few columns (a batch of
// 128): split by columns, E3 MLP's products ran 1.1× faster on two threads
// than on one.
#include "gemm.h"

#include "simd_transpose.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#if defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace cnnwb {

using Eigen::Index;

namespace {

// Maps an operand for Eigen: contiguous columns, contiguous rows (a
// transpose), or any strides.
template <typename Body>
void withEigenOperand(Index rows, Index cols, GemmOperand op, Body&& body) {
    using ColMajor = Eigen::Map<const Eigen::MatrixXf, Eigen::Unaligned, Eigen::OuterStride<>>;
    using RowMajor = Eigen::Map<const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>,
                                Eigen::Unaligned, Eigen::OuterStride<>>;
    using Strided = Eigen::Map<const Eigen::MatrixXf, Eigen::Unaligned, Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>>;
    if (op.rowStride == 1) body(ColMajor(op.data, rows, cols, Eigen::OuterStride<>(op.colStride)));
    else if (op.colStride == 1) body(RowMajor(op.data, rows, cols, Eigen::OuterStride<>(op.rowStride)));
    else body(Strided(op.data, rows, cols, Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>(op.colStride, op.rowStride)));
}

}  // namespace

void gemmReference(Index rows, Index cols, Index depth, GemmOperand a, GemmOperand b, float* c, Index ldc,
                   bool accumulate) {
    if (rows == 0 || cols == 0) return;
    Eigen::Map<Eigen::MatrixXf, Eigen::Unaligned, Eigen::OuterStride<>> dst(c, rows, cols, Eigen::OuterStride<>(ldc));
    if (depth == 0) {
        if (!accumulate) dst.setZero();
        return;
    }
    withEigenOperand(rows, depth, a, [&](const auto& lhs) {
        withEigenOperand(depth, cols, b, [&](const auto& rhs) {
            if (accumulate) dst.noalias() += lhs * rhs;
            else dst.noalias() = lhs * rhs;
        });
    });
}

#if defined(__AVX512F__)

namespace {

constexpr int kMR = 32;    // rows of the register tile: two 16-float vectors
constexpr int kNR = 12;    // columns: 24 accumulators of the 32 registers
constexpr Index kKC = 384;  // depth block: an A sliver (48 KB) stays in L1
constexpr Index kNC = 512;  // column block: a B panel (768 KB) stays in L2

// A packing buffer kept between calls (allocating per call cost more than
// the product for small products), 64-byte aligned for the kernel's loads.
class PackBuffer {
public:
    float* ensure(std::size_t floats) {
        if (size_ < floats) {
            const std::size_t bytes = (floats * sizeof(float) + 63) / 64 * 64;
            data_.reset(static_cast<float*>(std::aligned_alloc(64, bytes)));
            if (!data_) throw std::bad_alloc();
            size_ = floats;
        }
        return data_.get();
    }

private:
    struct Free {
        void operator()(float* p) const { std::free(p); }
    };
    std::unique_ptr<float, Free> data_;
    std::size_t size_ = 0;
};

// Lines i < count of 16 contiguous floats at src + i·stride (lines past
// count read as zeros), transposed: dst + k·dstStride gets float k of every
// line, in the lanes of storeMask.
inline void packTransposed16(const float* src, Index stride, Index count, float* dst, Index dstStride,
                             __mmask16 storeMask) {
    __m512 r[16];
    for (Index i = 0; i < 16; ++i) r[i] = i < count ? _mm512_loadu_ps(src + i * stride) : _mm512_setzero_ps();
    transpose16(r);
    for (int k = 0; k < 16; ++k) _mm512_mask_storeu_ps(dst + k * dstStride, storeMask, r[k]);
}

// A's rows [i0, i0+mc) × depth [k0, k0+kc) as slivers of kMR rows: sliver s
// holds, for each k, its kMR rows contiguous (zeros past the last row).
void packA(GemmOperand a, Index i0, Index mc, Index k0, Index kc, float* dst) {
    for (Index ir = 0; ir < mc; ir += kMR) {
        const Index m = std::min<Index>(kMR, mc - ir);
        float* sliver = dst + ir * kc;
        const float* src = a.data + (i0 + ir) * a.rowStride + k0 * a.colStride;
        if (a.rowStride == 1) {
            for (Index k = 0; k < kc; ++k) {
                const float* col = src + k * a.colStride;
                float* d = sliver + k * kMR;
                if (m == kMR) std::memcpy(d, col, kMR * sizeof(float));
                else {
                    std::memcpy(d, col, std::size_t(m) * sizeof(float));
                    std::fill(d + m, d + kMR, 0.0f);
                }
            }
        } else {
            // Rows contiguous (a transpose): 16 × 16 blocks transposed in
            // registers, the last k < 16 one by one.
            Index k = 0;
            if (a.colStride == 1)
                for (; k + 16 <= kc; k += 16)
                    for (Index half = 0; half < kMR; half += 16)
                        packTransposed16(src + half * a.rowStride + k, a.rowStride, std::clamp<Index>(m - half, 0, 16),
                                         sliver + k * kMR + half, kMR, 0xFFFF);
            for (; k < kc; ++k) {
                float* d = sliver + k * kMR;
                const float* col = src + k * a.colStride;
                for (Index i = 0; i < m; ++i) d[i] = col[i * a.rowStride];
                std::fill(d + m, d + kMR, 0.0f);
            }
        }
    }
}

// B's depth [k0, k0+kc) × columns [j0, j0+n) (n ≤ kNR) as one sliver: for
// each k its kNR columns contiguous, zeros past the last column.
void packBSliver(GemmOperand b, Index k0, Index kc, Index j0, Index n, float* sliver) {
    const float* src = b.data + k0 * b.rowStride + j0 * b.colStride;
    if (b.colStride == 1) {
        for (Index k = 0; k < kc; ++k) {
            float* d = sliver + k * kNR;
            std::memcpy(d, src + k * b.rowStride, std::size_t(n) * sizeof(float));
            std::fill(d + n, d + kNR, 0.0f);
        }
    } else {
        // Columns contiguous: 16 × 16 blocks transposed in registers (the
        // sliver's 12 columns and 4 zeros), the last k < 16 one by one.
        Index k = 0;
        if (b.rowStride == 1)
            for (; k + 16 <= kc; k += 16)
                packTransposed16(src + k, b.colStride, int(n), sliver + k * kNR, kNR, __mmask16((1u << kNR) - 1));
        for (; k < kc; ++k) {
            float* d = sliver + k * kNR;
            for (Index j = 0; j < n; ++j) d[j] = src[k * b.rowStride + j * b.colStride];
            std::fill(d + n, d + kNR, 0.0f);
        }
    }
}

__mmask16 rowMask(Index valid) {
    return valid >= 16 ? __mmask16(0xFFFF) : valid <= 0 ? __mmask16(0) : __mmask16((1u << valid) - 1);
}

// C's m × n tile (m ≤ kMR, n ≤ kNR) = or += one A sliver × one B sliver.
void kernel(Index kc, const float* a, const float* b, float* c, Index ldc, Index m, Index n, bool add) {
    __m512 top[kNR], bottom[kNR];
    for (int j = 0; j < kNR; ++j) top[j] = bottom[j] = _mm512_setzero_ps();
    for (Index k = 0; k < kc; ++k) {
        const __m512 a0 = _mm512_load_ps(a + k * kMR), a1 = _mm512_load_ps(a + k * kMR + 16);
        const float* bk = b + k * kNR;
#pragma GCC unroll 12
        for (int j = 0; j < kNR; ++j) {
            const __m512 bj = _mm512_set1_ps(bk[j]);
            top[j] = _mm512_fmadd_ps(a0, bj, top[j]);
            bottom[j] = _mm512_fmadd_ps(a1, bj, bottom[j]);
        }
    }
    const __mmask16 m0 = rowMask(m), m1 = rowMask(m - 16);
    for (int j = 0; j < kNR; ++j) {
        if (j >= n) break;
        float* col = c + j * ldc;
        if (add) {
            top[j] = _mm512_add_ps(top[j], _mm512_maskz_loadu_ps(m0, col));
            bottom[j] = _mm512_add_ps(bottom[j], _mm512_maskz_loadu_ps(m1, col + 16));
        }
        _mm512_mask_storeu_ps(col, m0, top[j]);
        _mm512_mask_storeu_ps(col + 16, m1, bottom[j]);
    }
}

}  // namespace

// Whether the packed kernel pays: enough work to repay the packing (below
// ~1 M multiply-adds Eigen's product was as fast in microbenchmarks) and
// tiles that are mostly filled (10 rows run a 32-row tile at a third of its
// speed; Eigen's 48 × 4 tile wastes less on few columns and its packing of
// small operands is cheaper).
bool gemmRunsPacked(Index rows, Index cols, Index depth) {
    const double filled = double(rows) / double((rows + kMR - 1) / kMR * kMR) *
                          double(cols) / double((cols + kNR - 1) / kNR * kNR);
    return filled >= 0.75 && double(rows) * double(cols) * double(depth) >= double(1 << 20);
}

bool gemmIsPacked() { return true; }

void gemm(Index rows, Index cols, Index depth, GemmOperand a, GemmOperand b, float* c, Index ldc,
          bool accumulate) {
    if (gemmRunsPacked(rows, cols, depth)) gemmPacked(rows, cols, depth, a, b, c, ldc, accumulate);
    else gemmReference(rows, cols, depth, a, b, c, ldc, accumulate);
}

void gemmPacked(Index rows, Index cols, Index depth, GemmOperand a, GemmOperand b, float* c, Index ldc,
                bool accumulate) {
    if (rows == 0 || cols == 0) return;
    if (depth == 0) {
        gemmReference(rows, cols, depth, a, b, c, ldc, accumulate);
        return;
    }
    // The B panel is this thread's; isolation below keeps the thread from
    // running, while it waits, an outer task that would pack another into it.
    static thread_local PackBuffer panelB;
    const Index aSlivers = (rows + kMR - 1) / kMR;
    for (Index jc = 0; jc < cols; jc += kNC) {
        const Index nc = std::min(kNC, cols - jc), bSlivers = (nc + kNR - 1) / kNR;
        for (Index pc = 0; pc < depth; pc += kKC) {
            const Index kc = std::min(kKC, depth - pc);
            const bool add = accumulate || pc > 0;
            float* packedB = panelB.ensure(std::size_t(bSlivers * kNR * kc));
            // Then each sliver of C's rows, as a task, packs its A sliver
            // (it stays in L1) and runs it against every B sliver. Slivers
            // are independent: which thread runs which never changes a bit.
            const Index grain = std::max<Index>(1, (Index(1) << 20) / (kMR * nc * kc));
            tbb::this_task_arena::isolate([&] {
                tbb::parallel_for(tbb::blocked_range<Index>(0, bSlivers), [&](const tbb::blocked_range<Index>& r) {
                    for (Index s = r.begin(); s != r.end(); ++s)
                        packBSliver(b, pc, kc, jc + s * kNR, std::min<Index>(kNR, nc - s * kNR), packedB + s * kNR * kc);
                });
                tbb::parallel_for(tbb::blocked_range<Index>(0, aSlivers, grain), [&](const tbb::blocked_range<Index>& r) {
                    static thread_local PackBuffer sliverA;
                    float* packedA = sliverA.ensure(std::size_t(kMR * kc));
                    for (Index s = r.begin(); s != r.end(); ++s) {
                        const Index ir = s * kMR, m = std::min<Index>(kMR, rows - ir);
                        packA(a, ir, m, pc, kc, packedA);
                        for (Index jr = 0; jr < nc; jr += kNR)
                            kernel(kc, packedA, packedB + jr * kc, c + (jc + jr) * ldc + ir, ldc, m,
                                   std::min<Index>(kNR, nc - jr), add);
                    }
                });
            });
        }
    }
}

#else  // no AVX-512: Eigen's product

bool gemmIsPacked() { return false; }

bool gemmRunsPacked(Index, Index, Index) { return false; }

void gemm(Index rows, Index cols, Index depth, GemmOperand a, GemmOperand b, float* c, Index ldc,
          bool accumulate) {
    gemmReference(rows, cols, depth, a, b, c, ldc, accumulate);
}

void gemmPacked(Index rows, Index cols, Index depth, GemmOperand a, GemmOperand b, float* c, Index ldc,
                bool accumulate) {
    gemmReference(rows, cols, depth, a, b, c, ldc, accumulate);
}

#endif

}  // namespace cnnwb
