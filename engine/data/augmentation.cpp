#include "augmentation.h"

#include "../parallel.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

namespace cnnwb {

namespace {

// One sample's random draws: SplitMix64 (Steele, Lea & Flood, 2014) started
// from a hash of (seed, epoch, position). Fully defined by its arithmetic, so
// the same on every platform and library, and free to set up — seeding a
// Mersenne Twister through std::seed_seq per image cost more than the
// transform itself on small images.
class SampleRandom {
public:
    SampleRandom(std::uint32_t seed, std::uint64_t epoch, std::uint64_t position)
        : state_(mix(mix(mix(0xA06u + std::uint64_t(seed)) ^ epoch) ^ position)) {}
    std::uint32_t next32() { return std::uint32_t(mix(state_ += kGolden) >> 32); }

private:
    static constexpr std::uint64_t kGolden = 0x9E3779B97F4A7C15ull;
    static std::uint64_t mix(std::uint64_t z) {
        z += kGolden;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    std::uint64_t state_;
};

// A uniform double in [-range, range].
double symmetric(SampleRandom& rng, double range) {
    const double unit = double(rng.next32()) / 4294967296.0;  // [0, 1)
    return (2.0 * unit - 1.0) * range;
}

// Bilinear sample of one plane with coordinates clamped to the border
// (Keras's fill_mode 'nearest').
inline float sampleClamped(const float* plane, int h, int w, float y, float x) {
    y = std::clamp(y, 0.0f, float(h - 1));
    x = std::clamp(x, 0.0f, float(w - 1));
    const int y0 = int(y), x0 = int(x);
    const int y1 = std::min(y0 + 1, h - 1), x1 = std::min(x0 + 1, w - 1);
    const float fy = y - float(y0), fx = x - float(x0);
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
        SampleRandom rng(seed, epoch, firstPosition + std::uint64_t(n));
        // Draw every parameter whether used or not, so turning one on does
        // not change the others.
        const double angle = symmetric(rng, g.rotationRange) * std::numbers::pi / 180.0;
        const double dy = symmetric(rng, g.heightShiftRange) * s.h;
        const double dx = symmetric(rng, g.widthShiftRange) * s.w;
        const bool flip = g.horizontalFlip && (rng.next32() & 1u);
        const float channelShift = float(symmetric(rng, g.channelShiftRange)) * pixelScale;

        float* image = batch.sample(n);
        const bool geometric = angle != 0 || dy != 0 || dx != 0 || flip;
        if (geometric) {
            thread_local std::vector<float> source;  // one copy per worker, reused
            source.assign(image, image + s.size());
            const double cy = (s.h - 1) / 2.0, cx = (s.w - 1) / 2.0;
            const double cosA = std::cos(angle), sinA = std::sin(angle);
            for (int c = 0; c < s.c; ++c) {
                const float* plane = source.data() + std::size_t(c) * s.h * s.w;
                float* outPlane = image + std::size_t(c) * s.h * s.w;
                for (int y = 0; y < s.h; ++y) {
                    // Output pixel → source pixel: undo the shift, the rotation, then the flip
                    // (in double; the sample position is then a float, as the pixels are).
                    const double oy = y - dy - cy;
                    const double rowY = cosA * oy + cy, rowX = sinA * oy + cx;
                    for (int x = 0; x < s.w; ++x) {
                        const double ox = x - dx - cx;
                        const double sy = rowY - sinA * ox;
                        double sx = rowX + cosA * ox;
                        if (flip) sx = (s.w - 1) - sx;
                        outPlane[y * s.w + x] = sampleClamped(plane, s.h, s.w, float(sy), float(sx));
                    }
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
