// Winograd convolution (engine/layers/winograd.h) against Conv2D's reference
// path, im2col + GEMM: forward outputs, input, kernel and bias gradients on
// the shapes of every preset layer that uses it (E3 CNN, E5) and on odd ones
// (sizes that are no multiple of the tile, 'same' padding, batch 1, a fused
// activation), each within a relative error of 1e-4; the 1-D matrices against
// the definition; central differences of the Winograd path itself; the same
// bits at 1 and 2 threads; and which layers the cost model gives Winograd.
// The direct one-channel kernels (engine/layers/conv2d_direct.h) are held to
// the same reference here, forward and backward.
#include "engine/layer_registry.h"
#include "engine/layers/conv2d.h"
#include "engine/layers/winograd.h"
#include "engine/model_spec.h"
#include "engine/network.h"
#include "engine/presets.h"

#include <QtTest>

#include <tbb/global_control.h>

#include <cmath>

using namespace cnnwb;

namespace {

struct ConvCase {
    const char* name;
    int channels, filters, kernel, height, width;
    const char* padding = "valid";
    int batch = 4;
    int tile = 0;  // 0: the cost model's choice (must be Winograd); else forced
    const char* activation = "linear";
    int strides = 1;
};

std::unique_ptr<Layer> makeConv(const ConvCase& c, bool reference) {
    Json spec{{"type", "Conv2D"}, {"filters", c.filters},       {"kernel_size", c.kernel},
              {"padding", c.padding}, {"activation", c.activation}, {"strides", c.strides}};
    auto layer = createLayer(spec, 0);
    auto* conv = static_cast<Conv2D*>(layer.get());
    if (reference) conv->preferReferenceAlgorithm(true);
    else if (c.tile) conv->forceWinograd(c.tile);
    Rng rng(42);
    layer->setup({c.channels, c.height, c.width}, rng);
    // A non-zero bias, so that its path is compared too.
    for (const Param& p : layer->params())
        if (p.name == "bias")
            for (std::size_t i = 0; i < p.value->size(); ++i) (*p.value)[i] = 0.01f * float(int(i % 7) - 3);
    return layer;
}

void fillUniform(Tensor& t, unsigned seed, float scale = 1.0f) {
    Rng rng(seed);
    std::uniform_real_distribution<float> u(-scale, scale);
    for (std::size_t i = 0; i < t.size(); ++i) t[i] = u(rng);
}

// max |a − b| / max |b|
double relativeError(const float* a, const float* b, std::size_t n) {
    double diff = 0, scale = 0;
    for (std::size_t i = 0; i < n; ++i) {
        diff = std::max(diff, std::abs(double(a[i]) - double(b[i])));
        scale = std::max(scale, std::abs(double(b[i])));
    }
    return scale > 0 ? diff / scale : diff;
}

Tensor& gradOf(Layer& layer, const std::string& name) {
    for (const Param& p : layer.params())
        if (p.name == name) return *p.grad;
    throw std::runtime_error("no parameter " + name);
}

Tensor& valueOf(Layer& layer, const std::string& name) {
    for (const Param& p : layer.params())
        if (p.name == name) return *p.value;
    throw std::runtime_error("no parameter " + name);
}

struct Pass {
    Tensor out, dIn, kernelGrad, biasGrad;
};

Pass runPass(Layer& layer, const Tensor& x, unsigned seed) {
    Pass p;
    layer.forward(x, p.out, Mode::Training);
    Tensor dOut(p.out.batch(), p.out.sampleShape());
    fillUniform(dOut, seed);
    layer.backward(x, p.out, dOut, &p.dIn);
    p.kernelGrad = gradOf(layer, "kernel");
    p.biasGrad = gradOf(layer, "bias");
    return p;
}

const std::vector<ConvCase>& cases() {
    static const std::vector<ConvCase> table{
        // The preset layers the cost model gives Winograd.
        {"E3 CNN conv_2", 32, 64, 3, 26, 26, "valid", 8, 0, "relu"},
        {"E5 b1_conv3", 64, 64, 3, 32, 32},
        {"E5 b1_conv5", 64, 64, 5, 30, 30},
        {"E5 b2_conv3", 128, 128, 3, 13, 13},
        {"E5 b2_conv5", 128, 128, 5, 11, 11},
        {"E5 b3_conv3", 256, 256, 3, 7, 7, "valid", 2},
        // Odd ones: every tile size and kernel, sizes that leave part tiles,
        // 'same' padding, batch 1, channels no multiple of a vector.
        {"F(2,3) valid 9×7", 9, 11, 3, 9, 7, "valid", 3, 2},
        {"F(4,3) valid 9×7", 9, 11, 3, 9, 7, "valid", 3, 4},
        {"F(2,5) valid 10×9", 10, 12, 5, 10, 9, "valid", 3, 2},
        {"F(4,5) valid 12×13", 10, 12, 5, 12, 13, "valid", 2, 4},
        {"F(2,3) same 7×8 batch 1", 13, 9, 3, 7, 8, "same", 1, 2},
        {"F(4,3) same 11×11 tanh", 16, 16, 3, 11, 11, "same", 2, 4, "tanh"},
        {"F(2,5) same 6×6", 8, 17, 5, 6, 6, "same", 5, 2},
        {"F(4,3) one channel", 1, 4, 3, 8, 8, "valid", 2, 4},
        {"F(2,3) 3×3 input to 1×1", 12, 12, 3, 3, 3, "valid", 3, 2},
    };
    return table;
}

// One input channel: the direct forward and kernel gradient where AVX-512 is
// built (the cost model's choice, not forced).
const std::vector<ConvCase>& oneChannelCases() {
    static const std::vector<ConvCase> table{
        {"E4-h conv_1", 1, 16, 5, 28, 28, "valid", 4, 0, "tanh"},
        {"E3 CNN conv_1", 1, 32, 3, 28, 28, "valid", 4, 0, "relu"},
        {"32 filters 3×3 on 9×21 (odd output width)", 1, 32, 3, 9, 21, "valid", 3},
        {"16 filters 8×8 on 11×13 (widest kernel row)", 1, 16, 8, 11, 13, "valid", 2, 0, "sigmoid"},
        {"48 filters 1×1 on 5×7, batch 1", 1, 48, 1, 5, 7, "valid", 1},
        {"16 filters 4×4 on 4×4 (one output)", 1, 16, 4, 4, 4, "valid", 3},
        {"E1 h1: 5×5 stride 4", 1, 16, 5, 28, 28, "valid", 5, 0, "tanh", 4},
        {"32 filters 3×3 stride 2 on 10×13", 1, 32, 3, 10, 13, "valid", 2, 0, "linear", 2},
    };
    return table;
}

}  // namespace

