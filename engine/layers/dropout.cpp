#include "dropout.h"

#include "../parallel.h"

namespace cnnwb {

// Elements per task; fixed, so how the work is cut never depends on the threads.
constexpr std::size_t kChunk = 16384;

// One 32-bit stream per (layer key, training step), from SplitMix64's finaliser.
static std::uint32_t streamOf(std::uint64_t key, std::uint64_t step) {
    std::uint64_t z = key + 0x9E3779B97F4A7C15ull * step;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return std::uint32_t((z ^ (z >> 31)) >> 32);
}

std::unique_ptr<Layer> Dropout::create(LayerArgs& args) {
    auto l = std::make_unique<Dropout>();
    l->rate_ = args.number("rate", std::nullopt, 0.0, 0.99);
    return l;
}

// Mask and output for `count` elements whose global indices start at `index`.
static void drawMask(const float* __restrict x, float* __restrict y, float* __restrict m, int count,
                     std::uint32_t index, std::uint32_t stream, std::uint32_t limit, float keep) {
    for (int j = 0; j < count; ++j) {
        // MurmurHash3's 32-bit finaliser over a Weyl sequence: well mixed, and it vectorises.
        std::uint32_t h = (index + std::uint32_t(j)) * 0x9E3779B9u + stream;
        h ^= h >> 16;
        h *= 0x85EBCA6Bu;
        h ^= h >> 13;
        h *= 0xC2B2AE35u;
        h ^= h >> 16;
        const float mask = h < limit ? 0.0f : keep;
        m[j] = mask;
        y[j] = x[j] * mask;
    }
}

void Dropout::doForward(const Tensor& in, Tensor& out, Mode mode) {
    maskValid_ = mode == Mode::Training && rate_ > 0;
    if (!maskValid_) {
        std::copy(in.data(), in.data() + in.size(), out.data());
        return;
    }
    mask_.resize(in.size());
    const float keep = float(1.0 / (1.0 - rate_));
    // Element i is dropped when a 32-bit hash of (step stream, i) falls below rate·2³².
    const std::uint64_t threshold = std::min<std::uint64_t>(std::uint64_t(rate_ * 4294967296.0), 0xFFFFFFFFull);
    const std::uint32_t limit = std::uint32_t(threshold);
    const std::uint32_t stream = streamOf(key_, ++step_);
    const float* x = in.data();
    float* y = out.data();
    float* m = mask_.data();
    parallelForChunks(int((in.size() + kChunk - 1) / kChunk), 1, [&](int begin, int end) {
        const std::size_t first = std::size_t(begin) * kChunk, last = std::min(in.size(), std::size_t(end) * kChunk);
        drawMask(x + first, y + first, m + first, int(last - first), std::uint32_t(first), stream, limit, keep);
    });
}

void Dropout::doBackward(const Tensor&, const Tensor&, const Tensor& dOut, Tensor* dIn) {
    if (!dIn) return;
    if (!maskValid_) {
        std::copy(dOut.data(), dOut.data() + dOut.size(), dIn->data());
        return;
    }
    for (std::size_t i = 0; i < dOut.size(); ++i) (*dIn)[i] = dOut[i] * mask_[i];
}

}  // namespace cnnwb
