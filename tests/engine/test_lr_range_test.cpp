// The learning-rate range test (engine/lr_range_test.h): its rates against
// the formula, its first losses against a plain training run (the reference
// path), the curve of a tiny model (falls, then diverges and stops), the
// suggestion on a hand-made curve, the same curve at 1 and 2 threads, a stop
// from the progress callback, and options out of range named.
#include "engine/lr_range_test.h"
#include "engine/trainer.h"

#include "engine_test_support.h"

#include <QTest>

#include <cmath>

using namespace cnnwb;
using enginetest::errorOf;

namespace {

ModelSpec tinySpec(double learningRate = 0.01) {
    Json doc = Json::parse(R"({"format": "cnn-workbench-model", "version": 1, "name": "tiny",
        "layers": [{"type": "Input", "shape": [4, 4, 1]}, {"type": "Flatten"}, {"type": "Dense", "units": 2, "activation": "softmax"}],
        "training": {"optimizer": {"type": "SGD"}, "batch_size": 8, "epochs": 1, "seed": 5},
        "data": {"dataset": "folder", "image_size": [4, 4], "color_mode": "grayscale", "classes": ["dark", "bright"]}})");
    doc["training"]["optimizer"]["learning_rate"] = learningRate;
    return ModelSpec::fromJson(doc, "tiny");
}

LrRangeTestOptions tinyOptions() {
    LrRangeTestOptions o;
    o.startRate = 1e-3;
    o.endRate = 1e3;
    o.steps = 150;
    o.smoothing = 0.9;  // a short test: a shorter memory
    o.threads = 1;
    return o;
}

}  // namespace

class TestLrRangeTest : public QObject {
    Q_OBJECT
private slots:
    void ratesRiseByAConstantFactor() {
        LrRangeTestOptions o;
        o.startRate = 1e-6;
        o.endRate = 1.0;
        o.steps = 7;
        // Six equal steps in log10 from -6 to 0: one decade each.
        for (int i = 0; i < 7; ++i) {
            const double expected = std::pow(10.0, i - 6);
            QVERIFY2(std::abs(rangeTestRate(o, i) - expected) < 1e-12 * expected, qPrintable(QString::number(i)));
        }
    }

    // The test's step is the trainer's step: at the start rate, its first two
    // losses are those of a plain run at that constant rate, bit for bit.
    void firstLossesAreThoseOfAPlainRunAtTheStartRate() {
        const LrRangeTestOptions o = tinyOptions();
        const LrRangeTest test = runLrRangeTest(tinySpec(), enginetest::tinyTwoClassData(), o);
        QVERIFY(test.points.size() >= 2);
        QCOMPARE(test.points[0].rate, o.startRate);

        Trainer plain(tinySpec(o.startRate), enginetest::tinyTwoClassData(), {.threads = 1, .maxBatchesPerEpoch = 2});
        plain.run();
        QCOMPARE(plain.history().batches.size(), std::size_t(2));
        QCOMPARE(test.points[0].loss, plain.history().batches[0].loss);
        QCOMPARE(test.points[1].loss, plain.history().batches[1].loss);
        QCOMPARE(test.points[0].smoothedLoss, test.points[0].loss);  // bias-corrected: the first average is the first loss
    }

    void aTinyModelsLossFallsThenDivergesAndTheTestStops() {
        const LrRangeTestOptions o = tinyOptions();
        const LrRangeTest test = runLrRangeTest(tinySpec(), enginetest::tinyTwoClassData(), o);
        QCOMPARE(test.stoppedBecause, std::string("the loss diverged"));
        QVERIFY2(int(test.points.size()) < o.steps, qPrintable(QString::number(test.points.size())));
        double lowest = test.points.front().smoothedLoss;
        for (const LrRangePoint& p : test.points) lowest = std::min(lowest, p.smoothedLoss);
        QVERIFY2(lowest < 0.5 * test.points.front().smoothedLoss, qPrintable(QString::number(lowest)));
        QVERIFY2(test.points.back().smoothedLoss > o.divergence * lowest, "stopped before the loss had diverged");
        // The suggestion lies on the falling part: after the start, before the lowest loss.
        QVERIFY(test.suggestedRate > o.startRate);
        QVERIFY(test.suggestedRate < test.lowestLossRate);
        // A plain run at the suggested rate learns: its tenth epoch is far below the first loss.
        ModelSpec spec = tinySpec(test.suggestedRate);
        spec.training.epochs = 10;
        Trainer plain(spec, enginetest::tinyTwoClassData(), {.threads = 1});
        plain.run();
        QVERIFY2(plain.history().epochs.back().train.loss < 0.5 * test.points.front().loss,
                 qPrintable(QString::number(plain.history().epochs.back().train.loss)));
    }

