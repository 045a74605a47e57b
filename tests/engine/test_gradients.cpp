// Finite-difference gradient check for every registered layer type, built
// from JSON through the registry. For a fixed random R the loss is
// L = Σ out·R (summed in double); backward(dOut = R) must agree with central
// differences of L with respect to the input and to every trainable parameter.
// A newly registered layer without a row here makes `everyLayerTypeIsChecked` fail.
#include "engine/errors.h"
#include "engine/layer_registry.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <set>

using namespace cnnwb;

namespace {

struct GradCase {
    const char* name;
    Json spec;
    Shape in;
    Mode mode = Mode::Inference;
    int batch = 3;
    // Piecewise-linear layers (relu, max): probe with a smaller step and skip
    // the few probes whose step straddles a kink.
    bool kinks = false;
    bool logits = false;  // run with setEmitLogits(true)
};

const std::vector<GradCase>& cases() {
    const Mode T = Mode::Training;
    static const std::vector<GradCase> table{
        {"Input", {{"type", "Input"}, {"shape", {3, 4, 2}}}, {2, 3, 4}},
        {"Flatten", {{"type", "Flatten"}}, {2, 3, 4}},

        {"Dense linear", {{"type", "Dense"}, {"units", 4}}, Shape::vector(6)},
        {"Dense relu", {{"type", "Dense"}, {"units", 4}, {"activation", "relu"}}, Shape::vector(6), Mode::Inference, 3, true},
        {"Dense tanh", {{"type", "Dense"}, {"units", 4}, {"activation", "tanh"}}, Shape::vector(6)},
        {"Dense sigmoid", {{"type", "Dense"}, {"units", 4}, {"activation", "sigmoid"}}, Shape::vector(6)},
        {"Dense softmax", {{"type", "Dense"}, {"units", 4}, {"activation", "softmax"}}, Shape::vector(6)},
        {"Dense softmax as logits", {{"type", "Dense"}, {"units", 4}, {"activation", "softmax"}}, Shape::vector(6),
         Mode::Inference, 3, false, true},
        {"Dense no bias", {{"type", "Dense"}, {"units", 3}, {"use_bias", false}, {"activation", "tanh"}}, Shape::vector(5)},

        {"Activation linear", {{"type", "Activation"}, {"activation", "linear"}}, {2, 3, 3}},
        {"Activation relu", {{"type", "Activation"}, {"activation", "relu"}}, {2, 3, 3}, Mode::Inference, 3, true},
        {"Activation tanh", {{"type", "Activation"}, {"activation", "tanh"}}, {2, 3, 3}},
        {"Activation sigmoid", {{"type", "Activation"}, {"activation", "sigmoid"}}, {2, 3, 3}},
        {"Activation softmax image", {{"type", "Activation"}, {"activation", "softmax"}}, {2, 3, 3}},
        {"Activation softmax flat", {{"type", "Activation"}, {"activation", "softmax"}}, Shape::vector(5)},

        // Training-mode dropout draws a new mask per forward; see dropoutTrainingAppliesItsMask.
        {"Dropout inference", {{"type", "Dropout"}, {"rate", 0.5}}, {2, 3, 3}},

        {"Conv2D 3×3 valid", {{"type", "Conv2D"}, {"filters", 2}, {"kernel_size", 3}}, {2, 5, 5}},
        {"Conv2D 3×3 same", {{"type", "Conv2D"}, {"filters", 2}, {"kernel_size", 3}, {"padding", "same"}}, {2, 5, 5}},
        {"Conv2D stride 2 same",
         {{"type", "Conv2D"}, {"filters", 3}, {"kernel_size", 3}, {"strides", 2}, {"padding", "same"}}, {2, 6, 5}},
        {"Conv2D stride 2 valid", {{"type", "Conv2D"}, {"filters", 2}, {"kernel_size", 3}, {"strides", 2}}, {1, 7, 6}},
        {"Conv2D kernel 2×3 strides 2×1 same",
         {{"type", "Conv2D"}, {"filters", 2}, {"kernel_size", {2, 3}}, {"strides", {2, 1}}, {"padding", "same"}},
         {2, 5, 6}},
        {"Conv2D kernel 3×1 strides 1×2 valid",
         {{"type", "Conv2D"}, {"filters", 2}, {"kernel_size", {3, 1}}, {"strides", {1, 2}}}, {2, 5, 6}},
        {"Conv2D no bias tanh",
         {{"type", "Conv2D"}, {"filters", 2}, {"kernel_size", 3}, {"use_bias", false}, {"activation", "tanh"}},
         {2, 4, 5}},
        {"Conv2D relu", {{"type", "Conv2D"}, {"filters", 2}, {"kernel_size", 3}, {"activation", "relu"}}, {2, 5, 5},
         Mode::Inference, 3, true},
        {"Conv2D sigmoid", {{"type", "Conv2D"}, {"filters", 2}, {"kernel_size", 2}, {"activation", "sigmoid"}},
         {2, 4, 4}},
        {"Conv2D softmax", {{"type", "Conv2D"}, {"filters", 2}, {"kernel_size", 2}, {"activation", "softmax"}},
         {2, 4, 4}},
        {"Conv2D softmax as logits",
         {{"type", "Conv2D"}, {"filters", 2}, {"kernel_size", 2}, {"activation", "softmax"}}, {2, 4, 4},
         Mode::Inference, 3, false, true},
        {"Conv2D 1×1", {{"type", "Conv2D"}, {"filters", 3}, {"kernel_size", 1}}, {4, 3, 3}},
        {"Conv2D 1×1 stride 2", {{"type", "Conv2D"}, {"filters", 3}, {"kernel_size", 1}, {"strides", 2}}, {2, 5, 5}},
        {"Conv2D kernel larger than input, same",
         {{"type", "Conv2D"}, {"filters", 2}, {"kernel_size", 5}, {"padding", "same"}}, {1, 3, 3}},

        {"DepthwiseConv2D 3×3 valid", {{"type", "DepthwiseConv2D"}, {"kernel_size", 3}}, {2, 5, 5}},
        {"DepthwiseConv2D multiplier 2 stride 2 same",
         {{"type", "DepthwiseConv2D"}, {"kernel_size", 3}, {"depth_multiplier", 2}, {"strides", 2},
          {"padding", "same"}},
         {3, 6, 5}},
        {"DepthwiseConv2D 2×3 strides 2×1 multiplier 3 no bias tanh",
         {{"type", "DepthwiseConv2D"}, {"kernel_size", {2, 3}}, {"strides", {2, 1}}, {"depth_multiplier", 3},
          {"use_bias", false}, {"activation", "tanh"}},
         {2, 5, 6}},
        {"DepthwiseConv2D relu",
         {{"type", "DepthwiseConv2D"}, {"kernel_size", 2}, {"depth_multiplier", 2}, {"activation", "relu"}},
         {2, 4, 4}, Mode::Inference, 3, true},

        {"MaxPool2D 2×2", {{"type", "MaxPool2D"}}, {2, 4, 4}, Mode::Inference, 3, true},
        {"MaxPool2D 3×3 stride 2", {{"type", "MaxPool2D"}, {"pool_size", 3}, {"strides", 2}}, {2, 7, 7},
         Mode::Inference, 3, true},
        {"MaxPool2D 2×2 stride 1", {{"type", "MaxPool2D"}, {"pool_size", 2}, {"strides", 1}}, {1, 4, 5},
         Mode::Inference, 3, true},
        {"MaxPool2D 2×3 same", {{"type", "MaxPool2D"}, {"pool_size", {2, 3}}, {"padding", "same"}}, {2, 5, 5},
         Mode::Inference, 3, true},
        {"MaxPool2D 3×3 strides 1×2 same",
         {{"type", "MaxPool2D"}, {"pool_size", 3}, {"strides", {1, 2}}, {"padding", "same"}}, {1, 4, 5},
         Mode::Inference, 3, true},

        {"AveragePool2D 2×2", {{"type", "AveragePool2D"}}, {2, 4, 4}},
        {"AveragePool2D 3×3 stride 2 same",
         {{"type", "AveragePool2D"}, {"pool_size", 3}, {"strides", 2}, {"padding", "same"}}, {2, 6, 5}},
        {"AveragePool2D 2×3 strides 1×2 valid",
         {{"type", "AveragePool2D"}, {"pool_size", {2, 3}}, {"strides", {1, 2}}}, {1, 5, 6}},
        {"AveragePool2D 2×2 stride 1 same",
         {{"type", "AveragePool2D"}, {"strides", 1}, {"padding", "same"}}, {2, 3, 4}},
        {"GlobalAveragePooling2D", {{"type", "GlobalAveragePooling2D"}}, {3, 4, 5}},
        {"GlobalAveragePooling2D keepdims", {{"type", "GlobalAveragePooling2D"}, {"keepdims", true}}, {2, 3, 3}},

        {"BatchNormalization training image", {{"type", "BatchNormalization"}}, {3, 3, 4}, T},
        {"BatchNormalization training flat", {{"type", "BatchNormalization"}}, Shape::vector(5), T, 4},
        {"BatchNormalization inference image", {{"type", "BatchNormalization"}}, {3, 3, 4}},
        {"BatchNormalization inference flat", {{"type", "BatchNormalization"}}, Shape::vector(5), Mode::Inference, 4},
        {"BatchNormalization training, no center",
         {{"type", "BatchNormalization"}, {"center", false}, {"epsilon", 0.01}}, {2, 3, 3}, T},
        {"BatchNormalization training, no scale",
         {{"type", "BatchNormalization"}, {"scale", false}, {"momentum", 0.9}}, {2, 3, 3}, T},

        {"RBF", {{"type", "RBF"}, {"units", 4}}, Shape::vector(6)},
        {"RBF one unit", {{"type", "RBF"}, {"units", 1}}, Shape::vector(3), Mode::Inference, 2},

        // Last, so that the rows above keep their seeds.
        {"Conv2D window covering the input", {{"type", "Conv2D"}, {"filters", 3}, {"kernel_size", 3}}, {2, 3, 3}},
        {"Conv2D window covering the input, relu",
         {{"type", "Conv2D"}, {"filters", 3}, {"kernel_size", {2, 3}}, {"activation", "relu"}}, {2, 2, 3},
         Mode::Inference, 3, true},
        {"Conv2D one channel, 16 filters (direct)",
         {{"type", "Conv2D"}, {"filters", 16}, {"kernel_size", 3}, {"activation", "tanh"}}, {1, 4, 5}},
        {"Conv2D one channel, 16 filters stride 2 (direct)",
         {{"type", "Conv2D"}, {"filters", 16}, {"kernel_size", {3, 2}}, {"strides", 2}}, {1, 7, 8}},
    };
    return table;
}

void fillUniform(Tensor& t, float lo, float hi, Rng& rng) {
    std::uniform_real_distribution<float> u(lo, hi);
    for (std::size_t i = 0; i < t.size(); ++i) t[i] = u(rng);
}

// Random values for every parameter, also the ones that start as constants
// (biases 0, gamma 1, moving statistics), so that no term can hide behind them.
void randomizeParams(Layer& layer, Rng& rng) {
    for (const Param& p : layer.params()) {
        const bool positive = p.name == "gamma" || p.name == "moving_variance";
        fillUniform(*p.value, positive ? 0.5f : -0.5f, positive ? 1.5f : 0.5f, rng);
    }
}

double weightedSum(const Tensor& out, const Tensor& R) {
    double sum = 0;
    for (std::size_t i = 0; i < out.size(); ++i) sum += double(out[i]) * double(R[i]);
    return sum;
}

// Central differences of loss() with respect to every element of `value`,
// compared with `analytic`. Returns an empty string or the first failure.
QString compareWithDifferences(const QString& what, Tensor& value, const Tensor& analytic,
                               const std::function<double()>& loss, bool kinks) {
    const float step = kinks ? 1e-3f : 1e-2f;
    const double rtol = 5e-3, atol = 5e-4;
    int skipped = 0;
    for (std::size_t i = 0; i < value.size(); ++i) {
        const float original = value[i];
        value[i] = original + step;
        const double up = double(value[i]);
        const double lossUp = loss();
        value[i] = original - step;
        const double down = double(value[i]);
        const double lossDown = loss();
        value[i] = original;
        const double numeric = (lossUp - lossDown) / (up - down);
        if (kinks) {
            // One-sided slopes that disagree mean the step crossed a kink.
            const double lossHere = loss();
            const double right = (lossUp - lossHere) / (up - original), left = (lossHere - lossDown) / (original - down);
            if (std::abs(right - left) > atol + 0.05 * std::max(std::abs(right), std::abs(left))) {
                ++skipped;
                continue;
            }
        }
        const double a = analytic[i];
        if (std::abs(a - numeric) > atol + rtol * std::max(std::abs(a), std::abs(numeric)))
            return QString("%1[%2]: backward gives %3, finite differences %4")
                .arg(what).arg(i).arg(a, 0, 'g', 7).arg(numeric, 0, 'g', 7);
    }
    if (skipped * 10 > int(value.size()))
        return QString("%1: %2 of %3 probes straddled a kink; the check proves too little")
            .arg(what).arg(skipped).arg(value.size());
    return {};
}

}  // namespace

