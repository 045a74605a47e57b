// Compositing, colour mode and antialiased resizing of decoded images; see
// image_convert.h. The resize is separable: each source row is converted
// (compositing, greyscale) and resampled across, then output rows are blended
// from those rows, a few of which are kept in a ring for the next output rows.
// Memory beyond the result is a few rows and the across weights, whatever the
// image's shape: past 16–32 MB, pixels are converted and weights computed as
// the filter reads them instead (a 1×60,000,000 image still converts). Sums
// are in double: a window over millions of pixels must still give a constant
// image back unchanged.
#include "image_convert.h"

#include "../errors.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace cnnwb {

namespace {

// A converted source row is kept when at most this many floats (16 MB); a
// longer one is converted pixel by pixel as the filter reads it.
constexpr std::size_t kMaxLineFloats = std::size_t(4) << 20;
// Resampled rows kept for reuse by the next output rows (16 MB).
constexpr std::size_t kMaxCachedFloats = std::size_t(4) << 20;

// ITU-R BT.601 luma, as Pillow's convert("L") and Keras' grayscale.
constexpr float kLumaR = 0.299f;
constexpr float kLumaG = 0.587f;
constexpr float kLumaB = 0.114f;

std::uint8_t toByte(double v) {
    if (!(v > 0)) return 0;
    if (v >= 254.5) return 255;
    return std::uint8_t(v + 0.5);
}

// The output positions a source axis of `in` pixels maps to `out` pixels
// through: for each, the source range and the triangle's centre. This is
// Pillow's BILINEAR: the triangle's half-width is one output pixel (in
// source pixels: the scale, at least 1), sampled at source pixel centres,
// clipped at the edges and normalised to sum 1.
struct Axis {
    struct Window {
        int first = 0;
        int count = 0;
        double center = 0;
        double norm = 1;         // 1 / sum of the raw weights
        std::size_t offset = 0;  // of its weights in `stored`
    };
    std::vector<Window> windows;
    std::vector<double> stored;  // every window's weights back to back, unless there are too many
    double invFilterScale = 1;
    bool identity = false;
    int maxCount = 1;

    double rawWeight(const Window& w, int source) const {
        const double t = std::abs((source + 0.5 - w.center) * invFilterScale);
        return t < 1 ? 1 - t : 0;
    }
    double weight(const Window& w, int source) const { return rawWeight(w, source) * w.norm; }
};

// Up to this many weights are stored (32 MB); an axis needing more (a side
// of millions of pixels) computes them as it goes.
constexpr std::size_t kMaxStoredWeights = std::size_t(4) << 20;

Axis makeAxis(int in, int out, bool storeWeights) {
    Axis a;
    a.windows.resize(std::size_t(out));
    if (in == out) {
        a.identity = true;
        for (int i = 0; i < out; ++i) a.windows[std::size_t(i)] = {i, 1, i + 0.5, 1, std::size_t(i)};
        return a;
    }
    const double scale = double(in) / out;
    const double filterScale = std::max(scale, 1.0);
    const double support = filterScale;  // the triangle's support is 1 in output pixels
    a.invFilterScale = 1 / filterScale;
    std::size_t taps = 0;
    for (int i = 0; i < out; ++i) {
        Axis::Window& w = a.windows[std::size_t(i)];
        w.center = (i + 0.5) * scale;
        int lo = std::max(0, int(w.center - support + 0.5));
        int hi = std::min(in, int(w.center + support + 0.5));
        // Taps of weight 0 at either end cost time and change nothing.
        while (hi - lo > 1 && a.rawWeight(w, lo) == 0) ++lo;
        while (hi - lo > 1 && a.rawWeight(w, hi - 1) == 0) --hi;
        double sum = 0;
        for (int s = lo; s < hi; ++s) sum += a.rawWeight(w, s);
        // The source pixel nearest the centre is always in the window and
        // weighs at least 1/2, so sum > 0.
        w.first = lo;
        w.count = hi - lo;
        w.norm = sum > 0 ? 1 / sum : 1;
        w.offset = taps;
        taps += std::size_t(w.count);
        a.maxCount = std::max(a.maxCount, w.count);
    }
    if (storeWeights && taps <= kMaxStoredWeights) {
        a.stored.resize(taps);
        for (const Axis::Window& w : a.windows)
            for (int k = 0; k < w.count; ++k) a.stored[w.offset + std::size_t(k)] = a.weight(w, w.first + k);
    }
    return a;
}

// The source: the image, the region used (crop) and how a pixel becomes
// channel values.
struct Source {
    const std::uint8_t* rgba = nullptr;
    std::size_t width = 0;  // of the whole image
    int x0 = 0, y0 = 0;     // region used
    int w = 0, h = 0;
    float background[3] = {0, 0, 0};

