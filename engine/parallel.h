// The engine's one owner of threads: oneTBB. Helpers here keep results
// bit-identical at any thread count: work is cut into chunks whose bounds
// depend only on the problem size, and partial sums are added in chunk order.
#pragma once

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <functional>
#include <vector>

namespace cnnwb {

// Runs body(n) for n in [0, count); samples are independent.
template <typename Body>
void parallelForSamples(int count, Body&& body) {
    tbb::parallel_for(tbb::blocked_range<int>(0, count, 1), [&](const tbb::blocked_range<int>& r) {
        for (int n = r.begin(); n != r.end(); ++n) body(n);
    }, tbb::simple_partitioner());
}

// Runs body(begin, end) over fixed chunks of `chunk` items.
template <typename Body>
void parallelForChunks(int count, int chunk, Body&& body) {
    const int chunks = (count + chunk - 1) / chunk;
    tbb::parallel_for(0, chunks, [&](int i) {
        body(i * chunk, std::min(count, (i + 1) * chunk));
    });
}

// Deterministic sum over samples: each fixed chunk of samples accumulates into
// its own buffer of `size` floats (zeroed first), then buffers are summed in
// chunk order into `out` (overwritten).
void deterministicSampleSum(int count, int chunk, std::size_t size, float* out,
                            const std::function<void(int begin, int end, float* acc)>& accumulate);

// How many samples one reduction chunk holds; fixed, so the summation order
// never depends on the thread count.
constexpr int kReductionChunk = 8;

}  // namespace cnnwb
