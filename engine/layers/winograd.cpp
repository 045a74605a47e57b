#include "winograd.h"

#include "../parallel.h"
#include "../tensor.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <cstring>

namespace cnnwb {

namespace {

// F(m, r) by Cook–Toom in double, at compile time for the tables the tile
// transforms are built from and at run time for winogradMatrices().
constexpr int kMaxSide = 8;  // α of F(4×4,5×5)
struct CookToom {
    double AT[4 * kMaxSide] = {};         // m × α
    double G[kMaxSide * 5] = {};          // α × r
    double BT[kMaxSide * kMaxSide] = {};  // α × α
};

// The coefficients (lowest degree first) of the product of (x − p[l]) over
// l < n, l ≠ skip.
constexpr void productOfRoots(const double* p, int n, int skip, double* c) {
    for (int q = 0; q <= n; ++q) c[q] = q == 0 ? 1.0 : 0.0;
    int degree = 0;
    for (int l = 0; l < n; ++l) {
        if (l == skip) continue;
        for (int q = degree + 1; q >= 1; --q) c[q] = c[q - 1] - p[l] * c[q];
        c[0] = -p[l] * c[0];
        ++degree;
    }
}

constexpr CookToom cookToom(int m, int r) {
    constexpr double kPoints[] = {0.0, 1.0, -1.0, 2.0, -2.0, 0.5, -0.5};
    const int a = m + r - 1, n = a - 1;  // n finite points, then ∞
    CookToom w;
    double c[kMaxSide + 1] = {};
    for (int j = 0; j < n; ++j) {
        const double p = kPoints[j];
        double norm = 1.0;
        for (int l = 0; l < n; ++l)
            if (l != j) norm *= p - kPoints[l];
        double power = 1.0;
        for (int i = 0; i < std::max(m, r); ++i, power *= p) {
            if (i < m) w.AT[i * a + j] = power;
            if (i < r) w.G[j * r + i] = power / norm;
        }
        productOfRoots(kPoints, n, j, c);
        for (int q = 0; q < a - 1; ++q) w.BT[j * a + q] = c[q];
    }
    // The point at infinity: the leading coefficients.
    w.AT[(m - 1) * a + n] = 1.0;
    w.G[n * r + r - 1] = 1.0;
    productOfRoots(kPoints, n, -1, c);
    for (int q = 0; q < a; ++q) w.BT[n * a + q] = c[q];
    return w;
}

std::size_t roundUp(std::size_t n) { return (n + 15) / 16 * 16; }

using OuterStride = Eigen::OuterStride<>;
using StridedMap = Eigen::Map<Eigen::MatrixXf, Eigen::Unaligned, OuterStride>;
using ConstStridedMap = Eigen::Map<const Eigen::MatrixXf, Eigen::Unaligned, OuterStride>;

// dst[0..n) (+)= Σ_k coef[k] · src_k[0..n), src_k = src + k·step; zero
// coefficients are skipped, so the sparse transforms cost what they hold.
inline void combine(const float* coef, int terms, const float* __restrict src, std::size_t step,
                    float* __restrict dst, int n,
                    bool accumulate) {
    if (!accumulate) std::fill(dst, dst + n, 0.0f);
    for (int k = 0; k < terms; ++k) {
        const float b = coef[k];
        if (b == 0.0f) continue;
        const float* s = src + std::size_t(k) * step;
        for (int c = 0; c < n; ++c) dst[c] += b * s[c];
    }
}

// dst[x·dstStride + r] = src[r·srcStride + x] for r < rows, x < cols: the
// switch between a layer's CHW planes and the tiles' channels-last rows, in
// 16 × 16 blocks that stay in L1 (a strided Eigen view of it took ten times longer).
void transpose(const float* __restrict src, std::size_t srcStride, int rows, int cols, float* __restrict dst,
               std::size_t dstStride) {
    constexpr int kBlock = 16;
    for (int r0 = 0; r0 < rows; r0 += kBlock)
        for (int x0 = 0; x0 < cols; x0 += kBlock) {
            const int rn = std::min(kBlock, rows - r0), xn = std::min(kBlock, cols - x0);
            for (int x = x0; x < x0 + xn; ++x)
                for (int r = r0; r < r0 + rn; ++r) dst[std::size_t(x) * dstStride + r] = src[std::size_t(r) * srcStride + x];
        }
}

// Channels one sandwich works on at once: a vector register's worth.
constexpr int kLanes = 16;

// The tile transforms of F(M×M, R×R) as compile-time float tables.
template <int M, int R>
struct Tables {
    static constexpr int A = M + R - 1;
    static constexpr CookToom w = cookToom(M, R);
    static constexpr std::array<float, std::size_t(A) * A> BT = [] {
        std::array<float, std::size_t(A) * A> t{};
        for (int i = 0; i < A * A; ++i) t[std::size_t(i)] = float(w.BT[i]);
        return t;
    }();
    static constexpr std::array<float, std::size_t(A) * A> B = [] {  // (Bᵀ)ᵀ
        std::array<float, std::size_t(A) * A> t{};
        for (int i = 0; i < A; ++i)
            for (int k = 0; k < A; ++k) t[std::size_t(k * A + i)] = float(w.BT[i * A + k]);
        return t;
    }();
    static constexpr std::array<float, std::size_t(M) * A> AT = [] {
        std::array<float, std::size_t(M) * A> t{};
        for (int i = 0; i < M * A; ++i) t[std::size_t(i)] = float(w.AT[i]);
        return t;
    }();
    static constexpr std::array<float, std::size_t(A) * M> At = [] {  // (Aᵀ)ᵀ
        std::array<float, std::size_t(A) * M> t{};
        for (int y = 0; y < M; ++y)
            for (int k = 0; k < A; ++k) t[std::size_t(k * M + y)] = float(w.AT[y * A + k]);
        return t;
    }();
};

// Out(k1,k2) = Σ_i Σ_j L[k1][i] · In(i,j) · L[k2][j] for `n` ≤ kLanes
// channels side by side: In's values (i, j) start at src + i·srcRow + j·srcCol,
// Out's at dst + k1·dstRow + k2·dstCol. L (K × I) is known at compile time, so
// the unrolled loops keep only its non-zero coefficients, as constants.
template <int I, int K, const auto& L>
void sandwich(const float* src, std::size_t srcRow, std::size_t srcCol, float* dst, std::size_t dstRow,
              std::size_t dstCol, int n, bool accumulate) {
    alignas(64) float in[I][kLanes];
    alignas(64) float t[I][K][kLanes];  // t[i][k2] = Σ_j L[k2][j] · In(i, j)
#pragma GCC unroll 8
    for (int i = 0; i < I; ++i) {
#pragma GCC unroll 8
        for (int j = 0; j < I; ++j) {
            const float* from = src + std::size_t(i) * srcRow + std::size_t(j) * srcCol;
            if (n == kLanes) std::memcpy(in[j], from, sizeof(in[j]));
            else {
                std::fill(in[j], in[j] + kLanes, 0.0f);
                std::copy(from, from + n, in[j]);
            }
        }
#pragma GCC unroll 8
        for (int k2 = 0; k2 < K; ++k2) {
            float acc[kLanes] = {};
#pragma GCC unroll 8
            for (int j = 0; j < I; ++j) {
                const float c = L[std::size_t(k2 * I + j)];
                if (c == 0.0f) continue;
                for (int l = 0; l < kLanes; ++l) acc[l] += c * in[j][l];
            }
            std::memcpy(t[i][k2], acc, sizeof(acc));
        }
    }
#pragma GCC unroll 8
    for (int k2 = 0; k2 < K; ++k2)
#pragma GCC unroll 8
        for (int k1 = 0; k1 < K; ++k1) {
            float acc[kLanes] = {};
#pragma GCC unroll 8
            for (int i = 0; i < I; ++i) {
                const float c = L[std::size_t(k1 * I + i)];
                if (c == 0.0f) continue;
                for (int l = 0; l < kLanes; ++l) acc[l] += c * t[i][k2][l];
            }
            float* to = dst + std::size_t(k1) * dstRow + std::size_t(k2) * dstCol;
            if (accumulate)
                for (int l = 0; l < n; ++l) to[l] += acc[l];
            else if (n == kLanes) std::memcpy(to, acc, sizeof(acc));
            else std::copy(acc, acc + n, to);
        }
}

template <int M, int R>
WinogradConvolution::TileTransforms tileTransforms() {
    using T = Tables<M, R>;
    constexpr int A = T::A;
    return {&sandwich<A, A, T::BT>, &sandwich<A, M, T::AT>, &sandwich<M, A, T::At>, &sandwich<A, A, T::B>};
}

}  // namespace

WinogradMatrices winogradMatrices(int m, int r) {
    // The tables and transforms exist for these four tile sizes only.
    if ((m != 2 && m != 4) || (r != 3 && r != 5))
        throw std::invalid_argument("Winograd F(" + std::to_string(m) + "×" + std::to_string(m) + "," +
                                    std::to_string(r) + "×" + std::to_string(r) + ") is not built; m is 2 or 4, r 3 or 5");
    const CookToom c = cookToom(m, r);
    WinogradMatrices w;
    w.m = m;
    w.r = r;
    w.alpha = m + r - 1;
    const int a = w.alpha;
    w.AT.assign(c.AT, c.AT + m * a);
    w.G.assign(c.G, c.G + a * r);
    w.BT.assign(c.BT, c.BT + a * a);
    return w;
}

bool WinogradConvolution::supports(const Window2D& w, int m) {
    return w.sh == 1 && w.sw == 1 && w.kh == w.kw && (w.kh == 3 || w.kh == 5) && (m == 2 || m == 4);
}

int WinogradConvolution::chooseOutputTile(const Window2D& w, int channels, int filters) {
    // Few channels or filters: the products are too thin for the transforms to pay.
    if (channels < 8 || filters < 8) return 0;
    const double C = channels, F = filters, r = w.kh;
    const double direct = double(w.outPlane()) * r * r * C * F;
    double best = 0.8 * direct;  // a clear gain or none: the reference path is simpler
    int bestM = 0;
    for (int m : {2, 4}) {
        if (!supports(w, m)) continue;
        const double a = m + r - 1;
        const double tiles = std::ceil(w.outH / double(m)) * std::ceil(w.outW / double(m));
        // Products, plus the input and output transforms (about half their
        // coefficients are zero) counted as multiplies of the same cost.
        const double cost = tiles * (a * a * C * F + 0.5 * (2 * a * a * a * C + (a * a * m + m * m * a) * F));
        if (cost < best) best = cost, bestM = m;
    }
    return bestM;
}

void WinogradConvolution::setup(const Window2D& w, int channels, int filters, int m) {
    if (!supports(w, m))
        throw std::invalid_argument("Winograd F(" + std::to_string(m) + "×" + std::to_string(m) + "," +
                                    std::to_string(w.kh) + "×" + std::to_string(w.kw) + ") does not fit this layer: " +
                                    "stride 1, a square 3×3 or 5×5 kernel and m 2 or 4 only");
    w_ = w;
    C_ = channels;
    F_ = filters;
    mats_ = winogradMatrices(m, w.kh);
    tilesH_ = (w.outH + m - 1) / m;
    tilesW_ = (w.outW + m - 1) / m;
    paddedH_ = tilesH_ * m + w.kh - 1;
    paddedW_ = tilesW_ * m + w.kw - 1;
    U_.assign(transformedKernelSize(), 0.0f);
    switch (m * 10 + w.kh) {
    case 23: transforms_ = tileTransforms<2, 3>(); break;
    case 43: transforms_ = tileTransforms<4, 3>(); break;
    case 25: transforms_ = tileTransforms<2, 5>(); break;
    default: transforms_ = tileTransforms<4, 5>(); break;
    }
}

std::string WinogradConvolution::name() const {
    const std::string m = std::to_string(mats_.m), r = std::to_string(mats_.r);
    return "Winograd F(" + m + "×" + m + "," + r + "×" + r + ")";
}

// One group's scratch: the transformed input tiles V (α² blocks of C × T),
// the transformed products M (α² blocks of F × T), one padded input image
// and one tile-grown output image, both channels-last.
struct WinogradConvolution::Buffers {
    float* V;
    float* M;
    float* image;
    float* outputImage;
    std::size_t T;
};

std::size_t WinogradConvolution::scratchSize(int count) const {
    const std::size_t a2 = std::size_t(mats_.alpha) * mats_.alpha, T = std::size_t(count) * tilesPerImage();
    const std::size_t m = std::size_t(mats_.m);
    return roundUp(a2 * C_ * T) + roundUp(a2 * F_ * T) + roundUp(std::size_t(paddedH_) * paddedW_ * C_) +
           roundUp(tilesH_ * m * tilesW_ * m * F_);
}

WinogradConvolution::Buffers WinogradConvolution::buffers(float* scratch, int count) const {
    const std::size_t a2 = std::size_t(mats_.alpha) * mats_.alpha, T = std::size_t(count) * tilesPerImage();
    Buffers b;
    b.T = T;
    b.V = scratch;
    b.M = b.V + roundUp(a2 * C_ * T);
    b.image = b.M + roundUp(a2 * F_ * T);
    b.outputImage = b.image + roundUp(std::size_t(paddedH_) * paddedW_ * C_);
    return b;
}

// Both kernel transforms work on all filters of one input channel at once:
// U(k1,k2) = Σ_p Σ_q G[k1][p] · g(p,q) · G[k2][q], and its adjoint
// dg(p,q) = Σ_k1 Σ_k2 G[k1][p] · dU(k1,k2) · G[k2][q].
void WinogradConvolution::transformKernel(const float* kernel) {
    const int a = mats_.alpha, r = mats_.r, F = F_;
    const float* G = mats_.G.data();
    const std::size_t block = std::size_t(F) * C_, taps = std::size_t(r) * r;
    parallelForChunks(C_, 4, [&](int begin, int end) {
        std::vector<float> g(taps * F), gg(std::size_t(a) * r * F);  // g(p,q), then G·g (k, q), filters last
        for (int c = begin; c < end; ++c) {
            for (int f = 0; f < F; ++f)
                for (std::size_t k = 0; k < taps; ++k) g[k * F + f] = kernel[(std::size_t(f) * C_ + c) * taps + k];
            for (int k = 0; k < a; ++k)
                for (int q = 0; q < r; ++q)
                    combine(G + k * r, r, g.data() + std::size_t(q) * F, std::size_t(r) * F,
                            gg.data() + std::size_t(k * r + q) * F, F, false);
            for (int k1 = 0; k1 < a; ++k1)
                for (int k2 = 0; k2 < a; ++k2)
                    combine(G + k2 * r, r, gg.data() + std::size_t(k1 * r) * F, std::size_t(F),
                            U_.data() + std::size_t(k1 * a + k2) * block + std::size_t(c) * F, F, false);
        }
    });
}

void WinogradConvolution::kernelGradient(const float* dU, float* kernelGrad, bool parallel) const {
    const int a = mats_.alpha, r = mats_.r, F = F_;
    std::vector<float> GT(std::size_t(r) * a);  // Gᵀ, r × α
    for (int k = 0; k < a; ++k)
        for (int p = 0; p < r; ++p) GT[std::size_t(p * a + k)] = mats_.G[std::size_t(k * r + p)];
    const std::size_t block = std::size_t(F) * C_, taps = std::size_t(r) * r;
    auto channels = [&](int begin, int end) {
        std::vector<float> t(std::size_t(r) * a * F), g(taps * F);  // Gᵀ·dU (p, k2), then dg (p, q), filters last
        for (int c = begin; c < end; ++c) {
            for (int p = 0; p < r; ++p)
                for (int k2 = 0; k2 < a; ++k2)
                    combine(GT.data() + p * a, a, dU + std::size_t(k2) * block + std::size_t(c) * F, std::size_t(a) * block,
                            t.data() + std::size_t(p * a + k2) * F, F, false);
            for (int p = 0; p < r; ++p)
                for (int q = 0; q < r; ++q)
                    combine(GT.data() + q * a, a, t.data() + std::size_t(p * a) * F, std::size_t(F),
                            g.data() + std::size_t(p * r + q) * F, F, false);
            for (int f = 0; f < F; ++f)
                for (std::size_t k = 0; k < taps; ++k) kernelGrad[(std::size_t(f) * C_ + c) * taps + k] = g[k * F + f];
        }
    };
    if (parallel) parallelForChunks(C_, 4, channels);
    else channels(0, C_);
}

// A CHW image into the zeroed, channels-last frame the tiles cut: the
// padding of the layer on the top/left, zeros to whole tiles on the bottom/right.
void WinogradConvolution::toPaddedImage(const float* chw, float* hwc) const {
    std::fill(hwc, hwc + std::size_t(paddedH_) * paddedW_ * C_, 0.0f);
    const std::size_t plane = std::size_t(w_.inH) * w_.inW;
    for (int y = 0; y < w_.inH; ++y)
        transpose(chw + std::size_t(y) * w_.inW, plane, C_, w_.inW,
                  hwc + (std::size_t(y + w_.padTop) * paddedW_ + w_.padLeft) * C_, std::size_t(C_));
}

// V(k1,k2) = Σ_i Σ_j Bᵀ[k1][i] · d(i,j) · Bᵀ[k2][j] for every tile of one
// image; tile t's α² values go to column firstTile + t of the α² blocks of V.
void WinogradConvolution::transformInputTiles(const float* hwc, float* V, int firstTile, std::size_t T) const {
    const int a = mats_.alpha, m = mats_.m, C = C_;
    const std::size_t row = std::size_t(paddedW_) * C, blockStride = T * C;
    for (int ty = 0; ty < tilesH_; ++ty)
        for (int tx = 0; tx < tilesW_; ++tx) {
            const float* d = hwc + std::size_t(ty * m) * row + std::size_t(tx * m) * C;
            float* v = V + std::size_t(firstTile + ty * tilesW_ + tx) * C;
            for (int c = 0; c < C; c += kLanes)
                transforms_.input(d + c, row, std::size_t(C), v + c, std::size_t(a) * blockStride, blockStride,
                         std::min(kLanes, C - c), false);
        }
}

void WinogradConvolution::forward(const float* in, float* out, int count, float* scratch,
                                  bool parallelProducts) const {
    const Buffers b = buffers(scratch, count);
    const int a = mats_.alpha, m = mats_.m, F = F_, tiles = tilesPerImage();
    const std::size_t inSize = std::size_t(C_) * w_.inPlane(), outSize = std::size_t(F) * w_.outPlane();
    for (int j = 0; j < count; ++j) {
        toPaddedImage(in + j * inSize, b.image);
        transformInputTiles(b.image, b.V, j * tiles, b.T);
    }
    const Eigen::Index T = Eigen::Index(b.T);
    for (int xi = 0; xi < a * a; ++xi) {
        const ConstMatrixMap U(U_.data() + std::size_t(xi) * F * C_, F, C_), V(b.V + std::size_t(xi) * C_ * b.T, C_, T);
        MatrixMap M(b.M + std::size_t(xi) * F * b.T, F, T);
        if (parallelProducts) parallelProduct(M, U, V);
        else product(M, U, V);
    }
    // Y(y, x) = Σ_k1 Σ_k2 Aᵀ[y][k1] · M(k1,k2) · Aᵀ[x][k2] per tile.
    const std::size_t yRow = std::size_t(tilesW_) * m * F, blockStride = b.T * F;
    for (int j = 0; j < count; ++j) {
        for (int ty = 0; ty < tilesH_; ++ty)
            for (int tx = 0; tx < tilesW_; ++tx) {
                const float* mt = b.M + std::size_t(j * tiles + ty * tilesW_ + tx) * F;
                float* y = b.outputImage + std::size_t(ty * m) * yRow + std::size_t(tx * m) * F;
                for (int f = 0; f < F; f += kLanes)
                    transforms_.output(mt + f, std::size_t(a) * blockStride, blockStride, y + f, yRow,
                             std::size_t(F), std::min(kLanes, F - f), false);
            }
        const std::size_t plane = std::size_t(w_.outH) * w_.outW;
        float* o = out + j * outSize;
        for (int y = 0; y < w_.outH; ++y)
            transpose(b.outputImage + std::size_t(y) * yRow, std::size_t(F), w_.outW, F, o + std::size_t(y) * w_.outW,
                      plane);
    }
}

// dM(k1,k2) = Σ_y Σ_x Aᵀ[y][k1] · dY(y,x) · Aᵀ[x][k2] for every tile of one
// output gradient (the adjoint of the output transform).
void WinogradConvolution::transformOutputGradientTiles(const float* chw, float* hwc, float* dM, int firstTile,
                                                       std::size_t T) const {
    const int a = mats_.alpha, m = mats_.m, F = F_;
    const std::size_t yRow = std::size_t(tilesW_) * m * F, blockStride = T * F;
    std::fill(hwc, hwc + std::size_t(tilesH_) * m * yRow, 0.0f);
    const std::size_t plane = std::size_t(w_.outH) * w_.outW;
    for (int y = 0; y < w_.outH; ++y)
        transpose(chw + std::size_t(y) * w_.outW, plane, F, w_.outW, hwc + std::size_t(y) * yRow, std::size_t(F));
    for (int ty = 0; ty < tilesH_; ++ty)
        for (int tx = 0; tx < tilesW_; ++tx) {
            const float* dy = hwc + std::size_t(ty * m) * yRow + std::size_t(tx * m) * F;
            float* d = dM + std::size_t(firstTile + ty * tilesW_ + tx) * F;
            for (int f = 0; f < F; f += kLanes)
                transforms_.outputGradient(dy + f, yRow, std::size_t(F), d + f, std::size_t(a) * blockStride,
                         blockStride, std::min(kLanes, F - f), false);
        }
}

void WinogradConvolution::backward(const float* in, const float* dz, int count, float* dU, bool accumulate,
                                   float* dIn, float* scratch, bool parallelProducts) const {
    const Buffers b = buffers(scratch, count);
    const int a = mats_.alpha, m = mats_.m, C = C_, F = F_, tiles = tilesPerImage();
    const std::size_t inSize = std::size_t(C) * w_.inPlane(), outSize = std::size_t(F) * w_.outPlane();
    for (int j = 0; j < count; ++j) {
        toPaddedImage(in + j * inSize, b.image);
        transformInputTiles(b.image, b.V, j * tiles, b.T);
        transformOutputGradientTiles(dz + j * outSize, b.outputImage, b.M, j * tiles, b.T);
    }
    const Eigen::Index T = Eigen::Index(b.T);
    // dU(ξ) (+)= dM(ξ) · V(ξ)ᵀ, then the input side: dV(ξ) = U(ξ)ᵀ · dM(ξ), into V's place.
    for (int xi = 0; xi < a * a; ++xi) {
        const ConstMatrixMap dM(b.M + std::size_t(xi) * F * b.T, F, T);
        MatrixMap V(b.V + std::size_t(xi) * C * b.T, C, T);
        MatrixMap dUxi(dU + std::size_t(xi) * F * C, F, C);
        if (parallelProducts) parallelProduct(dUxi, dM, V.transpose(), accumulate);
        else product(dUxi, dM, V.transpose(), accumulate);
        if (!dIn) continue;
        const ConstMatrixMap U(U_.data() + std::size_t(xi) * F * C, F, C);
        if (parallelProducts) parallelProduct(V, U.transpose(), dM);
        else product(V, U.transpose(), dM);
    }
    if (!dIn) return;
    // dd(i, j) = Σ_k1 Σ_k2 Bᵀ[k1][i] · dV(k1,k2) · Bᵀ[k2][j], added onto the
    // padded image where the tile was cut (tiles overlap by r − 1).
    const std::size_t row = std::size_t(paddedW_) * C, blockStride = b.T * C;
    const std::size_t plane = std::size_t(w_.inH) * w_.inW;
    for (int j = 0; j < count; ++j) {
        std::fill(b.image, b.image + std::size_t(paddedH_) * row, 0.0f);
        for (int ty = 0; ty < tilesH_; ++ty)
            for (int tx = 0; tx < tilesW_; ++tx) {
                const float* dv = b.V + std::size_t(j * tiles + ty * tilesW_ + tx) * C;
                float* d = b.image + std::size_t(ty * m) * row + std::size_t(tx * m) * C;
                for (int c = 0; c < C; c += kLanes)
                    transforms_.inputGradient(dv + c, std::size_t(a) * blockStride, blockStride, d + c, row,
                             std::size_t(C), std::min(kLanes, C - c), true);
            }
        float* dx = dIn + j * inSize;
        for (int y = 0; y < w_.inH; ++y)
            transpose(b.image + (std::size_t(y + w_.padTop) * paddedW_ + w_.padLeft) * C, std::size_t(C), w_.inW, C,
                      dx + std::size_t(y) * w_.inW, plane);
    }
}

}  // namespace cnnwb