    // The pixel's C channel values (1: grey, 3: RGB), alpha composited over
    // the background.
    template <int C>
    void pixel(const std::uint8_t* p, float* out) const {
        float r = p[0], g = p[1], b = p[2];
        const unsigned a = p[3];
        if (a != 255) {
            const float over = float(a), under = float(255 - a);
            r = (r * over + background[0] * under) / 255.f;
            g = (g * over + background[1] * under) / 255.f;
            b = (b * over + background[2] * under) / 255.f;
        }
        if constexpr (C == 1) {
            out[0] = kLumaR * r + kLumaG * g + kLumaB * b;
        } else {
            out[0] = r;
            out[1] = g;
            out[2] = b;
        }
    }

    const std::uint8_t* row(int y) const { return rgba + (std::size_t(y0 + y) * width + std::size_t(x0)) * 4; }
};

// One source row resampled across into `out` (windows × C): `weight(window,
// k)` is the k-th tap's weight, `pixelAt(x, values)` the converted pixel x.
template <int C, typename Weight, typename PixelAt>
void resampleAcross(const Axis& axis, float* out, Weight weight, PixelAt pixelAt) {
    float values[C];
    for (std::size_t i = 0; i < axis.windows.size(); ++i) {
        const Axis::Window& w = axis.windows[i];
        double sum[C] = {};
        for (int k = 0; k < w.count; ++k) {
            const double wk = weight(w, k);
            pixelAt(w.first + k, values);
            for (int c = 0; c < C; ++c) sum[c] += wk * values[c];
        }
        for (int c = 0; c < C; ++c) out[i * C + std::size_t(c)] = float(sum[c]);
    }
}

// Source rows resampled across, kept in a ring for the output rows that
// share them. Output windows move down monotonically and hold at most
// axis.maxCount rows, so with that many slots every row is resampled once;
// with fewer (a very tall window) rows are simply resampled again.
template <int C>
class ResampledRows {
public:
    ResampledRows(const Source& source, const Axis& across, std::size_t slots)
        : source_(source), across_(across), rowFloats_(across.windows.size() * C), rows_(slots * rowFloats_),
          tags_(slots, -1) {
        // The converted row, unless it would be huge (then pixels are
        // converted as the filter reads them).
        const std::size_t lineFloats = std::size_t(source.w) * C;
        if (!across.identity && lineFloats <= kMaxLineFloats) line_.resize(lineFloats);
    }

    const float* row(int y) {
        const std::size_t slot = std::size_t(y) % tags_.size();
        float* out = rows_.data() + slot * rowFloats_;
        if (tags_[slot] != y) {
            fill(y, out);
            tags_[slot] = y;
        }
        return out;
    }

private:
    void fill(int y, float* out) {
        const std::uint8_t* row = source_.row(y);
        if (across_.identity) {
            for (int x = 0; x < source_.w; ++x) source_.pixel<C>(row + 4 * std::size_t(x), out + std::size_t(x) * C);
            return;
        }
        if (!line_.empty()) {
            float* line = line_.data();
            for (int x = 0; x < source_.w; ++x) source_.pixel<C>(row + 4 * std::size_t(x), line + std::size_t(x) * C);
            across(out, [line](int x, float* v) {
                for (int c = 0; c < C; ++c) v[c] = line[std::size_t(x) * C + std::size_t(c)];
            });
        } else {
            across(out, [this, row](int x, float* v) { source_.pixel<C>(row + 4 * std::size_t(x), v); });
        }
    }

    template <typename PixelAt>
    void across(float* out, PixelAt pixelAt) {
        const Axis& a = across_;
        if (!a.stored.empty())
            resampleAcross<C>(a, out, [&a](const Axis::Window& w, int k) { return a.stored[w.offset + std::size_t(k)]; },
                              pixelAt);
        else
            resampleAcross<C>(a, out, [&a](const Axis::Window& w, int k) { return a.weight(w, w.first + k); }, pixelAt);
    }

