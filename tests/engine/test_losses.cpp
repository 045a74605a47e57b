// Losses: values against hand-computed cases, gradients against finite
// differences, and the fused softmax-cross-entropy staying finite where a
// naive one gives NaN (batch size 1, saturated logits, raw 0..255 pixels).
#include "engine/errors.h"
#include "engine/losses/loss.h"
#include "engine/presets.h"

#include <QtTest>

#include <cmath>
#include <random>

using namespace cnnwb;

namespace {

Tensor randomTensor(int n, int k, float lo, float hi, unsigned seed) {
    Tensor t(n, {k, 1, 1});
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(lo, hi);
    for (std::size_t i = 0; i < t.size(); ++i) t[i] = u(rng);
    return t;
}

// Central differences of the loss w.r.t. every output element.
void checkGradient(Loss& loss, Tensor out, const std::vector<int>& labels) {
    Tensor grad;
    loss.compute(out, labels, grad);
    Tensor scratch;
    for (std::size_t i = 0; i < out.size(); ++i) {
        const float keep = out[i];
        const float eps = 1e-3f;
        out[i] = keep + eps;
        const double up = loss.compute(out, labels, scratch);
        out[i] = keep - eps;
        const double down = loss.compute(out, labels, scratch);
        out[i] = keep;
        const double numeric = (up - down) / (2.0 * eps);
        QVERIFY2(std::abs(numeric - grad[i]) <= 2e-3 * std::max(1.0, std::abs(numeric)),
                 qPrintable(QString("element %1: analytic %2, numeric %3").arg(i).arg(grad[i]).arg(numeric)));
    }
}

}  // namespace

class TestLosses : public QObject {
    Q_OBJECT
private slots:
    void mseByHand() {
        // outputs (0.5, 0.2, 0.3), label 0: ((0.5-1)² + 0.2² + 0.3²) / 3 = (0.25 + 0.04 + 0.09) / 3 = 0.126667
        Tensor out(1, {3, 1, 1});
        out[0] = 0.5f; out[1] = 0.2f; out[2] = 0.3f;
        Tensor grad;
        auto mse = Loss::create("mse", "test");
        QCOMPARE(QString::fromStdString(mse->name()), QString("mean_squared_error"));
        QVERIFY(std::abs(mse->compute(out, {0}, grad) - 0.38 / 3) < 1e-6);
        // dL/dy = 2 (y - t) / 3: (-1/3, 0.4/3, 0.6/3)
        QVERIFY(std::abs(grad[0] + 1.0 / 3) < 1e-6);
        QVERIFY(std::abs(grad[1] - 0.4 / 3) < 1e-6);
    }

    void crossEntropyByHand() {
        // probabilities (0.7, 0.2, 0.1), label 0: -ln 0.7 = 0.356675
        Tensor out(1, {3, 1, 1});
        out[0] = 0.7f; out[1] = 0.2f; out[2] = 0.1f;
        Tensor grad;
        auto ce = Loss::create("categorical_crossentropy", "test");
        QVERIFY(std::abs(ce->compute(out, {0}, grad) - 0.356675) < 1e-5);
        // logits (2, 1, 0), label 1: logsumexp = 2.407606; loss = 2.407606 - 1 = 1.407606
        ce->setFromLogits(true);
        out[0] = 2; out[1] = 1; out[2] = 0;
        QVERIFY(std::abs(ce->compute(out, {1}, grad) - 1.407606) < 1e-5);
        // gradient softmax - onehot: (0.665241, 0.244728 - 1, 0.090031)
        QVERIFY(std::abs(grad[0] - 0.665241) < 1e-5);
        QVERIFY(std::abs(grad[1] + 0.755272) < 1e-5);
    }

    void gradientsMatchFiniteDifferences() {
        const std::vector<int> labels{0, 3, 2, 3, 1};
        auto mse = Loss::create("mean_squared_error", "test");
        checkGradient(*mse, randomTensor(5, 4, -1, 2, 1), labels);
        auto ce = Loss::create("categorical_crossentropy", "test");
        checkGradient(*ce, randomTensor(5, 4, 0.05f, 0.95f, 2), labels);
        ce->setFromLogits(true);
        checkGradient(*ce, randomTensor(5, 4, -3, 3, 3), labels);
    }

    void saturatedLogitsStayFinite() {
        auto ce = Loss::create("categorical_crossentropy", "test");
        ce->setFromLogits(true);
        Tensor out(1, {3, 1, 1});
        out[0] = 1e4f; out[1] = -1e4f; out[2] = 0;
        Tensor grad;
        const double wrong = ce->compute(out, {1}, grad);  // confidently wrong: loss 2e4, finite
        QVERIFY(std::isfinite(wrong));
        QVERIFY(std::abs(wrong - 2e4) < 1);
        for (std::size_t i = 0; i < 3; ++i) QVERIFY(std::isfinite(grad[i]));
        QVERIFY(ce->compute(out, {0}, grad) < 1e-6);
    }

    void probabilitiesOfZeroAreClipped() {
        auto ce = Loss::create("categorical_crossentropy", "test");
        Tensor out(1, {2, 1, 1});
        out[0] = 0; out[1] = 1;
        Tensor grad;
        const double loss = ce->compute(out, {0}, grad);
        QVERIFY(std::isfinite(loss));
        QVERIFY(std::abs(loss + std::log(1e-7)) < 1e-3);
        QVERIFY(std::isfinite(grad[0]) && std::isfinite(grad[1]));
    }

    void badLabelIsAnError() {
        auto ce = Loss::create("categorical_crossentropy", "test");
        Tensor out(1, {3, 1, 1}), grad;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ce->compute(out, {3}, grad));
        QVERIFY_THROWS_EXCEPTION(SpecError, Loss::create("hinge", "test"));
    }

    // E1 with cross-entropy at batch size 1 on raw 0..255 pixels: NaN in Keras.
    void e1BatchOneRawPixelsIsFinite() {
        const ModelSpec spec = loadPreset("e1-batch1-ce");
        Network net = spec.buildNetwork();
        net.setup(spec.training.seed);
        auto ce = Loss::create(spec.training.loss, "test");
        net.setOutputLogits(ce->acceptsLogits());
        QVERIFY(net.outputIsLogits());
        ce->setFromLogits(net.outputIsLogits());
        Tensor image(1, net.inputShape());
        std::mt19937 rng(7);
        std::uniform_int_distribution<int> pixel(0, 255);
        // Scale up the input to push logits into saturation too.
        for (int step = 0; step < 20; ++step) {
            for (std::size_t i = 0; i < image.size(); ++i) image[i] = float(pixel(rng)) * (step + 1);
            const Tensor& out = net.forward(image, Mode::Training);
            Tensor grad;
            const double loss = ce->compute(out, {step % 10}, grad);
            QVERIFY2(std::isfinite(loss), "loss is not finite");
            net.backward(grad);
            for (const auto& p : net.trainableParams())
                for (std::size_t i = 0; i < p.grad->size(); ++i)
                    QVERIFY2(std::isfinite((*p.grad)[i]), p.key.c_str());
        }
    }
};

QTEST_GUILESS_MAIN(TestLosses)
#include "test_losses.moc"