class TestGradients : public QObject {
    Q_OBJECT

private slots:
    void everyLayerTypeIsChecked() {
        std::set<std::string> covered;
        for (const auto& c : cases()) covered.insert(c.spec.at("type").get<std::string>());
        for (const auto& t : layerTypes())
            QVERIFY2(covered.count(t.name), qPrintable("no gradient case for registered layer type " +
                                                       QString::fromStdString(t.name)));
    }

    void gradients_data() {
        QTest::addColumn<int>("index");
        for (std::size_t i = 0; i < cases().size(); ++i) QTest::newRow(cases()[i].name) << int(i);
    }

    void gradients() {
        QFETCH(int, index);
        const GradCase& c = cases()[std::size_t(index)];
        Rng rng(1000u + unsigned(index));
        auto layer = createLayer(c.spec, 0);
        layer->setEmitLogits(c.logits);
        layer->setup(c.in, rng);
        randomizeParams(*layer, rng);

        Tensor x(c.batch, c.in), R(c.batch, layer->outputShape());
        fillUniform(x, -1.0f, 1.0f, rng);
        fillUniform(R, -1.0f, 1.0f, rng);

        Tensor out, dIn;
        layer->forward(x, out, c.mode);
        layer->backward(x, out, R, &dIn);
        std::vector<Param> params = layer->params();
        std::vector<Tensor> paramGrads;
        for (const Param& p : params)
            if (p.trainable()) paramGrads.push_back(*p.grad);

        // Parameter gradients must not depend on whether dIn was asked for.
        layer->backward(x, out, R, nullptr);
        for (std::size_t k = 0, g = 0; k < params.size(); ++k)
            if (params[k].trainable())
                QVERIFY2(params[k].grad->storage() == paramGrads[g++].storage(),
                         qPrintable(QString::fromStdString(params[k].name) + " changes without dIn"));

        auto loss = [&] {
            Tensor y;
            layer->forward(x, y, c.mode);
            return weightedSum(y, R);
        };
        QString failure = compareWithDifferences("input", x, dIn, loss, c.kinks);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        for (std::size_t k = 0, g = 0; k < params.size(); ++k) {
            if (!params[k].trainable()) continue;
            failure = compareWithDifferences(QString::fromStdString(params[k].name), *params[k].value,
                                             paramGrads[g++], loss, c.kinks);
            QVERIFY2(failure.isEmpty(), qPrintable(failure));
        }
    }

