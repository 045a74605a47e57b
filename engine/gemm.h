// The engine's float matrix product, C = A·B or C += A·B, for operands lying
// in memory with any row and column strides (so transposes and blocks are
// free). On CPUs with AVX-512, products of a million multiply-adds and more
// whose tiles are mostly filled are packed into panels and run on a 32×12
// register-tiled kernel (on Zen 5 Eigen 3.4's 48×4 kernel reached 140–160
// GFLOP/s on E3 MLP's shapes on one core, this one 175–205); everything else
// is Eigen's product, which also serves as the reference the tests hold the
// kernel to.
//
// Bits: the packed kernel sums each element of C over k in one fixed order
// (depth blocks in turn, k ascending inside) whatever the row and column
// counts or where C's block starts.
#pragma once

#include <Eigen/Core>

#include <type_traits>

namespace cnnwb {

// Element (i, k) of an operand lies at data[i * rowStride + k * colStride].
struct GemmOperand {
    const float* data = nullptr;
    Eigen::Index rowStride = 1, colStride = 1;
};

// C (column-major, leading dimension ldc) = A·B, or += with accumulate;
// A is rows × depth, B depth × cols.
void gemm(Eigen::Index rows, Eigen::Index cols, Eigen::Index depth, GemmOperand a, GemmOperand b,
          float* c, Eigen::Index ldc, bool accumulate);

// The packed kernel whatever the sizes (tests; Eigen's product where the
// kernel is not compiled in).
void gemmPacked(Eigen::Index rows, Eigen::Index cols, Eigen::Index depth, GemmOperand a, GemmOperand b,
                float* c, Eigen::Index ldc, bool accumulate);

// The same product by Eigen: the reference path.
void gemmReference(Eigen::Index rows, Eigen::Index cols, Eigen::Index depth, GemmOperand a,
                   GemmOperand b, float* c, Eigen::Index ldc, bool accumulate);

// True when the packed AVX-512 kernel is compiled in.
bool gemmIsPacked();

// True when gemm runs a product of these sizes on the packed kernel, which
// then splits it over threads itself (by slivers of C's columns, each
// computed the same way on any thread).
bool gemmRunsPacked(Eigen::Index rows, Eigen::Index cols, Eigen::Index depth);

// How any Eigen expression with direct access (a Map, a Matrix, a block or a
// transpose of one) lies in memory.
template <typename Expr>
GemmOperand gemmOperand(const Expr& m) {
    static_assert(bool(Eigen::internal::traits<Expr>::Flags & Eigen::DirectAccessBit),
                  "gemm needs operands that lie in memory");
    if constexpr (bool(Expr::IsRowMajor)) return {m.data(), m.outerStride(), m.innerStride()};
    else return {m.data(), m.innerStride(), m.outerStride()};
}

// dst = lhs·rhs (or += with accumulate) for Eigen expressions; dst column-major.
template <typename Dst, typename Lhs, typename Rhs>
void product(Dst&& dst, const Lhs& lhs, const Rhs& rhs, bool accumulate = false) {
    using D = std::decay_t<Dst>;
    static_assert(!bool(D::IsRowMajor), "product writes column-major results");
    eigen_assert(dst.innerStride() == 1 && lhs.rows() == dst.rows() && rhs.cols() == dst.cols() &&
                 lhs.cols() == rhs.rows());
    gemm(dst.rows(), dst.cols(), lhs.cols(), gemmOperand(lhs), gemmOperand(rhs), dst.data(),
         dst.outerStride(), accumulate);
}

}  // namespace cnnwb
