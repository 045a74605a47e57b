#include "window2d.h"

#include "../errors.h"
#include "../layer.h"

#include <algorithm>
#include <tuple>

namespace cnnwb {

const std::vector<std::string>& paddingNames() {
    static const std::vector<std::string> names{"valid", "same"};
    return names;
}

Padding paddingFromName(const std::string& name) { return name == "same" ? Padding::Same : Padding::Valid; }

std::string paddingName(Padding padding) { return paddingNames()[std::size_t(padding)]; }

std::string sizeText(std::pair<int, int> hw) { return std::to_string(hw.first) + "×" + std::to_string(hw.second); }

// One axis: output length and the padding before the first element.
static std::pair<int, int> axis(int in, int k, int s, Padding padding) {
    if (padding == Padding::Valid) return {(in - k) / s + 1, 0};
    const int out = (in + s - 1) / s;
    const int total = std::max((out - 1) * s + k - in, 0);
    return {out, total / 2};
}

Window2D makeWindow(const std::string& label, const std::string& type, const Shape& in,
                    std::pair<int, int> size, std::pair<int, int> strides, Padding padding,
                    const std::string& what) {
    if (in.isFlat())
        throw SpecError(label + ": needs an image input (H×W×C) but gets " + in.str() + "; " + type +
                        " cannot follow Flatten/Dense");
    if (padding == Padding::Valid && (size.first > in.h || size.second > in.w))
        throw SpecError(label + ": " + what + " " + sizeText(size) + " is larger than its " +
                        sizeText({in.h, in.w}) + " input; use a smaller " + what +
                        ", padding 'same', or shrink the image less before this layer");
    // What one output position reads (channels × window): the im2col rows.
    const std::uint64_t patch = std::uint64_t(in.c) * std::uint64_t(size.first) * std::uint64_t(size.second);
    if (patch > kMaxValuesPerImage)
        throw SpecError(label + ": a " + sizeText(size) + " " + what + " over " + std::to_string(in.c) +
                        " channels reads " + withThousands(patch) + " values per position; at most " +
                        withThousands(kMaxValuesPerImage) + " are allowed");
    Window2D w;
    w.inH = in.h;
    w.inW = in.w;
    w.kh = size.first;
    w.kw = size.second;
    w.sh = strides.first;
    w.sw = strides.second;
    std::tie(w.outH, w.padTop) = axis(in.h, w.kh, w.sh, padding);
    std::tie(w.outW, w.padLeft) = axis(in.w, w.kw, w.sw, padding);
    return w;
}

std::pair<int, int> insideRange(int offset, int stride, int inSize, int outSize) {
    const int begin = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
    const int end = inSize - 1 - offset < 0 ? 0 : (inSize - 1 - offset) / stride + 1;
    const int b = std::min(begin, outSize);
    return {b, std::clamp(end, b, outSize)};
}

CellExplanation windowExplanation(CellExplanation::Kind kind, const std::string& layer, const Window2D& w,
                                  Padding padding, int channel, int oy, int ox) {
    CellExplanation e;
    e.kind = kind;
    e.layer = layer;
    e.channel = channel;
    e.row = oy;
    e.column = ox;
    e.inputTop = oy * w.sh - w.padTop;
    e.inputLeft = ox * w.sw - w.padLeft;
    e.strideRows = w.sh;
    e.strideColumns = w.sw;
    e.padding = paddingName(padding);
    return e;
}

ExplainedWindow explainWindow(const float* plane, int inputChannel, const Window2D& w, int oy, int ox,
                              const float* kernel) {
    ExplainedWindow win;
    win.inputChannel = inputChannel;
    win.rows = w.kh;
    win.columns = w.kw;
    const int top = oy * w.sh - w.padTop, left = ox * w.sw - w.padLeft;
    for (int i = 0; i < w.kh; ++i)
        for (int j = 0; j < w.kw; ++j) {
            const int y = top + i, x = left + j;
            const bool outside = y < 0 || y >= w.inH || x < 0 || x >= w.inW;
            const float v = outside ? 0.0f : plane[std::size_t(y) * std::size_t(w.inW) + std::size_t(x)];
            win.input.push_back(v);
            win.padded.push_back(outside ? 1 : 0);
            if (kernel) {
                const float weight = kernel[i * w.kw + j];
                win.weights.push_back(weight);
                win.products.push_back(v * weight);
                win.sum += double(v) * double(weight);
            } else {
                win.sum += v;
            }
        }
    return win;
}

// Visits every (tap row of `col`, output row) pair with the input row it reads,
// so that im2col and col2imAdd share one walk and cannot disagree.
template <typename Visit>
static void walk(int channels, const Window2D& w, std::size_t rowStride, Visit&& visit) {
    const std::size_t P = rowStride ? rowStride : std::size_t(w.outPlane());
    for (int c = 0; c < channels; ++c)
        for (int i = 0; i < w.kh; ++i)
            for (int j = 0; j < w.kw; ++j) {
                const std::size_t row = (std::size_t(c * w.kh + i) * w.kw + j) * P;
                const int offsetX = j - w.padLeft;
                const auto [xb, xe] = insideRange(offsetX, w.sw, w.inW, w.outW);
                for (int oy = 0; oy < w.outH; ++oy) {
                    const int iy = oy * w.sh - w.padTop + i;
                    const bool rowInside = iy >= 0 && iy < w.inH;
                    // Index of input pixel (iy, ox*sw + offsetX) is base + ox*sw.
                    const std::ptrdiff_t base =
                        std::ptrdiff_t(c) * w.inPlane() + std::ptrdiff_t(iy) * w.inW + offsetX;
                    visit(row + std::size_t(oy) * w.outW, base, rowInside ? xb : 0, rowInside ? xe : 0);
                }
            }
}

// Rows are short (one output row, often 5..30 values): plain loops the
// compiler vectorises inline beat a library call per row.
void im2col(const float* image, int channels, const Window2D& w, float* col, std::size_t rowStride) {
    const int sw = w.sw, outW = w.outW;
    walk(channels, w, rowStride, [&](std::size_t at, std::ptrdiff_t base, int xb, int xe) {
        float* __restrict dst = col + at;
        const float* __restrict src = image + base;
        for (int ox = 0; ox < xb; ++ox) dst[ox] = 0.0f;
        if (sw == 1)
            for (int ox = xb; ox < xe; ++ox) dst[ox] = src[ox];
        else
            for (int ox = xb; ox < xe; ++ox) dst[ox] = src[std::ptrdiff_t(ox) * sw];
        for (int ox = std::max(xb, xe); ox < outW; ++ox) dst[ox] = 0.0f;
    });
}

void col2imAdd(const float* col, int channels, const Window2D& w, float* image, std::size_t rowStride) {
    const int sw = w.sw;
    walk(channels, w, rowStride, [&](std::size_t at, std::ptrdiff_t base, int xb, int xe) {
        const float* __restrict src = col + at;
        float* __restrict dst = image + base;
        if (sw == 1)
            for (int ox = xb; ox < xe; ++ox) dst[ox] += src[ox];
        else
            for (int ox = xb; ox < xe; ++ox) dst[std::ptrdiff_t(ox) * sw] += src[ox];
    });
}

}  // namespace cnnwb