    const Source& source_;
    const Axis& across_;
    std::size_t rowFloats_;
    std::vector<float> rows_;
    std::vector<long long> tags_;
    std::vector<float> line_;
};

// Resizes source's region to outW × outH into `out` (CHW, plane floats per
// channel) at (padX, padY) of a width-wide output.
template <int C>
void resample(const Source& source, int outW, int outH, int padX, int padY, int width, std::size_t plane,
              std::vector<std::uint8_t>& out) {
    const Axis across = makeAxis(source.w, outW, true);
    const Axis down = makeAxis(source.h, outH, false);  // used once per output row: computed as needed
    const std::size_t rowFloats = std::size_t(outW) * C;
    const std::size_t slots =
        std::clamp<std::size_t>(std::size_t(down.maxCount), 1, std::max<std::size_t>(4, kMaxCachedFloats / rowFloats));
    ResampledRows<C> rows(source, across, slots);

    std::vector<double> sum(rowFloats);
    for (int y = 0; y < outH; ++y) {
        const Axis::Window& w = down.windows[std::size_t(y)];
        std::fill(sum.begin(), sum.end(), 0.0);
        for (int s = w.first; s < w.first + w.count; ++s) {
            const double weight = down.weight(w, s);
            const float* r = rows.row(s);
            for (std::size_t i = 0; i < rowFloats; ++i) sum[i] += weight * r[i];
        }
        const std::size_t rowStart = std::size_t(padY + y) * std::size_t(width) + std::size_t(padX);
        for (int x = 0; x < outW; ++x)
            for (int c = 0; c < C; ++c)
                out[std::size_t(c) * plane + rowStart + std::size_t(x)] = toByte(sum[std::size_t(x) * C + std::size_t(c)]);
    }
}

void checkImage(const RgbaImage& image) {
    const std::uint64_t expected = std::uint64_t(std::max(image.width, 0)) * std::uint64_t(std::max(image.height, 0)) * 4;
    if (image.width < 1 || image.height < 1 || image.rgba.size() != expected)
        throw DataError("image conversion: a " + std::to_string(image.width) + "×" + std::to_string(image.height) +
                        " image with " + std::to_string(image.rgba.size()) +
                        " bytes of pixels; expected at least 1×1 pixels and 4 bytes (RGBA) per pixel");
}

}  // namespace

void checkImageConversion(const ImageConversion& conversion) {
    auto check = [](const char* what, int value) {
        if (value < 1 || value > kMaxConvertedSide)
            throw DataError(std::string("image conversion: ") + what + " " + std::to_string(value) +
                            " is out of range; expected 1.." + std::to_string(kMaxConvertedSide));
    };
    check("height", conversion.height);
    check("width", conversion.width);
}

std::vector<std::uint8_t> convertImage(const RgbaImage& image, const ImageConversion& conversion) {
    checkImageConversion(conversion);
    checkImage(image);

    Source source;
    source.rgba = image.rgba.data();
    source.width = std::size_t(image.width);
    source.w = image.width;
    source.h = image.height;
    const bool grey = conversion.color == ColorMode::Grayscale;
    for (int c = 0; c < 3; ++c) source.background[c] = conversion.background[std::size_t(c)];
    const int channels = grey ? 1 : 3;

    const std::int64_t W = image.width, H = image.height;
    const std::int64_t tw = conversion.width, th = conversion.height;
    int outW = conversion.width, outH = conversion.height;  // the resized image's size inside the output
    int padX = 0, padY = 0;
    if (conversion.resize == ResizeMode::CropToAspect) {
        // Keras' smart_resize: sizes and offsets truncated, at least 1.
        if (W * th > H * tw) {
            source.w = int(std::clamp<std::int64_t>(H * tw / th, 1, W));
            source.x0 = int((W - source.w) / 2);
        } else if (W * th < H * tw) {
            source.h = int(std::clamp<std::int64_t>(W * th / tw, 1, H));
            source.y0 = int((H - source.h) / 2);
        }
    } else if (conversion.resize == ResizeMode::PadToAspect) {
        if (W * th > H * tw) {
            outH = int(std::clamp<std::int64_t>((2 * H * tw + W) / (2 * W), 1, th));  // H·tw/W rounded
            padY = (conversion.height - outH) / 2;
        } else if (W * th < H * tw) {
            outW = int(std::clamp<std::int64_t>((2 * W * th + H) / (2 * H), 1, tw));
            padX = (conversion.width - outW) / 2;
        }
    }

    const std::size_t plane = std::size_t(conversion.height) * std::size_t(conversion.width);
    std::vector<std::uint8_t> out(std::size_t(channels) * plane);
    if (outW != conversion.width || outH != conversion.height) {
        std::uint8_t fill[3];
        if (grey) {
            const float* b = source.background;
            fill[0] = toByte(kLumaR * b[0] + kLumaG * b[1] + kLumaB * b[2]);
        } else {
            for (int c = 0; c < 3; ++c) fill[c] = conversion.background[std::size_t(c)];
        }
        for (int c = 0; c < channels; ++c)
            std::fill(out.begin() + std::ptrdiff_t(std::size_t(c) * plane),
                      out.begin() + std::ptrdiff_t(std::size_t(c + 1) * plane), fill[c]);
    }

    if (channels == 1)
        resample<1>(source, outW, outH, padX, padY, conversion.width, plane, out);
    else
        resample<3>(source, outW, outH, padX, padY, conversion.width, plane, out);
    return out;
}

}  // namespace cnnwb