    void theSuggestionIsTheSteepestDescentBeforeTheLowestLoss() {
        // Rates one decade apart (log10 -6 … 2); central slopes: -0.05, -0.25, -0.55, -0.5, -0.2, then rising.
        const double smoothed[] = {2, 2, 1.9, 1.5, 0.8, 0.5, 0.4, 0.6, 3};
        LrRangeTest test;
        for (int i = 0; i < 9; ++i) test.points.push_back({std::pow(10.0, i - 6), smoothed[i], smoothed[i]});
        suggestRates(test);
        QVERIFY(std::abs(test.suggestedRate - 1e-3) < 1e-15);
        QVERIFY(std::abs(test.lowestLossRate - 1.0) < 1e-15);

        // A loss that only rises gives no suggestion.
        LrRangeTest rising;
        for (int i = 0; i < 5; ++i) rising.points.push_back({std::pow(10.0, i), 1.0 + i, 1.0 + i});
        suggestRates(rising);
        QCOMPARE(rising.suggestedRate, 0.0);
    }

    void theCurveIsTheSameAtOneAndTwoThreads() {
        LrRangeTestOptions one = tinyOptions(), two = tinyOptions();
        two.threads = 2;
        const LrRangeTest a = runLrRangeTest(tinySpec(), enginetest::tinyTwoClassData(), one);
        const LrRangeTest b = runLrRangeTest(tinySpec(), enginetest::tinyTwoClassData(), two);
        QCOMPARE(a.points.size(), b.points.size());
        for (std::size_t i = 0; i < a.points.size(); ++i) QCOMPARE(a.points[i].loss, b.points[i].loss);
        QCOMPARE(a.suggestedRate, b.suggestedRate);
    }

    void theProgressCallbackCanStopIt() {
        int calls = 0;
        const LrRangeTest test = runLrRangeTest(tinySpec(), enginetest::tinyTwoClassData(), tinyOptions(),
                                                [&](const LrRangePoint&, int step, int steps) {
                                                    ++calls;
                                                    return step < 5 && steps == 150;
                                                });
        QCOMPARE(calls, 6);
        QCOMPARE(test.points.size(), std::size_t(6));
        QCOMPARE(test.stoppedBecause, std::string("stopped"));
    }

    void optionsOutOfRangeAreNamed() {
        auto errorFor = [](auto change) {
            LrRangeTestOptions o;
            change(o);
            return errorOf([&] { o.check(); });
        };
        QVERIFY(errorFor([](LrRangeTestOptions&) {}).empty());
        QVERIFY(errorFor([](LrRangeTestOptions& o) { o.startRate = 0; }).find("start rate") != std::string::npos);
        QVERIFY(errorFor([](LrRangeTestOptions& o) { o.endRate = 1e-8; }).find("end rate") != std::string::npos);
        QVERIFY(errorFor([](LrRangeTestOptions& o) { o.steps = 2; }).find("steps must be 3 to 100000; got 2") !=
                std::string::npos);
        QVERIFY(errorFor([](LrRangeTestOptions& o) { o.smoothing = 1; }).find("smoothing") != std::string::npos);
        // A model that does not fit its data is refused as a run would be.
        ModelSpec wrong = tinySpec();
        TrainingData data = enginetest::tinyTwoClassData();
        data.train.classNames.push_back("third");
        const std::string e = errorOf([&] { runLrRangeTest(wrong, data, tinyOptions()); });
        QVERIFY2(e.find("Dense(units=3)") != std::string::npos, e.c_str());
    }
};

QTEST_GUILESS_MAIN(TestLrRangeTest)
#include "test_lr_range_test.moc"