class TestWinograd : public QObject {
    Q_OBJECT

private slots:
    // Tile sizes that are not built are refused, not read past the tables.
    void unbuiltTileSizesAreRefused() {
        for (auto [m, r] : {std::pair{3, 3}, {2, 7}, {6, 3}, {0, 0}}) {
            bool refused = false;
            try {
                winogradMatrices(m, r);
            } catch (const std::invalid_argument& e) {
                refused = std::string(e.what()).find("is not built") != std::string::npos;
            }
            QVERIFY2(refused, (std::to_string(m) + "," + std::to_string(r)).c_str());
        }
    }

    // y = Aᵀ[(G·g) ⊙ (Bᵀ·d)] is the correlation y_i = Σ_k d_{i+k}·g_k.
    void matricesComputeTheCorrelation() {
        for (auto [m, r] : {std::pair{2, 3}, {4, 3}, {2, 5}, {4, 5}}) {
            const WinogradMatrices w = winogradMatrices(m, r);
            const int a = w.alpha;
            QCOMPARE(a, m + r - 1);
            std::vector<double> d(static_cast<std::size_t>(a)), g(static_cast<std::size_t>(r));
            for (int i = 0; i < a; ++i) d[std::size_t(i)] = std::sin(1.7 * i + 0.3);
            for (int k = 0; k < r; ++k) g[std::size_t(k)] = std::cos(0.9 * k + 0.1);
            for (int i = 0; i < m; ++i) {
                double direct = 0, viaWinograd = 0;
                for (int k = 0; k < r; ++k) direct += d[std::size_t(i + k)] * g[std::size_t(k)];
                for (int j = 0; j < a; ++j) {
                    double gj = 0, dj = 0;
                    for (int k = 0; k < r; ++k) gj += w.G[std::size_t(j * r + k)] * g[std::size_t(k)];
                    for (int q = 0; q < a; ++q) dj += w.BT[std::size_t(j * a + q)] * d[std::size_t(q)];
                    viaWinograd += w.AT[std::size_t(i * a + j)] * gj * dj;
                }
                QVERIFY2(std::abs(direct - viaWinograd) < 1e-5,
                         qPrintable(QString("F(%1,%2) output %3: %4 vs %5").arg(m).arg(r).arg(i).arg(viaWinograd).arg(direct)));
            }
        }
    }

