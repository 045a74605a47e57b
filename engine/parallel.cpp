#include "parallel.h"

#include "tensor.h"

#include <algorithm>

namespace cnnwb {

void deterministicSampleSum(int count, int chunk, std::size_t size, float* out,
                            const std::function<void(int, int, float*)>& accumulate) {
    const int chunks = std::max(1, (count + chunk - 1) / chunk);
    // Every chunk has its own slot, so the order of the final sum is fixed.
    FloatStorage partial(std::size_t(chunks) * size, 0.0f);
    float* base = partial.data();
    tbb::parallel_for(0, chunks, [&](int i) {
        accumulate(i * chunk, std::min(count, (i + 1) * chunk), base + std::size_t(i) * size);
    });
    std::copy(base, base + size, out);
    for (int i = 1; i < chunks; ++i) {
        const float* p = base + std::size_t(i) * size;
        for (std::size_t k = 0; k < size; ++k) out[k] += p[k];
    }
}

ProductBlocks productBlocks(Eigen::Index rows, Eigen::Index cols, Eigen::Index depth) {
    constexpr double kMinTaskWork = 1 << 20;  // multiply-adds: ~10 µs, well above a task's cost
    // Each block packs the whole other operand again; at 64 rows or columns
    // and more that repacking stays a small fraction of the block's work.
    constexpr Eigen::Index kMinLength = 64, kTile = 16;
    constexpr int kMaxBlocks = 8;
    ProductBlocks b;
    b.byColumns = cols >= rows;
    const Eigen::Index total = b.byColumns ? cols : rows;
    b.length = total;
    const double work = double(rows) * double(cols) * double(depth);
    const int wanted = int(std::min<double>({double(kMaxBlocks), work / kMinTaskWork, double(total / kMinLength)}));
    if (wanted < 2) return b;
    b.length = (total + wanted - 1) / wanted;
    b.length = (b.length + kTile - 1) / kTile * kTile;
    b.count = int((total + b.length - 1) / b.length);
    return b;
}

}  // namespace cnnwb
