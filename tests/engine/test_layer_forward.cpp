// Forward results of the spatial layers and BatchNormalization on small cases
// worked out by hand, output shapes, the shape errors a beginner sees, parameter
// counts and formulas (per layer and for whole reference experiments), and
// bit-identical results at 1 and 2 threads.
#include "engine/errors.h"
#include "engine/layer_registry.h"

#include <QtTest>

#include <tbb/global_control.h>

#include <cmath>
#include <cstring>

using namespace cnnwb;

namespace {

std::unique_ptr<Layer> build(const Json& spec, Shape in, unsigned seed = 1) {
    Rng rng(seed);
    auto layer = createLayer(spec, 0);
    layer->setup(in, rng);
    return layer;
}

Tensor& param(Layer& layer, const std::string& name) {
    for (const Param& p : layer.params())
        if (p.name == name) return *p.value;
    throw std::runtime_error("no parameter " + name);
}

void set(Tensor& t, const std::vector<float>& values) {
    QCOMPARE(t.size(), values.size());
    std::copy(values.begin(), values.end(), t.data());
}

Tensor tensor(int batch, Shape shape, const std::vector<float>& values) {
    Tensor t(batch, shape);
    set(t, values);
    return t;
}

Tensor run(Layer& layer, const Tensor& in, Mode mode = Mode::Inference) {
    Tensor out;
    layer.forward(in, out, mode);
    return out;
}

void expectValues(const Tensor& actual, const std::vector<float>& expected, float tolerance = 0.0f) {
    QCOMPARE(actual.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i)
        QVERIFY2(std::abs(actual[i] - expected[i]) <= tolerance,
                 qPrintable(QString("element %1: got %2, expected %3").arg(i).arg(actual[i]).arg(expected[i])));
}

void fillUniform(Tensor& t, Rng& rng) {
    std::uniform_real_distribution<float> u(-1.0f, 1.0f);
    for (std::size_t i = 0; i < t.size(); ++i) t[i] = u(rng);
}

// "28×28×1" (H×W×C) or "576" (flat).
Shape parseShape(const QString& text) {
    const QStringList hwc = text.split("×");
    return hwc.size() == 3 ? Shape{hwc[2].toInt(), hwc[0].toInt(), hwc[1].toInt()} : Shape::vector(hwc[0].toInt());
}

QString errorOf(const Json& spec, Shape in) {
    try {
        build(spec, in);
    } catch (const SpecError& e) {
        return QString::fromUtf8(e.what());
    }
    return "(no error)";
}

// The 4×4 image used by several cases:
//    1  2  3  4
//    5  6  7  8
//    9 10 11 12
//   13 14 15 16
const std::vector<float> kOneToSixteen{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

// Straightforward reference convolution: out[f][oy][ox] = b[f] +
// Σ_c,i,j w[f][c][i][j] · x[c][oy·sh − padTop + i][ox·sw − padLeft + j].
std::vector<float> naiveConv(const Tensor& x, int n, const Tensor& w, int F, int kh, int kw, int sh, int sw,
                             int padTop, int padLeft, int outH, int outW, const Tensor* bias) {
    const Shape s = x.sampleShape();
    std::vector<float> out(std::size_t(F) * outH * outW);
    for (int f = 0; f < F; ++f)
        for (int oy = 0; oy < outH; ++oy)
            for (int ox = 0; ox < outW; ++ox) {
                double sum = bias ? (*bias)[std::size_t(f)] : 0.0;
                for (int c = 0; c < s.c; ++c)
                    for (int i = 0; i < kh; ++i)
                        for (int j = 0; j < kw; ++j) {
                            const int iy = oy * sh - padTop + i, ix = ox * sw - padLeft + j;
                            if (iy < 0 || iy >= s.h || ix < 0 || ix >= s.w) continue;
                            sum += double(w[((std::size_t(f) * s.c + c) * kh + i) * kw + j]) *
                                   x.sample(n)[(std::size_t(c) * s.h + iy) * s.w + ix];
                        }
                out[(std::size_t(f) * outH + oy) * outW + ox] = float(sum);
            }
    return out;
}

struct Totals {
    std::size_t total = 0, nonTrainable = 0;
    std::vector<Shape> shapes;
};

// Walks a layer list like the model summary does, without allocating weights.
Totals summarize(const std::vector<Json>& specs) {
    Totals t;
    Shape shape;
    for (std::size_t i = 0; i < specs.size(); ++i) {
        auto layer = createLayer(specs[i], int(i));
        t.total += layer->paramCount(shape);
        t.nonTrainable += layer->nonTrainableParamCount(shape);
        shape = layer->outputShape(shape);
        t.shapes.push_back(shape);
    }
    return t;
}

Json conv(int filters, int kernel, const char* activation = "linear") {
    return {{"type", "Conv2D"}, {"filters", filters}, {"kernel_size", kernel}, {"activation", activation}};
}

// Everything one forward + backward produces, for bit-exact comparisons.
struct Snapshot {
    std::vector<float> out, dIn;
    std::vector<std::vector<float>> grads;
};

bool sameBits(const std::vector<float>& a, const std::vector<float>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

bool sameBits(const Snapshot& a, const Snapshot& b) {
    if (!sameBits(a.out, b.out) || !sameBits(a.dIn, b.dIn) || a.grads.size() != b.grads.size()) return false;
    for (std::size_t i = 0; i < a.grads.size(); ++i)
        if (!sameBits(a.grads[i], b.grads[i])) return false;
    return true;
}

Snapshot forwardBackward(const Json& spec, Shape in, int batch, Mode mode) {
    auto layer = build(spec, in, 5);
    Rng rng(9);
    Tensor x(batch, in), R(batch, layer->outputShape());
    fillUniform(x, rng);
    fillUniform(R, rng);
    Tensor out, dIn;
    layer->forward(x, out, mode);
    layer->backward(x, out, R, &dIn);
    Snapshot s{out.toVector(), dIn.toVector(), {}};
    for (const Param& p : layer->params()) s.grads.push_back(p.trainable() ? p.grad->toVector() : p.value->toVector());
    return s;
}

}  // namespace

class TestLayerForward : public QObject {
    Q_OBJECT

private slots:
    // Kernel (cross-correlation, as Keras)   Output (oy, ox) = x[oy][ox] + 2·x[oy][ox+1]
    //    1 2  0                                             + x[oy+1][ox+1] − x[oy+2][ox+2] + bias 1
    //    0 1  0                               (0,0): 1 + 4 + 6 − 11 + 1 = 1     (0,1): 2 + 6 + 7 − 12 + 1 = 4
    //    0 0 −1                               (1,0): 5 + 12 + 10 − 15 + 1 = 13  (1,1): 6 + 14 + 11 − 16 + 1 = 16
    // The second sample is all zeros, so it gives the bias alone.
    void conv2dValid3x3OnA4x4Image() {
        auto layer = build({{"type", "Conv2D"}, {"filters", 1}, {"kernel_size", 3}}, {1, 4, 4});
        set(param(*layer, "kernel"), {1, 2, 0, 0, 1, 0, 0, 0, -1});
        set(param(*layer, "bias"), {1});
        std::vector<float> input = kOneToSixteen;
        input.resize(32, 0.0f);
        const Tensor out = run(*layer, tensor(2, {1, 4, 4}, input));
        QCOMPARE(out.sampleShape(), (Shape{1, 2, 2}));
        expectValues(out, {1, 4, 13, 16, 1, 1, 1, 1});
    }

    // 'same' with stride 2 on 4×4: out = ceil(4/2) = 2, padding (2−1)·2 + 3 − 4 = 1
    // goes to the bottom/right (TensorFlow), so windows start at rows/cols 0 and 2.
    // With an all-ones kernel: (0,0) = 1+2+3+5+6+7+9+10+11 = 54, (0,1) = 3+4+7+8+11+12 = 45,
    // (1,0) = 9+10+11+13+14+15 = 72, (1,1) = 11+12+15+16 = 54.
    void conv2dSamePadsBottomRight() {
        auto layer = build({{"type", "Conv2D"}, {"filters", 1}, {"kernel_size", 3}, {"strides", 2},
                            {"padding", "same"}, {"use_bias", false}},
                           {1, 4, 4});
        param(*layer, "kernel").fill(1.0f);
        const Tensor out = run(*layer, tensor(1, {1, 4, 4}, kOneToSixteen));
        QCOMPARE(out.sampleShape(), (Shape{1, 2, 2}));
        expectValues(out, {54, 45, 72, 54});
    }

    // Two channels, two 2×2 filters, kernel layout [F][C][kh][kw], output CHW.
    //   x0 = 1 2 3    x1 = 10 20 30
    //        4 5 6         40 50 60
    //        7 8 9         70 80 90
    // f0: c0 = [1 0; 0 0], c1 = [0 1; 0 0] → x0[oy][ox] + x1[oy][ox+1]     = 21 32 54 65
    // f1: c0 = 0,          c1 = [0 0; 0 1], bias 100 → x1[oy+1][ox+1] + 100 = 150 160 180 190
    void conv2dMixesChannelsInKernelOrder() {
        auto layer = build({{"type", "Conv2D"}, {"filters", 2}, {"kernel_size", 2}}, {2, 3, 3});
        set(param(*layer, "kernel"), {1, 0, 0, 0, /**/ 0, 1, 0, 0, /**/ 0, 0, 0, 0, /**/ 0, 0, 0, 1});
        set(param(*layer, "bias"), {0, 100});
        const Tensor out =
            run(*layer, tensor(1, {2, 3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 30, 40, 50, 60, 70, 80, 90}));
        QCOMPARE(out.sampleShape(), (Shape{2, 2, 2}));
        expectValues(out, {21, 32, 54, 65, 150, 160, 180, 190});
    }

    void conv2dMatchesNaiveLoop_data() {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("height");
        QTest::addColumn<int>("width");
        QTest::newRow("3×3 valid") << R"({"type":"Conv2D","filters":4,"kernel_size":3})" << 3 << 7 << 6;
        QTest::newRow("3×3 same") << R"({"type":"Conv2D","filters":4,"kernel_size":3,"padding":"same"})" << 2 << 6 << 7;
        QTest::newRow("5×5 stride 2 same")
            << R"({"type":"Conv2D","filters":3,"kernel_size":5,"strides":2,"padding":"same"})" << 2 << 9 << 8;
        QTest::newRow("2×3 strides 3×2 valid")
            << R"({"type":"Conv2D","filters":2,"kernel_size":[2,3],"strides":[3,2]})" << 3 << 8 << 9;
        QTest::newRow("1×1") << R"({"type":"Conv2D","filters":5,"kernel_size":1})" << 4 << 3 << 5;
        QTest::newRow("5×5 stride 4 (E1 H1)")
            << R"({"type":"Conv2D","filters":16,"kernel_size":5,"strides":4})" << 1 << 28 << 28;
        // One input channel, stride 1, 16 filters a vector: the direct forward.
        QTest::newRow("one channel, 16 filters 5×5 (E4-h conv_1)")
            << R"({"type":"Conv2D","filters":16,"kernel_size":5})" << 1 << 28 << 28;
        QTest::newRow("one channel, 32 filters 3×3 on 9×21 (runs of 16 and 3)")
            << R"({"type":"Conv2D","filters":32,"kernel_size":3})" << 1 << 9 << 21;
        QTest::newRow("one channel, 16 filters 2×3 on 3×4")
            << R"({"type":"Conv2D","filters":16,"kernel_size":[2,3]})" << 1 << 3 << 4;
        // One window over the whole input (E5's b3_conv5): no im2col copy.
        QTest::newRow("5×5 on 5×5, window covers the input")
            << R"({"type":"Conv2D","filters":6,"kernel_size":5})" << 3 << 5 << 5;
        QTest::newRow("3×2 on 3×2 with stride 2, covers the input")
            << R"({"type":"Conv2D","filters":2,"kernel_size":[3,2],"strides":2})" << 4 << 3 << 2;
    }

    void conv2dMatchesNaiveLoop() {
        QFETCH(QString, spec);
        QFETCH(int, channels);
        QFETCH(int, height);
        QFETCH(int, width);
        const Json j = Json::parse(spec.toStdString());
        const Shape in{channels, height, width};
        auto layer = build(j, in);
        Rng rng(3);
        fillUniform(param(*layer, "kernel"), rng);
        fillUniform(param(*layer, "bias"), rng);
        Tensor x(3, in);
        fillUniform(x, rng);
        const Tensor out = run(*layer, x);
        const Shape o = out.sampleShape();
        const int kh = j["kernel_size"].is_array() ? j["kernel_size"][0].get<int>() : j["kernel_size"].get<int>();
        const int kw = j["kernel_size"].is_array() ? j["kernel_size"][1].get<int>() : kh;
        const int sh = !j.contains("strides") ? 1 : j["strides"].is_array() ? j["strides"][0].get<int>() : j["strides"].get<int>();
        const int sw = !j.contains("strides") ? 1 : j["strides"].is_array() ? j["strides"][1].get<int>() : sh;
        const bool same = j.value("padding", "valid") == "same";
        const int padTop = same ? std::max((o.h - 1) * sh + kh - height, 0) / 2 : 0;
        const int padLeft = same ? std::max((o.w - 1) * sw + kw - width, 0) / 2 : 0;
        for (int n = 0; n < 3; ++n) {
            const auto expected = naiveConv(x, n, param(*layer, "kernel"), o.c, kh, kw, sh, sw, padTop, padLeft,
                                            o.h, o.w, &param(*layer, "bias"));
            for (std::size_t i = 0; i < expected.size(); ++i)
                QVERIFY2(std::abs(out.sample(n)[i] - expected[i]) < 1e-5f,
                         qPrintable(QString("sample %1 element %2: %3 vs %4").arg(n).arg(i)
                                        .arg(out.sample(n)[i]).arg(expected[i])));
        }
    }

    // Depthwise, depth_multiplier 2, no bias, on the two channels above; output
    // channel c·2 + m is channel c through its filter m:
    //   o0 (c0, m0) [1 0; 0 0]   → x0[oy][ox]         = 1 2 4 5
    //   o1 (c0, m1) [0 0; 0 1]   → x0[oy+1][ox+1]     = 5 6 8 9
    //   o2 (c1, m0) [1 1; 1 1]   → 2×2 sums of x1     = 120 160 240 280
    //   o3 (c1, m1) [0 −1; 0 0]  → −x1[oy][ox+1]      = −20 −30 −50 −60
    void depthwiseFiltersEachChannelAlone() {
        auto layer = build({{"type", "DepthwiseConv2D"}, {"kernel_size", 2}, {"depth_multiplier", 2},
                            {"use_bias", false}},
                           {2, 3, 3});
        set(param(*layer, "depthwise_kernel"), {1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, -1, 0, 0});
        const Tensor out =
            run(*layer, tensor(1, {2, 3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 30, 40, 50, 60, 70, 80, 90}));
        QCOMPARE(out.sampleShape(), (Shape{4, 2, 2}));
        expectValues(out, {1, 2, 4, 5, 5, 6, 8, 9, 120, 160, 240, 280, -20, -30, -50, -60});
    }

    // 'same', stride 2, 3×3 ones on the 4×4 image plus bias 0.5: same windows as
    // conv2dSamePadsBottomRight → 54.5 45.5 72.5 54.5.
    void depthwiseSameStride2() {
        auto layer = build({{"type", "DepthwiseConv2D"}, {"kernel_size", 3}, {"strides", 2}, {"padding", "same"}},
                           {1, 4, 4});
        param(*layer, "depthwise_kernel").fill(1.0f);
        set(param(*layer, "bias"), {0.5f});
        expectValues(run(*layer, tensor(1, {1, 4, 4}, kOneToSixteen)), {54.5f, 45.5f, 72.5f, 54.5f});
    }

    //   x = 1 3 2 0      2×2 stride 2: max of each block          = 4 5 / 9 7
    //       4 2 1 5      3×3 stride 1: windows at (0..2, 0..2) etc = 7 7 / 9 9
    //       0 0 7 1      3×3 stride 2 same: out 2×2, 1 padding row/col at the
    //       2 9 3 3      bottom/right, windows rows {0-2, 2-3} × cols {0-2, 2-3} = 7 7 / 9 7
    void maxPoolHandComputed() {
        const Tensor x = tensor(1, {1, 4, 4}, {1, 3, 2, 0, 4, 2, 1, 5, 0, 0, 7, 1, 2, 9, 3, 3});
        expectValues(run(*build({{"type", "MaxPool2D"}}, {1, 4, 4}), x), {4, 5, 9, 7});
        expectValues(run(*build({{"type", "MaxPool2D"}, {"pool_size", 3}, {"strides", 1}}, {1, 4, 4}), x),
                     {7, 7, 9, 9});
        expectValues(
            run(*build({{"type", "MaxPool2D"}, {"pool_size", 3}, {"strides", 2}, {"padding", "same"}}, {1, 4, 4}), x),
            {7, 7, 9, 7});
    }

    // Padding never wins: on −1..−9 (3×3), 2×2 'same' windows are
    // {−1,−2,−4,−5}, {−3,−6}, {−7,−8}, {−9} → −1 −3 −7 −9 (zero padding would give 0s).
    void maxPoolPaddingIsNotZero() {
        auto layer = build({{"type", "MaxPool2D"}, {"padding", "same"}}, {1, 3, 3});
        const Tensor out = run(*layer, tensor(1, {1, 3, 3}, {-1, -2, -3, -4, -5, -6, -7, -8, -9}));
        QCOMPARE(out.sampleShape(), (Shape{1, 2, 2}));
        expectValues(out, {-1, -3, -7, -9});
    }

    // On ties the gradient goes to the first maximum (row by row), only.
    void maxPoolBackwardGoesToFirstMaximum() {
        auto layer = build({{"type", "MaxPool2D"}}, {1, 2, 4});
        const Tensor x = tensor(1, {1, 2, 4}, {1, 1, 0, 3, 1, 1, 3, 3});
        Tensor out = run(*layer, x), dIn;
        layer->backward(x, out, tensor(1, {1, 1, 2}, {10, 20}), &dIn);
        expectValues(dIn, {10, 0, 0, 20, 0, 0, 0, 0});
    }

    // Every kernel MaxPool2D picks (2×2, windows side by side, rows wide or
    // narrow, padding, overlapping windows) against a plain scan of each
    // window, on values with many ties: the same maxima, and the gradient on
    // the same cells (the first maximum row by row).
    void maxPoolAgreesWithAPlainScan_data() {
        QTest::addColumn<int>("pool");
        QTest::addColumn<int>("stride");
        QTest::addColumn<QString>("padding");
        QTest::addColumn<int>("size");
        for (int pool : {2, 3, 4})
            for (int size : {12, 24, 40, 13})
                for (const char* padding : {"valid", "same"}) {
                    QTest::newRow(qPrintable(QString("%1×%1 %2 on %3×%3").arg(pool).arg(padding).arg(size)))
                        << pool << pool << padding << size;
                }
        QTest::newRow("2×2 on 70×70 (rows of 35: two runs of 16 and 3)") << 2 << 2 << "valid" << 70;
        QTest::newRow("2×2 on 35×35 (rows of 17, last column left out)") << 2 << 2 << "valid" << 35;
        QTest::newRow("3×3 stride 2 on 33×33") << 3 << 2 << "valid" << 33;
        QTest::newRow("4×4 on 32×32 (rows of 8: two full vectors)") << 4 << 4 << "valid" << 32;
        QTest::newRow("3×3 on 32×32 (rows of 10, a column left out)") << 3 << 3 << "valid" << 32;
        QTest::newRow("4×4 stride 2 same on 18×18") << 4 << 2 << "same" << 18;
    }
    void maxPoolAgreesWithAPlainScan() {
        QFETCH(int, pool);
        QFETCH(int, stride);
        QFETCH(QString, padding);
        QFETCH(int, size);
        const Shape in{3, size, size};
        auto layer = build({{"type", "MaxPool2D"}, {"pool_size", pool}, {"strides", stride},
                            {"padding", padding.toStdString()}}, in);
        Tensor x(2, in);
        Rng rng(size * 7 + pool);
        std::uniform_int_distribution<int> level(-3, 3);  // few levels: many ties
        for (std::size_t i = 0; i < x.size(); ++i) x[i] = float(level(rng));
        Tensor out = run(*layer, x);
        Tensor dOut(out.batch(), out.sampleShape());
        for (std::size_t i = 0; i < dOut.size(); ++i) dOut[i] = float(i + 1);
        Tensor dIn;
        layer->backward(x, out, dOut, &dIn);

        const Shape o = out.sampleShape();
        // 'same' puts the extra padding row/column at the bottom/right.
        const int padTop = padding == "same" ? std::max(0, ((o.h - 1) * stride + pool - size) / 2) : 0;
        const int padLeft = padding == "same" ? std::max(0, ((o.w - 1) * stride + pool - size) / 2) : 0;
        Tensor expectedIn(x.batch(), in);
        expectedIn.setZero();
        for (int n = 0; n < x.batch(); ++n)
            for (int c = 0; c < in.c; ++c)
                for (int oy = 0; oy < o.h; ++oy)
                    for (int ox = 0; ox < o.w; ++ox) {
                        int best = -1;
                        for (int i = 0; i < pool; ++i)
                            for (int j = 0; j < pool; ++j) {
                                const int iy = oy * stride - padTop + i, ix = ox * stride - padLeft + j;
                                if (iy < 0 || iy >= size || ix < 0 || ix >= size) continue;
                                const int at = (c * size + iy) * size + ix;
                                if (best < 0 || x.sample(n)[at] > x.sample(n)[best]) best = at;
                            }
                        const std::size_t oAt = std::size_t((c * o.h + oy) * o.w + ox);
                        QCOMPARE(out.sample(n)[oAt], x.sample(n)[best]);
                        expectedIn.sample(n)[best] += dOut.sample(n)[oAt];
                    }
        QCOMPARE(dIn.toVector(), expectedIn.toVector());
    }

    // 2×2 on 1..16: (1+2+5+6)/4 = 3.5, (3+4+7+8)/4 = 5.5, 11.5, 13.5.
    // 'same' 2×2 on 1..9 (3×3) averages only real cells:
    //   (1+2+4+5)/4 = 3, (3+6)/2 = 4.5, (7+8)/2 = 7.5, 9/1 = 9.
    void averagePoolHandComputed() {
        expectValues(run(*build({{"type", "AveragePool2D"}}, {1, 4, 4}), tensor(1, {1, 4, 4}, kOneToSixteen)),
                     {3.5f, 5.5f, 11.5f, 13.5f});
        auto same = build({{"type", "AveragePool2D"}, {"padding", "same"}}, {1, 3, 3});
        const Tensor x = tensor(1, {1, 3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
        Tensor out = run(*same, x), dIn;
        expectValues(out, {3, 4.5f, 7.5f, 9});
        // Backward shares each gradient over the cells that were averaged.
        same->backward(x, out, tensor(1, {1, 2, 2}, {4, 2, 6, 1}), &dIn);
        expectValues(dIn, {1, 1, 1, 1, 1, 1, 3, 3, 1});
    }

    // Channel 0 of 2×2 holds 1..4 → mean 2.5; channel 1 holds 10, 20, 30, 40 →
    // mean 25. Backward spreads each gradient evenly: 1 → 0.25 per cell,
    // −8 → −2 per cell.
    void globalAveragePoolingHandComputed() {
        auto gap = build({{"type", "GlobalAveragePooling2D"}}, {2, 2, 2});
        QCOMPARE(gap->outputShape().str(), std::string("2"));
        const Tensor x = tensor(1, {2, 2, 2}, {1, 2, 3, 4, 10, 20, 30, 40});
        Tensor out = run(*gap, x), dIn;
        expectValues(out, {2.5f, 25.0f});
        gap->backward(x, out, tensor(1, Shape::vector(2), {1, -8}), &dIn);
        expectValues(dIn, {0.25f, 0.25f, 0.25f, 0.25f, -2, -2, -2, -2});
        // keepdims keeps the image shape, as in Keras.
        auto kept = build({{"type", "GlobalAveragePooling2D"}, {"keepdims", true}}, {2, 2, 2});
        QCOMPARE(kept->outputShape().str(), std::string("1×1×2"));
        expectValues(run(*kept, x), {2.5f, 25.0f});
    }

    // Two channels of 1×2, batch 2:
    //   channel 0: samples [1 3], [5 7] → mean 4, biased variance (9+1+1+9)/4 = 5
    //              y = 2·(x − 4)/√5.001 + 0.5 → −2.1830133, −0.3943378, 1.3943378, 3.1830133
    //   channel 1: all 2 → variance 0 → y = beta = −1
    // Moving statistics after one step (momentum 0.99, starting at 0 and 1):
    //   mean 0.01·4 = 0.04 and 0.01·2 = 0.02; variance 0.99 + 0.01·5 = 1.04 and 0.99.
    void batchNormTrainingUsesBatchStatistics() {
        auto layer = build({{"type", "BatchNormalization"}}, {2, 1, 2});
        set(param(*layer, "gamma"), {2, 1});
        set(param(*layer, "beta"), {0.5f, -1});
        const Tensor out = run(*layer, tensor(2, {2, 1, 2}, {1, 3, 2, 2, 5, 7, 2, 2}), Mode::Training);
        expectValues(out, {-2.1830133f, -0.3943378f, -1, -1, 1.3943378f, 3.1830133f, -1, -1}, 1e-5f);
        expectValues(param(*layer, "moving_mean"), {0.04f, 0.02f}, 1e-6f);
        expectValues(param(*layer, "moving_variance"), {1.04f, 0.99f}, 1e-6f);
    }

    // Inference uses the moving statistics: mean (1, 0), variance (3.999, 0.999)
    // so √(var + 0.001) = 2 and 1: y0 = 2·(x − 1)/2 + 0.5, y1 = (x − 0)/1 − 1.
    void batchNormInferenceUsesMovingStatistics() {
        auto layer = build({{"type", "BatchNormalization"}}, {2, 1, 2});
        set(param(*layer, "gamma"), {2, 1});
        set(param(*layer, "beta"), {0.5f, -1});
        set(param(*layer, "moving_mean"), {1, 0});
        set(param(*layer, "moving_variance"), {3.999f, 0.999f});
        const Tensor out = run(*layer, tensor(1, {2, 1, 2}, {5, 3, 2, -4}));
        expectValues(out, {4.5f, 2.5f, 1, -5}, 1e-5f);
        expectValues(param(*layer, "moving_mean"), {1, 0});  // untouched
    }

    // Flat input is normalised per feature over the batch: feature 0 = [1, 3]
    // → mean 2, variance 1 → ∓1/√1.001 = ∓0.9995004; feature 1 = [10, 10] → 0.
    void batchNormFlatIsPerFeature() {
        auto layer = build({{"type", "BatchNormalization"}}, Shape::vector(2));
        const Tensor out = run(*layer, tensor(2, Shape::vector(2), {1, 10, 3, 10}), Mode::Training);
        expectValues(out, {-0.9995004f, 0, 0.9995004f, 0}, 1e-6f);
    }

    void outputShapes_data() {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("output");
        QTest::newRow("conv valid") << R"({"type":"Conv2D","filters":8,"kernel_size":3})" << "28×28×1" << "26×26×8";
        QTest::newRow("conv same") << R"({"type":"Conv2D","filters":8,"kernel_size":3,"padding":"same"})"
                                   << "28×28×1" << "28×28×8";
        QTest::newRow("conv same stride 2 odd")
            << R"({"type":"Conv2D","filters":4,"kernel_size":3,"strides":2,"padding":"same"})" << "7×7×3" << "4×4×4";
        QTest::newRow("conv valid stride 2")
            << R"({"type":"Conv2D","filters":4,"kernel_size":3,"strides":2})" << "7×8×3" << "3×3×4";
        QTest::newRow("conv non-square")
            << R"({"type":"Conv2D","filters":2,"kernel_size":[1,5],"strides":[1,3]})" << "6×11×1" << "6×3×2";
        QTest::newRow("conv E1 H1") << R"({"type":"Conv2D","filters":16,"kernel_size":5,"strides":4})"
                                    << "28×28×1" << "6×6×16";
        QTest::newRow("depthwise ×5") << R"({"type":"DepthwiseConv2D","kernel_size":5,"depth_multiplier":5})"
                                      << "32×32×3" << "28×28×15";
        QTest::newRow("depthwise same stride 2")
            << R"({"type":"DepthwiseConv2D","kernel_size":3,"strides":2,"padding":"same"})" << "9×9×4" << "5×5×4";
        QTest::newRow("max pool default") << R"({"type":"MaxPool2D"})" << "27×27×2" << "13×13×2";
        QTest::newRow("max pool same") << R"({"type":"MaxPool2D","padding":"same"})" << "27×27×2" << "14×14×2";
        QTest::newRow("max pool 4 same on 2×2") << R"({"type":"MaxPool2D","pool_size":4,"padding":"same"})"
                                                << "2×2×16" << "1×1×16";
        QTest::newRow("max pool 3 stride 2") << R"({"type":"MaxPool2D","pool_size":3,"strides":2})"
                                             << "13×13×1" << "6×6×1";
        QTest::newRow("average pool [2,3]") << R"({"type":"AveragePool2D","pool_size":[2,3]})" << "8×9×5" << "4×3×5";
        QTest::newRow("batch norm image") << R"({"type":"BatchNormalization"})" << "5×5×7" << "5×5×7";
        QTest::newRow("batch norm flat") << R"({"type":"BatchNormalization"})" << "10" << "10";
        QTest::newRow("RBF") << R"({"type":"RBF","units":10})" << "84" << "10";
        QTest::newRow("global average") << R"({"type":"GlobalAveragePooling2D"})" << "5×5×256" << "256";
        QTest::newRow("global average keepdims") << R"({"type":"GlobalAveragePooling2D","keepdims":true})" << "7×3×4"
                                                 << "1×1×4";
    }

    void outputShapes() {
        QFETCH(QString, spec);
        QFETCH(QString, input);
        QFETCH(QString, output);
        auto layer = createLayer(Json::parse(spec.toStdString()), 0);
        QCOMPARE(QString::fromStdString(layer->outputShape(parseShape(input)).str()), output);
    }

    void shapeErrorsSpeakPlainly() {
        const QString tooBig = errorOf(
            {{"type", "Conv2D"}, {"name", "h1"}, {"filters", 16}, {"kernel_size", 5}}, {1, 3, 3});
        QVERIFY2(tooBig.contains("Conv2D 'h1': kernel 5×5 is larger than its 3×3 input"), qPrintable(tooBig));

        const QString wide = errorOf({{"type", "Conv2D"}, {"name", "c"}, {"filters", 1}, {"kernel_size", {2, 5}}},
                                     {1, 4, 4});
        QVERIFY2(wide.contains("kernel 2×5 is larger than its 4×4 input"), qPrintable(wide));

        const QString flat = errorOf({{"type", "Conv2D"}, {"name", "h1"}, {"filters", 16}, {"kernel_size", 5}},
                                     Shape::vector(576));
        QVERIFY2(flat.contains("Conv2D 'h1'") && flat.contains("needs an image input (H×W×C) but gets 576") &&
                     flat.contains("Conv2D cannot follow Flatten/Dense"),
                 qPrintable(flat));

        const QString depthwiseFlat = errorOf({{"type", "DepthwiseConv2D"}, {"kernel_size", 3}}, Shape::vector(30));
        QVERIFY2(depthwiseFlat.contains("DepthwiseConv2D cannot follow Flatten/Dense"), qPrintable(depthwiseFlat));

        const QString pool = errorOf({{"type", "MaxPool2D"}, {"name", "p"}, {"pool_size", 4}}, {16, 2, 2});
        QVERIFY2(pool.contains("MaxPool2D 'p': pool 4×4 is larger than its 2×2 input"), qPrintable(pool));

        const QString average = errorOf({{"type", "AveragePool2D"}, {"pool_size", 3}}, {1, 2, 5});
        QVERIFY2(average.contains("pool 3×3 is larger than its 2×5 input"), qPrintable(average));

        const QString gap = errorOf({{"type", "GlobalAveragePooling2D"}, {"name", "gap"}}, Shape::vector(30));
        QVERIFY2(gap.contains("GlobalAveragePooling2D 'gap'") && gap.contains("flat vector of 30") &&
                     gap.contains("before Flatten"),
                 qPrintable(gap));

        const QString rbf = errorOf({{"type", "RBF"}, {"name", "out"}, {"units", 10}}, {3, 4, 4});
        QVERIFY2(rbf.contains("RBF 'out'") && rbf.contains("Flatten"), qPrintable(rbf));

        const QString padding = errorOf({{"type", "Conv2D"}, {"filters", 1}, {"kernel_size", 3}, {"padding", "full"}},
                                        {1, 5, 5});
        QVERIFY2(padding.contains("padding") && padding.contains("'valid', 'same'"), qPrintable(padding));

        const QString typo = errorOf({{"type", "Conv2D"}, {"filters", 1}, {"kernel", 3}}, {1, 5, 5});
        QVERIFY2(typo.contains("kernel_size"), qPrintable(typo));

        const QString unknown = errorOf({{"type", "BatchNormalization"}, {"axis", 1}}, {1, 5, 5});
        QVERIFY2(unknown.contains("unknown field 'axis'"), qPrintable(unknown));
    }

    void paramCountsAndFormulas() {
        const Shape mnist{1, 28, 28};
        auto h1 = createLayer({{"type", "Conv2D"}, {"filters", 16}, {"kernel_size", 5}, {"strides", 4}}, 0);
        QCOMPARE(h1->outputShape(mnist), (Shape{16, 6, 6}));
        QCOMPARE(h1->paramCount(mnist), std::size_t(416));
        QCOMPARE(QString::fromStdString(h1->paramFormula(mnist)), QString("16 × (5×5×1 + 1) = 416"));
        QCOMPARE(h1->multiplyAdds(mnist), std::uint64_t(6 * 6 * 16 * 25));

        auto noBias = createLayer(
            {{"type", "Conv2D"}, {"filters", 64}, {"kernel_size", {3, 5}}, {"use_bias", false}}, 0);
        QCOMPARE(QString::fromStdString(noBias->paramFormula({32, 9, 9})), QString("64 × 3×5×32 = 30,720"));

        auto depthwise = createLayer({{"type", "DepthwiseConv2D"}, {"kernel_size", 5}, {"depth_multiplier", 5}}, 0);
        QCOMPARE(depthwise->paramCount({3, 32, 32}), std::size_t(390));
        QCOMPARE(QString::fromStdString(depthwise->paramFormula({3, 32, 32})), QString("3×5 × (5×5 + 1) = 390"));
        QCOMPARE(depthwise->multiplyAdds({3, 32, 32}), std::uint64_t(28 * 28 * 15 * 25));

        auto bn = createLayer({{"type", "BatchNormalization"}}, 0);
        QCOMPARE(bn->paramCount({64, 30, 30}), std::size_t(256));
        QCOMPARE(bn->nonTrainableParamCount({64, 30, 30}), std::size_t(128));
        QVERIFY(QString::fromStdString(bn->paramFormula({64, 30, 30})).startsWith("4 × 64 = 256"));
        auto bnScaleOnly = createLayer({{"type", "BatchNormalization"}, {"center", false}}, 0);
        QCOMPARE(bnScaleOnly->paramCount(Shape::vector(10)), std::size_t(30));

        auto rbf = createLayer({{"type", "RBF"}, {"units", 10}}, 0);
        QCOMPARE(rbf->paramCount(Shape::vector(84)), std::size_t(840));
        QVERIFY(QString::fromStdString(rbf->paramFormula(Shape::vector(84))).startsWith("10 × 84 = 840"));

        auto pool = createLayer({{"type", "MaxPool2D"}}, 0);
        QCOMPARE(pool->paramCount({4, 8, 8}), std::size_t(0));

        // Kernel tensor layouts, as documented in the headers.
        auto c = build({{"type", "Conv2D"}, {"filters", 3}, {"kernel_size", {2, 4}}}, {5, 6, 6});
        QCOMPARE(param(*c, "kernel").batch(), 3);
        QCOMPARE(param(*c, "kernel").sampleShape(), (Shape{5, 2, 4}));
        QCOMPARE(param(*c, "bias").sampleShape(), (Shape{3, 1, 1}));
        auto d = build({{"type", "DepthwiseConv2D"}, {"kernel_size", 3}, {"depth_multiplier", 2}}, {4, 6, 6});
        QCOMPARE(param(*d, "depthwise_kernel").batch(), 8);
        QCOMPARE(param(*d, "depthwise_kernel").sampleShape(), (Shape{1, 3, 3}));
        auto b = build({{"type", "BatchNormalization"}}, {4, 6, 6});
        int trainable = 0;
        for (const Param& p : b->params()) trainable += p.trainable();
        QCOMPARE(trainable, 2);
        QCOMPARE(param(*b, "moving_variance")[0], 1.0f);
    }

    // Whole reference networks: the totals experiments.md reports.
    void experimentTotals() {
        const Json input28 = {{"type", "Input"}, {"shape", {28, 28, 1}}};
        const Totals e1 = summarize({input28,
                                     {{"type", "Conv2D"}, {"filters", 16}, {"kernel_size", 5}, {"strides", 4},
                                      {"activation", "tanh"}},
                                     {{"type", "Flatten"}},
                                     {{"type", "Dense"}, {"units", 192}},
                                     {{"type", "Dense"}, {"units", 30}},
                                     {{"type", "Dense"}, {"units", 10}, {"activation", "softmax"}}});
        QCOMPARE(e1.total, std::size_t(117300));

        const Totals e3 = summarize({input28, conv(32, 3, "relu"), conv(64, 3, "relu"), {{"type", "MaxPool2D"}},
                                     {{"type", "Dropout"}, {"rate", 0.25}}, {{"type", "Flatten"}},
                                     {{"type", "Dense"}, {"units", 128}, {"activation", "relu"}},
                                     {{"type", "Dropout"}, {"rate", 0.5}},
                                     {{"type", "Dense"}, {"units", 10}, {"activation", "softmax"}}});
        QCOMPARE(e3.total, std::size_t(1199882));

        // E2: depthwise ×5 then ×3 keeps colours apart: 3 → 15 → 45 planes.
        const Totals e2 = summarize({{{"type", "Input"}, {"shape", {32, 32, 3}}},
                                     {{"type", "DepthwiseConv2D"}, {"kernel_size", 5}, {"depth_multiplier", 5}},
                                     {{"type", "MaxPool2D"}},
                                     {{"type", "DepthwiseConv2D"}, {"kernel_size", 5}, {"depth_multiplier", 3}},
                                     {{"type", "MaxPool2D"}}});
        QCOMPARE(e2.shapes.back(), (Shape{45, 5, 5}));
        QCOMPARE(e2.total, std::size_t(15 * 26 + 45 * 26));

        // E5: three blocks of conv 1×1 → 3×3 → 5×5, each followed by BN and ReLU.
        std::vector<Json> e5{{{"type", "Input"}, {"shape", {32, 32, 3}}}};
        for (int filters : {64, 128, 256}) {
            for (int kernel : {1, 3, 5}) {
                e5.push_back(conv(filters, kernel));
                e5.push_back({{"type", "BatchNormalization"}});
                e5.push_back({{"type", "Activation"}, {"activation", "relu"}});
            }
            if (filters == 64) e5.push_back({{"type", "MaxPool2D"}});
            e5.push_back({{"type", "Dropout"}, {"rate", 0.25}});
        }
        e5.push_back({{"type", "Flatten"}});
        e5.push_back({{"type", "Dense"}, {"units", 10}, {"activation", "softmax"}});
        const Totals t = summarize(e5);
        QCOMPARE(t.total, std::size_t(2974986));
        QCOMPARE(t.total - t.nonTrainable, std::size_t(2972298));
        QCOMPARE(t.shapes[3].h, 32);   // after the 1×1 block
        QCOMPARE(t.shapes[6].h, 30);
        QCOMPARE(t.shapes[9].h, 26);
        QCOMPARE(t.shapes[10].h, 13);  // max-pool
        QCOMPARE(t.shapes.back(), Shape::vector(10));
    }

    void bitIdenticalAtOneAndTwoThreads_data() {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QString>("input");
        QTest::addColumn<bool>("training");
        QTest::newRow("Conv2D 3×3 same tanh")
            << R"({"type":"Conv2D","filters":8,"kernel_size":3,"padding":"same","activation":"tanh"})" << "9×9×3"
            << false;
        QTest::newRow("Conv2D 5×5 stride 2") << R"({"type":"Conv2D","filters":6,"kernel_size":5,"strides":2})"
                                             << "11×11×2" << false;
        QTest::newRow("Conv2D 1×1") << R"({"type":"Conv2D","filters":7,"kernel_size":1})" << "6×6×5" << false;
        QTest::newRow("DepthwiseConv2D") << R"({"type":"DepthwiseConv2D","kernel_size":3,"depth_multiplier":2})"
                                         << "8×8×3" << false;
        QTest::newRow("MaxPool2D") << R"({"type":"MaxPool2D","pool_size":3,"strides":2})" << "9×9×3" << false;
        QTest::newRow("AveragePool2D") << R"({"type":"AveragePool2D","padding":"same"})" << "9×9×3" << false;
        QTest::newRow("BatchNormalization") << R"({"type":"BatchNormalization"})" << "5×5×6" << true;
        QTest::newRow("RBF") << R"({"type":"RBF","units":7})" << "40" << false;
        QTest::newRow("GlobalAveragePooling2D") << R"({"type":"GlobalAveragePooling2D"})" << "6×5×9" << false;
    }

    // A batch of 37 (not a multiple of the reduction chunk) forward and backward
    // under 1 and 2 threads: outputs, input gradients and parameter gradients
    // must be the same bits.
    void bitIdenticalAtOneAndTwoThreads() {
        QFETCH(QString, spec);
        QFETCH(QString, input);
        QFETCH(bool, training);
        const Json j = Json::parse(spec.toStdString());
        const Shape in = parseShape(input);
        const Mode mode = training ? Mode::Training : Mode::Inference;
        Snapshot one, two;
        {
            tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 1);
            one = forwardBackward(j, in, 37, mode);
        }
        {
            tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 2);
            two = forwardBackward(j, in, 37, mode);
        }
        QVERIFY(!one.out.empty() && !one.dIn.empty());
        QVERIFY(sameBits(one, two));
    }
};

QTEST_APPLESS_MAIN(TestLayerForward)
#include "test_layer_forward.moc"