    // A training-mode forward draws a fresh mask, so finite differences cannot
    // see a fixed function; instead check that backward applies the mask the
    // last forward used: out = x·mask and dIn = dOut·mask, mask ∈ {0, 1/(1−rate)}.
    void dropoutTrainingAppliesItsMask() {
        Rng rng(7);
        auto layer = createLayer({{"type", "Dropout"}, {"rate", 0.4}}, 0);
        layer->setup({3, 4, 4}, rng);
        Tensor x(5, {3, 4, 4}), R(5, {3, 4, 4});
        fillUniform(x, 0.5f, 1.5f, rng);  // never zero, so the mask can be read off out
        fillUniform(R, -1.0f, 1.0f, rng);
        Tensor out, dIn;
        layer->forward(x, out, Mode::Training);
        layer->backward(x, out, R, &dIn);
        const float keep = float(1.0 / (1.0 - 0.4));
        int dropped = 0;
        for (std::size_t i = 0; i < x.size(); ++i) {
            const float mask = out[i] == 0.0f ? 0.0f : keep;
            if (mask == 0.0f) ++dropped;
            QCOMPARE(out[i], x[i] * mask);
            QCOMPARE(dIn[i], R[i] * mask);
        }
        QVERIFY(dropped > 0 && dropped < int(x.size()));
    }

