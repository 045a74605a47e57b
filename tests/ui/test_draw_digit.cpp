// Draw a digit: a stroke drawn on the canvas is made MNIST-like (the same
// bytes as the engine's preprocessing of the canvas), the worker runs it
// through the model and the window shows its probabilities; on real MNIST,
// E4-h trained for a few hundred batches reads a drawn "1" as 1; a model
// that does not read 28×28 grey images says so.
#include "test_support_training.h"

#include "engine/data/mnist_style.h"
#include "ui/inspect/digit_canvas.h"
#include "ui/inspect/draw_digit_window.h"
#include "ui/inspect/probability_chart.h"
#include "ui/training/training_controller.h"

using namespace cnnwb;
using namespace cnnwb::ui;
using cnnwb::testing::waitFor;

class TestDrawDigit : public QObject {
    Q_OBJECT
private slots:
    void aDrawnOneIsReadAsOne() {
        if (!cnnwb::testing::requireMnist()) return;
        TrainingController controller;
        QSignalSpy ended(controller.events(), &TrainingEvents::runEnded);
        QVERIFY(controller.start(cnnwb::testing::presetWith("e4-h", 1, false), {.maxBatchesPerEpoch = 300}));
        QVERIFY(waitFor(ended));
        DrawDigitWindow window(&controller);
        window.show();
        QSignalSpy answered(controller.events(), &TrainingEvents::drawnInspectionReady);
        // A slightly slanted vertical stroke, as a person draws a one.
        window.canvas()->drawStroke({QPointF(150, 40), QPointF(145, 120), QPointF(138, 240)});
        QVERIFY(waitFor(answered));
        QTRY_VERIFY(!window.lastAnswer().probabilities.isEmpty());
        const std::vector<std::uint8_t> expected =
            mnistStyleDigit(window.canvas()->greyPixels(), DigitCanvas::kSide, DigitCanvas::kSide);
        QCOMPARE(window.preprocessed(), QByteArray(reinterpret_cast<const char*>(expected.data()), 784));
        QCOMPARE(window.lastAnswer().pixels, window.preprocessed());
        QCOMPARE(window.lastAnswer().predicted, 1);
        QVERIFY2(window.resultText().contains("<b style='font-size:large'>1</b>"), qPrintable(window.resultText()));
        QCOMPARE(window.probabilityChart()->probability(1), double(window.lastAnswer().probabilities[1]));

        window.canvas()->clear();
        QTRY_VERIFY(window.resultText().contains("Draw a digit"));
    }

    void aModelForOtherImagesSaysSo() {
        TrainingController controller;
        QSignalSpy prepared(controller.events(), &TrainingEvents::prepared);
        ModelSpec spec = ModelSpec::fromJson(Json::parse(R"({"format": "cnn-workbench-model", "version": 1, "name": "rgb",
            "layers": [{"type": "Input", "shape": [32, 32, 3]}, {"type": "Flatten"}, {"type": "Dense", "units": 10, "activation": "softmax"}],
            "data": {"dataset": "folder", "image_size": [32, 32], "color_mode": "rgb"}})"), "rgb");
        QTemporaryDir folder;
        // A GENERATED two-class folder of tiny PNGs, enough to prepare the model.
        for (const char* cls : {"a", "b"}) {
            QDir(folder.path()).mkpath(cls);
            for (int i = 0; i < 3; ++i) {
                QImage image(32, 32, QImage::Format_RGB32);
                image.fill(QColor(cls[0] == 'a' ? 20 : 200, 90, i * 40));
                QVERIFY(image.save(folder.filePath(QString("%1/%2.png").arg(cls).arg(i))));
            }
        }
        useImageFolder(spec, folder.path().toStdString());
        spec.layers[2]["units"] = 2;
        QVERIFY(controller.prepare(spec));
        QVERIFY(waitFor(prepared));
        DrawDigitWindow window(&controller);
        QSignalSpy failed(controller.events(), &TrainingEvents::drawnInspectionFailed);
        window.canvas()->drawStroke({QPointF(100, 50), QPointF(120, 200)});
        QVERIFY(waitFor(failed));
        QVERIFY2(window.resultText().contains("28×28 grey images") && window.resultText().contains("32×32×3"),
                 qPrintable(window.resultText()));
    }
};

QTEST_MAIN(TestDrawDigit)
#include "test_draw_digit.moc"