    void agreesWithTheReferencePath_data() {
        QTest::addColumn<int>("index");
        for (std::size_t i = 0; i < cases().size(); ++i) QTest::newRow(cases()[i].name) << int(i);
    }
    void agreesWithTheReferencePath() {
        QFETCH(int, index);
        const ConvCase& c = cases()[std::size_t(index)];
        auto reference = makeConv(c, true);
        auto winograd = makeConv(c, false);
        QVERIFY2(reference->algorithm().rfind("Winograd", 0) != 0, reference->algorithm().c_str());
        QVERIFY2(winograd->algorithm().rfind("Winograd", 0) == 0, winograd->algorithm().c_str());
        // The same initial weights (same seed), so the same function.
        QCOMPARE(valueOf(*winograd, "kernel").toVector(), valueOf(*reference, "kernel").toVector());
        Tensor x(c.batch, {c.channels, c.height, c.width});
        fillUniform(x, 7);
        const Pass ref = runPass(*reference, x, 11);
        const Pass got = runPass(*winograd, x, 11);
        QCOMPARE(got.out.size(), ref.out.size());
        const double errOut = relativeError(got.out.data(), ref.out.data(), ref.out.size());
        const double errIn = relativeError(got.dIn.data(), ref.dIn.data(), ref.dIn.size());
        const double errKernel = relativeError(got.kernelGrad.data(), ref.kernelGrad.data(), ref.kernelGrad.size());
        const double errBias = relativeError(got.biasGrad.data(), ref.biasGrad.data(), ref.biasGrad.size());
        qInfo("%s (%s): relative error output %.2e, input gradient %.2e, kernel gradient %.2e, bias gradient %.2e",
              c.name, winograd->algorithm().c_str(), errOut, errIn, errKernel, errBias);
        QVERIFY2(errOut < 1e-4, "output");
        QVERIFY2(errIn < 1e-4, "input gradient");
        QVERIFY2(errKernel < 1e-4, "kernel gradient");
        QVERIFY2(errBias < 1e-4, "bias gradient");
    }

    void directOneChannelAgreesWithTheReferencePath_data() {
        QTest::addColumn<int>("index");
        for (std::size_t i = 0; i < oneChannelCases().size(); ++i) QTest::newRow(oneChannelCases()[i].name) << int(i);
    }
    void directOneChannelAgreesWithTheReferencePath() {
#if !defined(__AVX512F__)
        QSKIP("the direct one-channel kernels are built only with AVX-512");
#endif
        QFETCH(int, index);
        const ConvCase& c = oneChannelCases()[std::size_t(index)];
        auto reference = makeConv(c, true);
        auto direct = makeConv(c, false);
        QVERIFY2(reference->algorithm() != "direct (one channel)", reference->algorithm().c_str());
        QCOMPARE(QString::fromStdString(direct->algorithm()), QString("direct (one channel)"));
        Tensor x(c.batch, {c.channels, c.height, c.width});
        fillUniform(x, 7);
        const Pass ref = runPass(*reference, x, 11);
        const Pass got = runPass(*direct, x, 11);
        const double errOut = relativeError(got.out.data(), ref.out.data(), ref.out.size());
        const double errIn = relativeError(got.dIn.data(), ref.dIn.data(), ref.dIn.size());
        const double errKernel = relativeError(got.kernelGrad.data(), ref.kernelGrad.data(), ref.kernelGrad.size());
        const double errBias = relativeError(got.biasGrad.data(), ref.biasGrad.data(), ref.biasGrad.size());
        qInfo("%s: relative error output %.2e, input gradient %.2e, kernel gradient %.2e, bias gradient %.2e", c.name,
              errOut, errIn, errKernel, errBias);
        QVERIFY2(errOut < 1e-5, "output");
        QVERIFY2(errIn < 1e-5, "input gradient");
        QVERIFY2(errKernel < 1e-5, "kernel gradient");
        QVERIFY2(errBias < 1e-5, "bias gradient");
        // Without the input gradient (a first layer), the same parameter gradients.
        direct->backward(x, got.out, [&] {
            Tensor dOut(got.out.batch(), got.out.sampleShape());
            fillUniform(dOut, 11);
            return dOut;
        }(), nullptr);
        QCOMPARE(gradOf(*direct, "kernel").toVector(), got.kernelGrad.toVector());
        QCOMPARE(gradOf(*direct, "bias").toVector(), got.biasGrad.toVector());
    }

