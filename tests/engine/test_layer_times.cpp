// What each layer's training passes cost (Network::layerTimes): every layer
// after Input counts one training forward pass per batch and some time in
// both directions; inference passes (evaluation, saliency) are not counted;
// together the layers take no longer than the run; a reset starts again.
#include "engine/attribution.h"
#include "engine/trainer.h"

#include "engine_test_support.h"

#include <QTest>

using namespace cnnwb;

class TestLayerTimes : public QObject {
    Q_OBJECT
private slots:
    void everyLayerIsTimedOncePerBatch() {
        const ModelSpec spec = ModelSpec::fromJson(Json::parse(R"({"format": "cnn-workbench-model", "version": 1, "name": "tiny",
            "layers": [{"type": "Input", "shape": [4, 4, 1]},
                       {"type": "Conv2D", "name": "conv", "filters": 3, "kernel_size": 3, "activation": "relu"},
                       {"type": "Flatten", "name": "flat"}, {"type": "Dense", "name": "out", "units": 2, "activation": "softmax"}],
            "training": {"optimizer": {"type": "SGD"}, "batch_size": 8, "epochs": 2, "seed": 5},
            "data": {"dataset": "folder", "image_size": [4, 4], "color_mode": "grayscale", "classes": ["dark", "bright"]}})"),
                                                   "tiny");
        Trainer trainer(spec, enginetest::tinyTwoClassData(), {.threads = 1});
        trainer.run();
        const std::vector<NamedLayerTime> times = trainer.network().namedLayerTimes();
        QCOMPARE(times.size(), std::size_t(3));
        QCOMPARE(times[0].layer, std::string("conv"));
        QCOMPARE(times[2].layer, std::string("out"));
        double total = 0;
        for (const NamedLayerTime& t : times) {
            QCOMPARE(t.time.passes, std::uint64_t(2 * 5));  // 2 epochs of 40 images in batches of 8; the test passes not counted
            QVERIFY(t.time.forwardSeconds > 0);
            QVERIFY(t.time.backwardSeconds > 0);
            total += t.time.forwardSeconds + t.time.backwardSeconds;
        }
        QVERIFY(total <= trainer.wallSeconds());

        // Inference passes (a saliency map included) leave the counts alone.
        Tensor image;
        image.resize(1, trainer.network().inputShape());
        image.vector().setConstant(0.5f);
        attributeClass(trainer.network(), image, 0);
        QCOMPARE(trainer.network().namedLayerTimes()[0].time.passes, std::uint64_t(10));
        trainer.network().resetLayerTimes();
        QCOMPARE(trainer.network().namedLayerTimes()[1].time.passes, std::uint64_t(0));
        QCOMPARE(trainer.network().namedLayerTimes()[1].time.forwardSeconds, 0.0);
    }
};

QTEST_APPLESS_MAIN(TestLayerTimes)
#include "test_layer_times.moc"
