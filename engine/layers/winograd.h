// Winograd minimal filtering (Lavin & Gray, 2016) for Conv2D's stride-1 3×3
// and 5×5 layers: an m×m block of outputs of an r×r filter comes from an α×α
// input tile (α = m + r − 1) with α² multiplies per channel pair instead of
// m²·r². Over a group of tiles the α² element-wise products become α²
// matrix products (filters × channels times channels × tiles), so the
// multiplies still run in Eigen's GEMM: F(2×2,3×3) needs 2.25× fewer,
// F(4×4,3×3) 4×, F(2×2,5×5) 2.8×, F(4×4,5×5) 5.4× (on whole tiles).
// Forward, input gradient and kernel gradient are exact adjoints of one
// another; im2col + GEMM stays Conv2D's reference path (test_winograd).
#pragma once

#include "window2d.h"

#include <cstddef>
#include <string>
#include <vector>

namespace cnnwb {

// F(m, r) in one dimension: y = Aᵀ[(G·g) ⊙ (Bᵀ·d)], from Cook–Toom
// interpolation at the points 0, 1, −1, 2, −2, ½, −½ (as many as needed) and ∞.
struct WinogradMatrices {
    int m = 0, r = 0, alpha = 0;
    std::vector<float> AT;  // m × α, row-major
    std::vector<float> G;   // α × r
    std::vector<float> BT;  // α × α
};
WinogradMatrices winogradMatrices(int m, int r);

class WinogradConvolution {
public:
    // The output tile m (2 or 4) that makes this layer cheapest by a model of
    // its multiplies (products plus transforms), or 0 when im2col + GEMM is
    // cheaper or the layer is not a stride-1 square 3×3 or 5×5 convolution.
    static int chooseOutputTile(const Window2D& w, int channels, int filters);
    // Whether F(m×m, r×r) is built for this window at all (stride 1, square r).
    static bool supports(const Window2D& w, int m);

    void setup(const Window2D& w, int channels, int filters, int m);
    // "Winograd F(4×4,3×3)"
    std::string name() const;
    int tilesPerImage() const { return tilesH_ * tilesW_; }
    // Floats of the transformed kernel gradient (α² · filters · channels).
    std::size_t transformedKernelSize() const { return std::size_t(mats_.alpha) * mats_.alpha * F_ * C_; }
    // Floats of scratch one group of `count` samples needs.
    std::size_t scratchSize(int count) const;

    // U = G·g·Gᵀ from a kernel laid out [F][C][r][r]; before forward and backward.
    void transformKernel(const float* kernel);
    // `count` CHW images one after another → their CHW outputs (no bias).
    void forward(const float* in, float* out, int count, float* scratch, bool parallelProducts) const;
    // dz: the `count` CHW gradients of the outputs (before bias). dU (the
    // transformed kernel gradient) gets (or, with accumulate, adds) this group's
    // share; dIn, when given, gets the CHW input gradients.
    void backward(const float* in, const float* dz, int count, float* dU, bool accumulate, float* dIn,
                  float* scratch, bool parallelProducts) const;
    // The kernel gradient [F][C][r][r] = Gᵀ·dU·G of a dU; `parallel` splits
    // it over threads (never from inside a task that owns thread-local scratch).
    void kernelGradient(const float* dU, float* kernelGrad, bool parallel) const;

    // The four tile transforms of one F(m×m, r×r), compiled for it:
    // Out = L · In · Lᵀ on 16 channels side by side (winograd.cpp).
    using TileTransform = void (*)(const float* src, std::size_t srcRow, std::size_t srcCol, float* dst,
                                   std::size_t dstRow, std::size_t dstCol, int n, bool accumulate);
    struct TileTransforms {
        TileTransform input;           // Bᵀ · d · B
        TileTransform output;          // Aᵀ · M · A
        TileTransform outputGradient;  // A · dY · Aᵀ
        TileTransform inputGradient;   // B · dV · Bᵀ
    };

private:
    struct Buffers;
    Buffers buffers(float* scratch, int count) const;
    void toPaddedImage(const float* chw, float* hwc) const;
    void transformInputTiles(const float* hwc, float* V, int firstTile, std::size_t T) const;
    void transformOutputGradientTiles(const float* chw, float* hwc, float* dM, int firstTile, std::size_t T) const;

    WinogradMatrices mats_;
    Window2D w_;
    int C_ = 0, F_ = 0;
    int tilesH_ = 0, tilesW_ = 0;
    int paddedH_ = 0, paddedW_ = 0;  // the input with its padding, grown to whole tiles
    std::vector<float> U_;           // α² blocks of F × C, column-major
    TileTransforms transforms_{};
};

}  // namespace cnnwb