    // The cost model's choices on the presets: Winograd exactly where it pays.
    void theCostModelChoosesPerLayer() {
        // One-channel layers run forward directly where AVX-512 is compiled in.
#if defined(__AVX512F__)
        const std::string kOneChannel = "direct (one channel)";
#else
        const std::string kOneChannel = "im2col + GEMM";
#endif
        const std::map<std::string, std::string> expected{
            {"e1-lenet1988/h1", kOneChannel},         // one input channel, stride 4
            {"e3-cnn/conv_1", kOneChannel},           // one input channel
            {"e3-cnn/conv_2", "Winograd F(4×4,3×3)"},
            {"e4-h/conv_1", kOneChannel},
            {"e5-cifar10net/b1_conv1", "im2col + GEMM"},  // 1×1
            {"e5-cifar10net/b1_conv3", "Winograd F(4×4,3×3)"},
            {"e5-cifar10net/b1_conv5", "Winograd F(4×4,5×5)"},
            {"e5-cifar10net/b2_conv3", "Winograd F(4×4,3×3)"},
            {"e5-cifar10net/b3_conv3", "Winograd F(2×2,3×3)"},  // 5×5 outputs: four 4×4 tiles would waste most
            {"e5-cifar10net/b2_conv5", "Winograd F(4×4,5×5)"},
            {"e5-cifar10net/b3_conv5", "GEMM on the images (one window)"},  // one output position
        };
        for (const std::string preset : {"e1-lenet1988", "e3-cnn", "e4-h", "e5-cifar10net"}) {
            Network net = loadPreset(preset).buildNetwork();
            net.setup(1);
            for (Layer* l : net.activeLayers()) {
                const auto it = expected.find(preset + "/" + l->name());
                if (it == expected.end()) continue;
                QCOMPARE(QString::fromStdString(l->algorithm()), QString::fromStdString(it->second));
            }
        }
    }

    // Central differences of L = Σ out·R on the Winograd path itself.
    void gradientsMatchFiniteDifferences_data() {
        QTest::addColumn<int>("tile");
        QTest::addColumn<int>("kernel");
        QTest::addColumn<QString>("padding");
        QTest::newRow("F(2,3) same") << 2 << 3 << "same";
        QTest::newRow("F(4,3) valid") << 4 << 3 << "valid";
        QTest::newRow("F(2,5) valid") << 2 << 5 << "valid";
        QTest::newRow("F(4,5) same") << 4 << 5 << "same";
    }
    void gradientsMatchFiniteDifferences() {
        QFETCH(int, tile);
        QFETCH(int, kernel);
        QFETCH(QString, padding);
        const std::string pad = padding.toStdString();
        const ConvCase c{"fd", 3, 4, kernel, 7, 6, pad.c_str(), 2, tile, "tanh"};
        auto layer = makeConv(c, false);
        QVERIFY(layer->algorithm().rfind("Winograd", 0) == 0);
        Tensor x(c.batch, {c.channels, c.height, c.width});
        fillUniform(x, 3);
        Tensor out;
        layer->forward(x, out, Mode::Training);
        Tensor R(out.batch(), out.sampleShape());
        fillUniform(R, 5);
        Tensor dIn;
        layer->backward(x, out, R, &dIn);
        const Tensor kernelGrad = gradOf(*layer, "kernel");
        auto loss = [&] {
            Tensor y;
            layer->forward(x, y, Mode::Training);
            double s = 0;
            for (std::size_t i = 0; i < y.size(); ++i) s += double(y[i]) * R[i];
            return s;
        };
        const float h = 1e-2f;
        auto check = [&](float& v, float analytic, const char* what, std::size_t i) {
            const float saved = v;
            v = saved + h;
            const double up = loss();
            v = saved - h;
            const double down = loss();
            v = saved;
            const double numeric = (up - down) / (2 * h);
            QVERIFY2(std::abs(numeric - analytic) <= 2e-3 * std::max(1.0, std::abs(numeric)),
                     qPrintable(QString("%1 %2: numeric %3, analytic %4").arg(what).arg(i).arg(numeric).arg(analytic)));
        };
        for (std::size_t i = 0; i < x.size(); i += 3) check(x[i], dIn[i], "input", i);
        Tensor& k = valueOf(*layer, "kernel");
        for (std::size_t i = 0; i < k.size(); i += 2) check(k[i], kernelGrad[i], "kernel", i);
    }

    // Groups run in parallel or products are split: the bits never depend on the thread count.
    void sameBitsAtOneAndTwoThreads() {
        for (const ConvCase& c : {cases()[1], cases()[4], cases()[10], oneChannelCases()[0]}) {
            Tensor x(c.batch * 8, {c.channels, c.height, c.width});
            fillUniform(x, 9);
            Pass runs[2];
            for (int t : {1, 2}) {
                tbb::global_control limit(tbb::global_control::max_allowed_parallelism, std::size_t(t));
                auto layer = makeConv(c, false);
                runs[t - 1] = runPass(*layer, x, 13);
            }
            QCOMPARE(runs[0].out.toVector(), runs[1].out.toVector());
            QCOMPARE(runs[0].dIn.toVector(), runs[1].dIn.toVector());
            QCOMPARE(runs[0].kernelGrad.toVector(), runs[1].kernelGrad.toVector());
            QCOMPARE(runs[0].biasGrad.toVector(), runs[1].biasGrad.toVector());
        }
    }
};

QTEST_APPLESS_MAIN(TestWinograd)
#include "test_winograd.moc"
