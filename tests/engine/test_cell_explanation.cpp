// "How this number was made" (Layer::explainOutput): for Conv2D with stride
// and 'same' padding, DepthwiseConv2D, MaxPool2D and Dense, the explained
// sum + bias → activation equals the value the forward pass put in the map
// (the reference path), at every position of small layers; padded cells are
// marked where the window hangs over the edge; products are input × weight;
// a hand-made 2×2 case by hand; positions outside the output are named.
#include "engine/network.h"

#include "engine_test_support.h"

#include <QTest>

#include <cmath>
#include <random>

using namespace cnnwb;
using enginetest::errorOf;

namespace {

// Built and set up, with biases that are not zero (so adding them is seen).
Network built(const char* layersJson, std::uint32_t seed = 3) {
    Network net = Network::fromJson(Json::parse(layersJson));
    net.setup(seed);
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(-0.5f, 0.5f);
    for (Param& p : net.allParams(nullptr))
        if (p.name == "bias")
            for (std::size_t i = 0; i < p.value->size(); ++i) p.value->data()[i] = u(rng);
    return net;
}

Tensor randomInput(const Shape& shape, std::uint32_t seed = 9) {
    Tensor t;
    t.resize(1, shape);
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(-1.0f, 1.0f);
    for (std::size_t i = 0; i < t.size(); ++i) t.data()[i] = u(rng);
    return t;
}

// Every output value of active layer `index` is explained to its own value.
void everyValueIsExplained(Network& net, std::size_t index) {
    const Layer& layer = *net.activeLayers()[index];
    const Tensor& in = net.layerInput(index);
    const Tensor& out = net.activation(index);
    const Shape s = out.sampleShape();
    for (int c = 0; c < s.c; ++c)
        for (int y = 0; y < s.h; ++y)
            for (int x = 0; x < s.w; ++x) {
                const CellExplanation e = layer.explainOutput(in.sample(0), c, y, x);
                const double map = out.sample(0)[(std::size_t(c) * s.h + y) * s.w + x];
                if (std::abs(e.value - map) > 1e-5 * std::max(1.0, std::abs(map)))
                    QFAIL(qPrintable(QString("%1 at channel %2, row %3, column %4: explained %5, the map holds %6")
                                         .arg(QString::fromStdString(layer.label()))
                                         .arg(c).arg(y).arg(x).arg(e.value, 0, 'g', 9).arg(map, 0, 'g', 9)));
                double windows = 0;
                for (const ExplainedWindow& w : e.windows) {
                    windows += w.sum;
                    for (std::size_t k = 0; k < w.products.size(); ++k) QCOMPARE(w.products[k], w.input[k] * w.weights[k]);
                }
                if (!e.windows.empty() && e.kind == CellExplanation::Kind::Convolution) QCOMPARE(e.sum, windows);
            }
}

}  // namespace

class TestCellExplanation : public QObject {
    Q_OBJECT
private slots:
    void conv2dWithStrideAndSamePadding() {
        Network net = built(R"([{"type": "Input", "shape": [9, 9, 3]},
            {"type": "Conv2D", "name": "conv", "filters": 4, "kernel_size": 5, "strides": 2, "padding": "same", "activation": "relu"}])");
        const Tensor input = randomInput(net.inputShape());
        net.forward(input, Mode::Inference);
        everyValueIsExplained(net, 1);

