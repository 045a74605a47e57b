// Renders the GUI II tabs during a real E1 run on MNIST and saves them as
// PNGs: the dashboard mid-training, the heatmaps of E1's 16 first-layer
// kernels, the feature maps of one test digit, and the 9×9 data grid. With
// CNNWB_SCREENSHOT_DIR set they go there (docs/screenshots/ for the README);
// otherwise to a temporary folder. Each picture is checked for size and for
// not being blank; then the learning-rate range test of E3's CNN. Needs MNIST
// (CNNWB_DATA).
#include "test_support_training.h"

#include "ui/dashboard/metric_chart.h"
#include "ui/dashboard/training_dashboard.h"
#include "ui/dashboard/training_panel.h"
#include "ui/data/data_browser.h"
#include "ui/filters/filter_view.h"
#include "ui/inspect/feature_map_view.h"
#include "ui/lrfind/lr_range_dialog.h"
#include "ui/lrfind/lr_range_runner.h"
#include "ui/training/training_controller.h"

#include <QTemporaryDir>

using namespace cnnwb;
using namespace cnnwb::ui;
using cnnwb::testing::waitFor;

namespace {

// How many distinct colours a picture has (a blank grab has one or two).
int colourCount(const QImage& image) {
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 3)
        for (int x = 0; x < image.width(); x += 3) colours.insert(image.pixel(x, y));
    return int(colours.size());
}

}  // namespace

class TestScreenshotsGui2 : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QVERIFY(cnnwb::testing::requireMnist());
        const QByteArray dir = qgetenv("CNNWB_SCREENSHOT_DIR");
        outDir_ = dir.isEmpty() ? temp_.path() : QString::fromLocal8Bit(dir);
        QVERIFY(QDir().mkpath(outDir_));
    }

    void e1TabsDuringARun() {
        TrainingController controller;
        TrainingPanel panel(&controller);
        FilterView filters;
        FeatureMapView maps;
        DataBrowser data;
        filters.attach(&controller);
        maps.attach(&controller);
        for (QWidget* w : {static_cast<QWidget*>(&panel), static_cast<QWidget*>(&filters), static_cast<QWidget*>(&maps)}) {
            w->resize(1280, 800);
            w->show();
        }
        const ModelSpec spec = loadPreset("e1-lenet1988");
        panel.setSpecSource([spec] { return spec; });
        data.resize(1280, 800);
        data.show();
        QSignalSpy loaded(&data, &DataBrowser::dataLoaded);
        data.setDataSettings(spec.data);

        QSignalSpy epochs(controller.events(), &TrainingEvents::epochEnded);
        QSignalSpy snapshots(controller.events(), &TrainingEvents::snapshotReady);
        QSignalSpy inspections(controller.events(), &TrainingEvents::inspectionReady);
        QSignalSpy ended(controller.events(), &TrainingEvents::runEnded);
        panel.train();
        // Mid-training: a few epochs in, so the epoch curves have points.
        QVERIFY(waitFor(epochs, 4, 600000));
        QTest::qWait(300);  // part of the next epoch
        QCOMPARE(controller.state(), TrainingState::Running);
        panel.dashboard()->refresh();
        for (MetricChart* c : {panel.dashboard()->lossChart(), panel.dashboard()->accuracyChart()}) c->replot();
        save(panel.grab(), "dashboard-e1-training.png");

        controller.pause();
        QTRY_COMPARE_WITH_TIMEOUT(controller.state(), TrainingState::Paused, 30000);
        controller.requestSnapshot();
        const qsizetype before = snapshots.size();
        QVERIFY(waitFor(snapshots, int(before) + 1, 30000));
        QTest::qWait(200);
        QCOMPARE(filters.kernelCount(), 16);
        save(filters.grab(), "filters-e1-h1.png");

        maps.inspect(DataPart::Test, 0);
        QVERIFY(waitFor(inspections, 1, 30000));
        QTest::qWait(200);
        QVERIFY(maps.labelText().contains("True label: <b>7</b>"));
        save(maps.grab(), "features-e1-digit7.png");

        QVERIFY(waitFor(loaded, 1, 60000));
        QTest::qWait(100);
        save(data.grab(), "data-mnist-grid.png");

        controller.stop();
        QVERIFY(waitFor(ended, 1, 60000));
    }

    // Experiment → Find learning rate… on E3's CNN (Adadelta, whose Keras rate is 1.0) over the real MNIST.
    void lrRangeTestOnE3Cnn() {
        LrRangeDialog dialog(loadPreset("e3-cnn"), {}, 0);
        dialog.resize(900, 640);
        dialog.show();
        QSignalSpy ended(dialog.runner(), &LrRangeRunner::finished);
        dialog.start();
        QVERIFY(waitFor(ended, 1, 300000));
        QVERIFY(dialog.result().suggestedRate > 0);
        QTest::qWait(100);
        save(dialog.grab(), "lr-range-test-e3-cnn.png");
    }

private:
    void save(const QPixmap& picture, const QString& name) {
        const QString path = QDir(outDir_).filePath(name);
        QVERIFY2(picture.save(path, "PNG"), qPrintable(path));
        const QImage image(path);
        QVERIFY(image.width() >= 800 && image.height() >= 600);
        QVERIFY2(colourCount(image) > 20, qPrintable(name + " looks blank"));
        qInfo("saved %s", qPrintable(path));
    }

    QTemporaryDir temp_;
    QString outDir_;
};

QTEST_MAIN(TestScreenshotsGui2)
#include "test_screenshots_gui2.moc"
