// Geometry shared by the sliding-window layers (Conv2D, DepthwiseConv2D,
// MaxPool2D, AveragePool2D): output size and padding by the Keras/TensorFlow
// rules, the shape errors a beginner sees, and the im2col/col2im copies that
// turn a convolution into one matrix product.
#pragma once

#include "../cell_explanation.h"
#include "../layer.h"
#include "../limits.h"
#include "../tensor.h"

#include <algorithm>
#include <array>
#include <string>
#include <utility>
#include <vector>

namespace cnnwb {

enum class Padding { Valid, Same };

const std::vector<std::string>& paddingNames();  // "valid", "same"
Padding paddingFromName(const std::string& name);  // name already validated
std::string paddingName(Padding padding);

// "5×5" for a (height, width) pair.
std::string sizeText(std::pair<int, int> hw);

// Where a window of kh×kw, moved by sh×sw, lands on an inH×inW plane.
// 'valid': out = floor((in - k) / s) + 1, no padding.
// 'same':  out = ceil(in / s); the padding needed is split with the extra
//          row/column on the bottom/right, as TensorFlow does.
struct Window2D {
    int inH = 0, inW = 0;
    int kh = 1, kw = 1;
    int sh = 1, sw = 1;
    int padTop = 0, padLeft = 0;
    int outH = 0, outW = 0;

    int inPlane() const { return inH * inW; }
    int outPlane() const { return outH * outW; }
    int taps() const { return kh * kw; }
    // A 1×1 window at stride 1: the image is already its own im2col matrix.
    bool isPointwise() const { return kh == 1 && kw == 1 && sh == 1 && sw == 1; }
    // One window over the whole unpadded plane (E5's last 5×5 layer): a CHW
    // image, read in order, is its own one-row im2col matrix.
    bool coversInput() const { return outH == 1 && outW == 1 && kh == inH && kw == inW && padTop == 0 && padLeft == 0; }
};

// The padding of each side, {top, left, bottom, right}: the bottom and right
// get what the last window needs beyond the top/left padding and the input.
inline std::array<int, 4> padsOf(const Window2D& w) {
    const int bottom = std::max(0, (w.outH - 1) * w.sh + w.kh - w.inH - w.padTop);
    const int right = std::max(0, (w.outW - 1) * w.sw + w.kw - w.inW - w.padLeft);
    return {w.padTop, w.padLeft, bottom, right};
}

// Where one output position reads (Layer::positionWindow).
inline PositionWindow positionWindowOf(const Window2D& w) { return {w.kh, w.kw, w.sh, w.sw, w.padTop, w.padLeft}; }

// Computes the window for `in`, or throws SpecError naming `label`: for flat
// input ("... Conv2D cannot follow Flatten/Dense") and for a window larger
// than a 'valid' input. `what` is "kernel" or "pool".
Window2D makeWindow(const std::string& label, const std::string& type, const Shape& in,
                    std::pair<int, int> size, std::pair<int, int> strides, Padding padding,
                    const std::string& what);

// The output positions o in [begin, end) whose input coordinate
// o*stride + offset lies inside [0, inSize).
std::pair<int, int> insideRange(int offset, int stride, int inSize, int outSize);

// Explaining one output value (Layer::explainOutput) of a window layer: the
// parts every kind shares (which value, where its window lies on the input),
// then one window over one input plane, with the kernel slice and the
// products when `kernel` is given (kh×kw weights, row-major).
CellExplanation windowExplanation(CellExplanation::Kind kind, const std::string& layer, const Window2D& w,
                                  Padding padding, int channel, int oy, int ox);
ExplainedWindow explainWindow(const float* plane, int inputChannel, const Window2D& w, int oy, int ox,
                              const float* kernel);

// Caffe layout: `col` holds channels*kh*kw rows of outH*outW values (row
// (c*kh + i)*kw + j is tap (i, j) of channel c at every output position), with
// zeros where the window hangs over the padding. Read column-major, it is the
// (outH*outW) × (channels*kh*kw) matrix whose product with a kernel matrix
// lands in CHW order. Rows start `rowStride` floats apart (default outH*outW):
// with rowStride = G*outH*outW, G images written at col + g*outH*outW stack
// into one (G*outH*outW) × (channels*kh*kw) matrix for a single product.
void im2col(const float* image, int channels, const Window2D& w, float* col, std::size_t rowStride = 0);
// The adjoint of im2col: adds every entry of `col` back onto its pixel.
void col2imAdd(const float* col, int channels, const Window2D& w, float* image, std::size_t rowStride = 0);

}  // namespace cnnwb