        // 9 → 5 at stride 2 with a 5×5 kernel: (5-1)*2 + 5 - 9 = 4 padded rows, 2 on top.
        const CellExplanation e = net.activeLayers()[1]->explainOutput(net.layerInput(1).sample(0), 1, 0, 0);
        QCOMPARE(e.windows.size(), std::size_t(3));
        QCOMPARE(e.inputTop, -2);
        QCOMPARE(e.inputLeft, -2);
        QCOMPARE(e.strideRows, 2);
        QCOMPARE(e.padding, std::string("same"));
        QCOMPARE(e.activation, std::string("relu"));
        const ExplainedWindow& w = e.windows[2];
        QCOMPARE(w.inputChannel, 2);
        QCOMPARE(w.rows, 5);
        for (int i = 0; i < 5; ++i)
            for (int j = 0; j < 5; ++j) QCOMPARE(bool(w.padded[std::size_t(i * 5 + j)]), i < 2 || j < 2);
        QCOMPARE(w.input[0], 0.0f);
        QCOMPARE(w.input[2 * 5 + 2], net.layerInput(1).sample(0)[2 * 81 + 0]);  // channel 2, pixel (0, 0)
        QCOMPARE(e.preActivation, e.sum + e.bias);
        QCOMPARE(e.value, std::max(0.0, double(float(e.preActivation))));
    }

    void depthwiseFiltersOneChannel() {
        Network net = built(R"([{"type": "Input", "shape": [6, 7, 2]},
            {"type": "DepthwiseConv2D", "name": "dw", "kernel_size": 3, "depth_multiplier": 2, "padding": "same",
             "activation": "tanh"}])");
        const Tensor input = randomInput(net.inputShape());
        net.forward(input, Mode::Inference);
        everyValueIsExplained(net, 1);
        // Output channel 3 = input channel 1's second filter.
        const CellExplanation e = net.activeLayers()[1]->explainOutput(net.layerInput(1).sample(0), 3, 2, 2);
        QCOMPARE(e.windows.size(), std::size_t(1));
        QCOMPARE(e.windows[0].inputChannel, 1);
    }

    void maxPoolMarksItsWinner() {
        Network net = built(R"([{"type": "Input", "shape": [7, 7, 2]},
            {"type": "MaxPool2D", "name": "pool", "pool_size": 3, "strides": 2, "padding": "same"}])");
        const Tensor input = randomInput(net.inputShape());
        net.forward(input, Mode::Inference);
        everyValueIsExplained(net, 1);
        const CellExplanation e = net.activeLayers()[1]->explainOutput(net.layerInput(1).sample(0), 0, 3, 3);
        const ExplainedWindow& w = e.windows[0];
        QVERIFY(e.winner >= 0 && !w.padded[std::size_t(e.winner)]);
        for (std::size_t k = 0; k < w.input.size(); ++k)
            if (!w.padded[k]) QVERIFY(w.input[k] <= w.input[std::size_t(e.winner)]);
        QVERIFY(w.weights.empty());
    }

    void denseListsItsLargestContributions() {
        Network net = built(R"([{"type": "Input", "shape": [4, 5, 1]}, {"type": "Flatten"},
            {"type": "Dense", "name": "fc", "units": 3, "activation": "sigmoid"}])");
        const Tensor input = randomInput(net.inputShape());
        net.forward(input, Mode::Inference);
        everyValueIsExplained(net, 2);
        const CellExplanation e = net.activeLayers()[2]->explainOutput(net.layerInput(2).sample(0), 2, 0, 0);
        QCOMPARE(e.inputCount, 20);
        QCOMPARE(e.contributions.size(), std::size_t(10));
        for (std::size_t k = 1; k < e.contributions.size(); ++k)
            QVERIFY(std::abs(e.contributions[k].product) <= std::abs(e.contributions[k - 1].product));
        const Contribution& top = e.contributions[0];
        QCOMPARE(top.value, net.layerInput(2).sample(0)[top.input]);
        QCOMPARE(top.product, double(top.weight) * double(top.value));
    }

    // 2×2 kernel of ones and bias 0.5 over a 3×3 image 1..9, 'valid', stride 1:
    // the value at (1, 1) is 5 + 6 + 8 + 9 + 0.5 = 28.5.
    void aHandMadeConvolution() {
        Network net = built(R"([{"type": "Input", "shape": [3, 3, 1]},
            {"type": "Conv2D", "name": "c", "filters": 1, "kernel_size": 2}])");
        for (Param& p : net.allParams(nullptr)) p.value->vector().setConstant(p.name == "bias" ? 0.5f : 1.0f);
        Tensor image;
        image.resize(1, net.inputShape());
        for (int i = 0; i < 9; ++i) image.data()[i] = float(i + 1);
        net.forward(image, Mode::Inference);
        const CellExplanation e = net.activeLayers()[1]->explainOutput(image.sample(0), 0, 1, 1);
        QCOMPARE(e.windows[0].input, (std::vector<float>{5, 6, 8, 9}));
        QCOMPARE(e.sum, 28.0);
        QCOMPARE(e.bias, 0.5);
        QCOMPARE(e.value, 28.5);
        QCOMPARE(double(net.activation(1).sample(0)[3]), 28.5);
    }

    void positionsOutsideTheOutputAreNamed() {
        Network net = built(R"([{"type": "Input", "shape": [6, 6, 1]},
            {"type": "Conv2D", "name": "conv", "filters": 2, "kernel_size": 3}, {"type": "Flatten", "name": "flat"}])");
        const Tensor input = randomInput(net.inputShape());
        net.forward(input, Mode::Inference);
        const Layer& conv = *net.activeLayers()[1];
        const std::string error = errorOf([&] { conv.explainOutput(net.layerInput(1).sample(0), 2, 0, 0); });
        QVERIFY2(error.find("Conv2D 'conv'") != std::string::npos && error.find("channels 0..1") != std::string::npos,
                 error.c_str());
        QVERIFY(errorOf([&] { conv.explainOutput(net.layerInput(1).sample(0), 0, 4, 0); }).find("rows 0..3") !=
                std::string::npos);
        QVERIFY(!net.activeLayers()[2]->explainsOutput());
        QVERIFY(errorOf([&] { net.activeLayers()[2]->explainOutput(net.layerInput(2).sample(0), 0, 0, 0); })
                    .find("Flatten 'flat'") != std::string::npos);
    }
};

QTEST_APPLESS_MAIN(TestCellExplanation)
#include "test_cell_explanation.moc"
