// The engine's one owner of threads: oneTBB. Helpers here keep results
// bit-identical at any thread count: work is cut into chunks whose bounds
// depend only on the problem size, and partial sums are added in chunk order.
#pragma once

#include "gemm.h"

#include <Eigen/Core>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
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

// How a product dst = lhs·rhs is cut: into `count` blocks of `length` columns
// of dst (or rows, when dst is taller than wide). Products too small to pay
// for a task stay whole; others get up to 8 blocks of at least 64, rounded
// to Eigen's register tiles. Depends only on the three sizes.
struct ProductBlocks {
    bool byColumns = true;
    Eigen::Index length = 0;
    int count = 1;
};
ProductBlocks productBlocks(Eigen::Index rows, Eigen::Index cols, Eigen::Index depth);

// dst = lhs·rhs (or += with accumulate) as independent products (gemm.h) over
// the fixed blocks above, run as TBB tasks. Each element of dst is computed by one
// block whose shape never depends on the thread count, so neither do the bits.
template <typename Dst, typename Lhs, typename Rhs>
void parallelProduct(Dst&& dst, const Lhs& lhs, const Rhs& rhs, bool accumulate = false) {
    if (gemmRunsPacked(dst.rows(), dst.cols(), lhs.cols())) {  // it splits the work itself
        product(dst, lhs, rhs, accumulate);
        return;
    }
    const ProductBlocks b = productBlocks(dst.rows(), dst.cols(), lhs.cols());
    auto run = [&](int i) {
        const Eigen::Index total = b.byColumns ? dst.cols() : dst.rows();
        const Eigen::Index begin = i * b.length, len = std::min(b.length, total - begin);
        if (b.byColumns) product(dst.middleCols(begin, len), lhs, rhs.middleCols(begin, len), accumulate);
        else product(dst.middleRows(begin, len), lhs.middleRows(begin, len), rhs, accumulate);
    };
    if (b.count == 1) run(0);
    else tbb::parallel_for(0, b.count, run);
}

}  // namespace cnnwb
