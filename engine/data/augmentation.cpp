#include "augmentation.h"

#include "../parallel.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <vector>

namespace cnnwb {

namespace {

// A uniform double in [-range, range] from the raw 32-bit outputs, the same on
// every standard library.
double symmetric(std::mt19937& rng, double range) {
    const double unit = double(rng()) / 4294967296.0;  // [0, 1)
    return (2.0 * unit - 1.0) * range;
}

// Bilinear sample of one plane with coordinates clamped to the border
// (Keras's fill_mode 'nearest').
float sampleClamped(const float* plane, int h, int w, double y, double x) {
    y = std::clamp(y, 0.0, double(h - 1));
    x = std::clamp(x, 0.0, double(w - 1));
    const int y0 = int(y), x0 = int(x);
    const int y1 = std::min(y0 + 1, h - 1), x1 = std::min(x0 + 1, w - 1);
    const float fy = float(y - y0), fx = float(x - x0);
    const float top = plane[y0 * w + x0] * (1 - fx) + plane[y0 * w + x1] * fx;
    const float bottom = plane[y1 * w + x0] * (1 - fx) + plane[y1 * w + x1] * fx;
    return top * (1 - fy) + bottom * fy;
}

}  // namespace

void augmentBatch(Tensor& batch, const Augmentation& g, float pixelScale, std::uint32_t seed, std::uint64_t epoch,
                  std::uint64_t firstPosition) {
    if (!g.any()) return;
    const Shape s = batch.sampleShape();
    parallelForSamples(batch.batch(), [&](int n) {
        std::seed_seq seq{seed, std::uint32_t(epoch), std::uint32_t(epoch >> 32), std::uint32_t(firstPosition + n),
                          std::uint32_t((firstPosition + n) >> 32), 0xA06u};
        std::mt19937 rng(seq);
        // Draw every parameter whether used or not, so turning one on does
        // not change the others.
        const double angle = symmetric(rng, g.rotationRange) * std::numbers::pi / 180.0;
        const double dy = symmetric(rng, g.heightShiftRange) * s.h;
        const double dx = symmetric(rng, g.widthShiftRange) * s.w;
        const bool flip = g.horizontalFlip && (rng() & 1u);
        const float channelShift = float(symmetric(rng, g.channelShiftRange)) * pixelScale;

        float* image = batch.sample(n);
        const bool geometric = angle != 0 || dy != 0 || dx != 0 || flip;
        if (geometric) {
            std::vector<float> source(image, image + s.size());
            const double cy = (s.h - 1) / 2.0, cx = (s.w - 1) / 2.0;
            const double cosA = std::cos(angle), sinA = std::sin(angle);
            for (int c = 0; c < s.c; ++c) {
                const float* plane = source.data() + std::size_t(c) * s.h * s.w;
                float* outPlane = image + std::size_t(c) * s.h * s.w;
                for (int y = 0; y < s.h; ++y)
                    for (int x = 0; x < s.w; ++x) {
                        // Output pixel → source pixel: undo the shift, the rotation, then the flip.
                        const double oy = y - dy - cy, ox = x - dx - cx;
                        double sy = cosA * oy - sinA * ox + cy;
                        double sx = sinA * oy + cosA * ox + cx;
                        if (flip) sx = (s.w - 1) - sx;
                        outPlane[y * s.w + x] = sampleClamped(plane, s.h, s.w, sy, sx);
                    }
            }
        }
        if (channelShift != 0) {
            // As Keras: one offset for every channel, clipped to the image's own range.
            const auto [lo, hi] = std::minmax_element(image, image + s.size());
            const float mn = *lo, mx = *hi;
            for (std::size_t i = 0; i < s.size(); ++i) image[i] = std::clamp(image[i] + channelShift, mn, mx);
        }
    });
}

std::vector<std::uint8_t> augmentedCopies(const std::uint8_t* pixels, Shape shape, const Augmentation& settings,
                                          std::uint32_t seed, std::uint64_t epoch, int count) {
    // Through the training path itself, at the unit scale of raw pixels.
    Tensor batch(count, shape);
    for (int n = 0; n < count; ++n) std::copy(pixels, pixels + shape.size(), batch.sample(n));
    augmentBatch(batch, settings, 1.0f, seed, epoch, 0);
    std::vector<std::uint8_t> out(std::size_t(count) * shape.size());
    const float* values = batch.sample(0);
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = std::uint8_t(std::clamp(std::lround(values[i]), 0L, 255L));
    return out;
}

}  // namespace cnnwb