    // The counter-based masks: the dropped share matches the rate, each step
    // draws a new mask, and the same seed gives the same masks again.
    void dropoutMasksFollowRateAndSeed() {
        const Shape shape{8, 32, 32};
        Tensor x(64, shape);  // 524,288 elements: over 30 parallel chunks
        std::fill(x.data(), x.data() + x.size(), 1.0f);
        auto masks = [&](std::uint32_t seed) {
            Rng rng(seed);
            auto layer = createLayer({{"type", "Dropout"}, {"rate", 0.3}}, 0);
            layer->setup(shape, rng);
            std::vector<std::vector<float>> m(2);
            Tensor out;
            for (auto& step : m) {
                layer->forward(x, out, Mode::Training);
                step.assign(out.data(), out.data() + out.size());
            }
            return m;
        };
        const auto a = masks(11), b = masks(11), c = masks(12);
        QVERIFY(a == b);
        QVERIFY(a[0] != a[1]);
        QVERIFY(a[0] != c[0]);
        for (const auto& step : a) {
            const double dropped = double(std::count(step.begin(), step.end(), 0.0f)) / double(step.size());
            QVERIFY2(std::abs(dropped - 0.3) < 0.005, qPrintable(QString::number(dropped)));
        }
    }
};

QTEST_APPLESS_MAIN(TestGradients)
#include "test_gradients.moc"
