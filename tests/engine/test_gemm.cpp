// The engine's packed GEMM kernel (engine/gemm.h) against its reference
// path, Eigen's product: every layout an operand can have (columns or rows contiguous, or
// neither), = and +=, a leading dimension wider than C, sizes that are no
// multiple of the register tile and sizes past every cache block; the same
// bits whether a product is computed whole or in column and row pieces (what
// parallelProduct relies on for thread-count independence); and every
// product a layer makes, through parallelProduct at 1 and 2 threads.
#include "engine/gemm.h"
#include "engine/parallel.h"
#include "engine/tensor.h"

#include <QtTest>

#include <tbb/global_control.h>

#include <cmath>
#include <random>
#include <vector>

using namespace cnnwb;
using Eigen::Index;

namespace {

std::vector<float> randomValues(std::size_t n, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(-1.0f, 1.0f);
    std::vector<float> v(n);
    for (float& x : v) x = u(rng);
    return v;
}

// An operand rows × cols stored with the given layout in its own buffer:
// 0 columns contiguous, 1 rows contiguous (a transpose), 2 both strided.
struct StoredOperand {
    std::vector<float> values;
    GemmOperand op;
    StoredOperand(Index rows, Index cols, int layout, unsigned seed) {
        const Index pad = 3;  // strides wider than the matrix, as for blocks of a larger one
        if (layout == 0) {
            values = randomValues(std::size_t((rows + pad) * cols), seed);
            op = {values.data(), 1, rows + pad};
        } else if (layout == 1) {
            values = randomValues(std::size_t(rows * (cols + pad)), seed);
            op = {values.data(), cols + pad, 1};
        } else {
            values = randomValues(std::size_t(2 * (rows + pad) * cols + 2), seed);
            op = {values.data(), 2, 2 * (rows + pad)};
        }
    }
};

double maxAbsDifference(const std::vector<float>& a, const std::vector<float>& b) {
    double d = 0;
    for (std::size_t i = 0; i < a.size(); ++i) d = std::max(d, std::abs(double(a[i]) - double(b[i])));
    return d;
}

}  // namespace

class TestGemm : public QObject {
    Q_OBJECT
private slots:
    void matchesTheReference_data() {
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("cols");
        QTest::addColumn<int>("depth");
        // One row, one column, one k; below, at and past the 32 × 12 tile;
        // the shapes of E3 MLP's dense layers and E5's Winograd products;
        // past the 384 depth block, the 320 row block and the 2048 column block.
        const int shapes[][3] = {{1, 1, 1},    {1, 7, 5},      {5, 1, 9},     {31, 11, 3},  {32, 12, 1},
                                 {33, 13, 17}, {64, 64, 64},   {37, 53, 71},  {512, 128, 784}, {10, 128, 512},
                                 {784, 128, 512}, {64, 100, 32}, {70, 30, 385}, {321, 25, 769}, {7, 2050, 9}};
        for (const auto& s : shapes)
            QTest::addRow("%dx%dx%d", s[0], s[1], s[2]) << s[0] << s[1] << s[2];
    }

    void matchesTheReference() {
        QFETCH(int, rows);
        QFETCH(int, cols);
        QFETCH(int, depth);
        for (int layoutA = 0; layoutA < 3; ++layoutA)
            for (int layoutB = 0; layoutB < 3; ++layoutB)
                for (bool accumulate : {false, true}) {
                    const StoredOperand a(rows, depth, layoutA, 1), b(depth, cols, layoutB, 2);
                    const Index ldc = rows + 5;
                    const std::vector<float> start = randomValues(std::size_t(ldc * cols), 3);
                    std::vector<float> ours = start, reference = start;
                    gemmPacked(rows, cols, depth, a.op, b.op, ours.data(), ldc, accumulate);
                    gemmReference(rows, cols, depth, a.op, b.op, reference.data(), ldc, accumulate);
                    // Both sum `depth` products of values in [-1, 1] in float,
                    // in different orders.
                    const double tolerance = 1e-6 * depth + 1e-6;
                    const double d = maxAbsDifference(ours, reference);
                    if (d > tolerance)
                        QFAIL(qPrintable(QString("layouts %1/%2, accumulate %3: differs from Eigen by %4 (allowed %5)")
                                             .arg(layoutA).arg(layoutB).arg(accumulate).arg(d).arg(tolerance)));
                    // The padding between C's columns is never written.
                    for (Index j = 0; j < cols; ++j)
                        for (Index i = rows; i < ldc; ++i)
                            QCOMPARE(ours[std::size_t(j * ldc + i)], start[std::size_t(j * ldc + i)]);
                }
    }

