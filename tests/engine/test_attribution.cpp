// Saliency, Grad-CAM and occlusion (engine/attribution.h): a linear model's
// saliency is its weight row and its occlusion drop the patch's weighted
// sum; the input gradient of conv/BN/pool/dropout and RBF networks against
// central finite differences of the class score (the reference path);
// Grad-CAM of a hand-built network against a hand computation; a final
// softmax is seen through (the logit is the score) and left as it was.
#include "engine/attribution.h"

#include "engine_test_support.h"

#include <QTest>

#include <cmath>
#include <random>

using namespace cnnwb;
using enginetest::errorOf;

namespace {

Network built(const char* layersJson, std::uint32_t seed = 7) {
    Network net = Network::fromJson(Json::parse(layersJson));
    net.setup(seed);
    return net;
}

Tensor randomImage(const Shape& shape, std::uint32_t seed = 5) {
    Tensor t;
    t.resize(1, shape);
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(0.0f, 1.0f);
    for (std::size_t i = 0; i < t.size(); ++i) t.data()[i] = u(rng);
    return t;
}

Param paramOf(Network& net, const std::string& key) {
    std::vector<std::string> keys;
    const std::vector<Param> params = net.allParams(&keys);
    for (std::size_t i = 0; i < keys.size(); ++i)
        if (keys[i] == key) return params[i];
    return {};
}

}  // namespace

