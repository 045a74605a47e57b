// Conv2D for one input channel without padding (the first layers of E1, E3
// CNN and E4-h): the forward pass and the kernel gradient direct,
// sixteen filters to a vector. Through im2col + GEMM such a layer was a copy
// of the image 25 times over and a product with a 16-column tile, forward and
// backward: half of E4-h's training step. im2col + GEMM stays the reference
// path the tests compare these with (and gives the rare input gradient).
#pragma once

#include "window2d.h"

#include <cstddef>

namespace cnnwb {

// True when these kernels serve this geometry: one input channel, no
// padding, any strides, a multiple of 16 filters, kernels at most 8 wide (the
// gradient's accumulators stay in registers), and AVX-512 compiled in.
bool oneChannelDirectApplies(const Window2D& g, int channels, int filters);

// Conv2D's kernel matrix (taps × filters, column-major) tap-major into
// `packed` (taps · filters floats): each tap's filters contiguous, sixteen to
// a vector. Done once per pass, not per image.
void packOneChannelKernel(const float* kernel, int taps, int filters, float* packed);

// One image `in` (inH × inW) convolved with the packed kernel into `out`
// (filters planes of outH × outW), without bias or activation. Each output
// sums its taps row by row, the same order on every thread.
void forwardOneChannel(const float* in, const Window2D& g, const float* packedKernel, int filters, float* out);

// Floats of scratch kernelGradientOneChannel needs.
std::size_t oneChannelGradientScratchSize(const Window2D& g);

// One image's kernel gradient: kernelGrad (taps × filters, column-major, as
// Conv2D's kernel) = Σ over outputs of input window × dz, where dz (filters
// planes of outH × outW) is dL/dz of image `in`; the same for the bias
// (filters values) unless biasGrad is null. With `accumulate` both are added
// to, else overwritten. The sums run in one fixed order.
void kernelGradientOneChannel(const float* in, const Window2D& g, const float* dz, int filters, float* kernelGrad,
                              float* biasGrad, bool accumulate, float* scratch);

}  // namespace cnnwb