    void emptyDepthGivesZerosOrLeavesC() {
        std::vector<float> c(6, 2.0f);
        gemmPacked(2, 3, 0, {nullptr, 1, 2}, {nullptr, 1, 0}, c.data(), 2, true);
        QCOMPARE(c, std::vector<float>(6, 2.0f));
        gemmPacked(2, 3, 0, {nullptr, 1, 2}, {nullptr, 1, 0}, c.data(), 2, false);
        QCOMPARE(c, std::vector<float>(6, 0.0f));
    }

    // What gemm runs: the kernel for big, well-filled products, Eigen
    // otherwise — within float rounding of Eigen either way.
    void dispatchMatchesTheReference() {
        const int shapes[][3] = {{10, 256, 512}, {512, 256, 784}, {16, 576, 1000}, {64, 64, 64}};
        for (const auto& s : shapes) {
            const StoredOperand a(s[0], s[2], 1, 9), b(s[2], s[1], 0, 10);
            std::vector<float> ours(std::size_t(s[0] * s[1])), reference(ours.size());
            gemm(s[0], s[1], s[2], a.op, b.op, ours.data(), s[0], false);
            gemmReference(s[0], s[1], s[2], a.op, b.op, reference.data(), s[0], false);
            QVERIFY(maxAbsDifference(ours, reference) < 1e-6 * s[2]);
        }
    }

    // Any piece of C — its columns from any offset, its rows from any
    // offset — gets the same bits as the whole product on the packed kernel.
    void piecesGetTheBitsOfTheWhole() {
        const Index rows = 200, cols = 150, depth = 900;
        const StoredOperand a(rows, depth, 0, 4), b(depth, cols, 1, 5);
        std::vector<float> whole(std::size_t(rows * cols)), pieces(whole.size());
        gemmPacked(rows, cols, depth, a.op, b.op, whole.data(), rows, false);
        for (Index j0 = 0; j0 < cols; j0 += 37)
            for (Index i0 = 0; i0 < rows; i0 += 45) {
                const Index n = std::min<Index>(37, cols - j0), m = std::min<Index>(45, rows - i0);
                GemmOperand aPiece{a.op.data + i0 * a.op.rowStride, a.op.rowStride, a.op.colStride};
                GemmOperand bPiece{b.op.data + j0 * b.op.colStride, b.op.rowStride, b.op.colStride};
                gemmPacked(m, n, depth, aPiece, bPiece, pieces.data() + j0 * rows + i0, rows, false);
            }
        if (gemmIsPacked()) QCOMPARE(pieces, whole);
        else QVERIFY(maxAbsDifference(pieces, whole) < 1e-3);
    }

    // The products layers make (Dense forward and both gradients, with a
    // transposed operand each) through parallelProduct: the same bits at 1
    // and 2 threads, and within float rounding of Eigen.
    void parallelProductIsThreadCountFree() {
        const Index in = 784, out = 512, batch = 256;
        const std::vector<float> w = randomValues(std::size_t(in * out), 6), x = randomValues(std::size_t(in * batch), 7),
                                 dy = randomValues(std::size_t(out * batch), 8);
        const ConstMatrixMap W(w.data(), in, out), X(x.data(), in, batch), dY(dy.data(), out, batch);
        std::vector<float> results[2][3];
        for (int t : {1, 2}) {
            tbb::global_control limit(tbb::global_control::max_allowed_parallelism, std::size_t(t));
            auto& r = results[t - 1];
            r[0].resize(std::size_t(out * batch));
            r[1].resize(std::size_t(in * out));
            r[2].resize(std::size_t(in * batch));
            parallelProduct(MatrixMap(r[0].data(), out, batch), W.transpose(), X);
            parallelProduct(MatrixMap(r[1].data(), in, out), X, dY.transpose());
            parallelProduct(MatrixMap(r[2].data(), in, batch), W, dY);
        }
        for (int k = 0; k < 3; ++k) QCOMPARE(results[0][k], results[1][k]);
        const Eigen::MatrixXf forward = W.transpose() * X;
        std::vector<float> eigenForward(forward.data(), forward.data() + forward.size());
        QVERIFY(maxAbsDifference(results[0][0], eigenForward) < 1e-6 * in);
    }
};

QTEST_APPLESS_MAIN(TestGemm)
#include "test_gemm.moc"