class TestAttribution : public QObject {
    Q_OBJECT
private slots:
    void saliencyOfALinearModelIsItsWeightRow() {
        Network net = built(R"([{"type": "Input", "shape": [4, 4, 1]}, {"type": "Flatten"},
            {"type": "Dense", "name": "d", "units": 3, "activation": "softmax"}])");
        const Tensor image = randomImage(net.inputShape());
        const Attribution a = attributeClass(net, image, 2);
        const float* row = paramOf(net, "d/kernel").value->sample(2);
        for (int i = 0; i < 16; ++i) {
            QCOMPARE(a.inputGradient[std::size_t(i)], row[i]);
            QCOMPARE(a.saliency[std::size_t(i)], std::abs(row[i]));
        }
        QVERIFY(a.camLayer.empty() && a.gradCam.empty());  // no convolution
        QVERIFY(!net.outputIsLogits());                    // the softmax is back
        // The score is the logit: the weighted sum plus bias.
        double logit = paramOf(net, "d/bias").value->data()[2];
        for (int i = 0; i < 16; ++i) logit += double(row[i]) * image.data()[i];
        QVERIFY(std::abs(a.score - logit) < 1e-5);
    }

    void occlusionOfALinearModelIsThePatchSum() {
        Network net = built(R"([{"type": "Input", "shape": [6, 6, 2]}, {"type": "Flatten"},
            {"type": "Dense", "name": "d", "units": 2}])");
        const Tensor image = randomImage(net.inputShape());
        const OcclusionMap m = occlusionMap(net, image, 1, {.patch = 3, .stride = 2, .fill = 0});
        QCOMPARE(m.rows, 2);
        QCOMPARE(m.columns, 2);
        const float* w = paramOf(net, "d/kernel").value->sample(1);
        for (int r = 0; r < 2; ++r)
            for (int c = 0; c < 2; ++c) {
                double expected = 0;
                for (int ch = 0; ch < 2; ++ch)
                    for (int y = r * 2; y < r * 2 + 3; ++y)
                        for (int x = c * 2; x < c * 2 + 3; ++x) {
                            const std::size_t at = (std::size_t(ch) * 6 + y) * 6 + x;
                            expected += double(w[at]) * image.data()[at];
                        }
                QVERIFY2(std::abs(m.drop[std::size_t(r * 2 + c)] - expected) < 1e-5,
                         qPrintable(QString("%1 vs %2").arg(m.drop[std::size_t(r * 2 + c)]).arg(expected)));
            }
    }

    void inputGradientAgreesWithFiniteDifferences_data() {
        QTest::addColumn<QString>("layers");
        QTest::newRow("conv bn pool dropout") << R"([{"type": "Input", "shape": [8, 8, 2]},
            {"type": "Conv2D", "filters": 3, "kernel_size": 3, "padding": "same", "activation": "tanh"},
            {"type": "BatchNormalization"}, {"type": "MaxPool2D", "pool_size": 2}, {"type": "Dropout", "rate": 0.5},
            {"type": "Flatten"}, {"type": "Dense", "units": 4, "activation": "softmax"}])";
        QTest::newRow("depthwise avg sigmoid") << R"([{"type": "Input", "shape": [6, 6, 2]},
            {"type": "DepthwiseConv2D", "kernel_size": 3, "depth_multiplier": 2, "activation": "sigmoid"},
            {"type": "AveragePool2D", "pool_size": 2}, {"type": "Flatten"}, {"type": "Dense", "units": 3}])";
        QTest::newRow("rbf") << R"([{"type": "Input", "shape": [4, 4, 1]}, {"type": "Flatten"},
            {"type": "Dense", "units": 6, "activation": "tanh"}, {"type": "RBF", "units": 3}])";
    }
    void inputGradientAgreesWithFiniteDifferences() {
        QFETCH(QString, layers);
        Network net = built(layers.toUtf8().constData());
        Tensor image = randomImage(net.inputShape());
        const int cls = 1;
        const Attribution a = attributeClass(net, image, cls);
        auto score = [&](const Tensor& x) { return attributeClass(net, x, cls).score; };
        const double h = 1e-2;
        int checked = 0;
        for (std::size_t i = 0; i < image.size(); i += 3) {
            Tensor plus = image, minus = image;
            plus.data()[i] += float(h);
            minus.data()[i] -= float(h);
            const double numeric = (score(plus) - score(minus)) / (2 * h);
            const double analytic = a.inputGradient[i];
            if (std::abs(numeric - analytic) > 2e-3 + 2e-2 * std::abs(analytic))
                QFAIL(qPrintable(QString("pixel %1: gradient %2, finite differences %3").arg(i).arg(analytic).arg(numeric)));
            ++checked;
        }
        QVERIFY(checked > 5);
    }

    // Two 1×1 filters over a 3×3 image, then a dense layer: the score's
    // gradient at map k, pixel p is the dense weight of (k, p), so Grad-CAM
    // is max(0, Σ_k mean_p(D[k, p]) · A_k[p]).
    void gradCamByHand() {
        Network net = built(R"([{"type": "Input", "shape": [3, 3, 1]},
            {"type": "Conv2D", "name": "c", "filters": 2, "kernel_size": 1},
            {"type": "Flatten"}, {"type": "Dense", "name": "d", "units": 2}])");
        const Tensor image = randomImage(net.inputShape());
        const Attribution a = attributeClass(net, image, 1);
        QCOMPARE(a.camLayer, std::string("c"));
        QCOMPARE(a.camHeight, 3);
        QCOMPARE(a.gradCam.size(), std::size_t(9));
        const float* d = paramOf(net, "d/kernel").value->sample(1);
        const float* maps = net.activation(1).data();
        for (int p = 0; p < 9; ++p) {
            double cam = 0;
            for (int k = 0; k < 2; ++k) {
                double alpha = 0;
                for (int q = 0; q < 9; ++q) alpha += d[k * 9 + q];
                cam += alpha / 9 * maps[k * 9 + p];
            }
            QVERIFY(std::abs(a.gradCam[std::size_t(p)] - std::max(0.0, cam)) < 1e-6);
        }
    }

    void badRequestsAreNamed() {
        Network net = built(R"([{"type": "Input", "shape": [4, 4, 1]}, {"type": "Flatten"}, {"type": "Dense", "units": 3}])");
        const Tensor image = randomImage(net.inputShape());
        QVERIFY(errorOf([&] { attributeClass(net, image, 3); }).find("classes 0 to 2") != std::string::npos);
        QVERIFY(errorOf([&] { occlusionMap(net, image, 0, {.patch = 5}); }).find("1 to 4 pixels") != std::string::npos);
        QVERIFY(errorOf([&] { occlusionMap(net, image, 0, {.patch = 2, .stride = 0}); }).find("occlusion") != std::string::npos);
    }
};

QTEST_APPLESS_MAIN(TestAttribution)
#include "test_attribution.moc"
