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

}  // namespace cnnwb
