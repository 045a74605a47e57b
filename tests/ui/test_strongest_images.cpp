// "Strongest images" on real MNIST through the worker: progress reaches the
// whole test set; per filter nine distinct images, strongest first; each
// value equals the one the Feature maps path computes for that image and is
// the maximum of its map; the patch is the value's receptive field (E1's
// 5×5 stride-4 convolution: rows and columns 4·r … 4·r + 4); Stop gives what
// was scanned, said so; a clicked patch opens its image with it outlined.
#include "test_support_training.h"

#include "ui/common/tile_grid.h"
#include "ui/filters/filter_view.h"
#include "ui/filters/strongest_images_panel.h"
#include "ui/inspect/feature_map_view.h"
#include "ui/training/training_controller.h"

using namespace cnnwb;
using namespace cnnwb::ui;
using cnnwb::testing::presetWith;
using cnnwb::testing::waitFor;

class TestStrongestImages : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QVERIFY(cnnwb::testing::requireMnist()); }

    void findsTheImagesEachFilterRespondsToMost() {
        TrainingController controller;
        FilterView filters;
        filters.resize(1100, 800);
        filters.show();
        filters.attach(&controller);
        QSignalSpy snapshots(controller.events(), &TrainingEvents::snapshotReady);
        QSignalSpy progress(controller.events(), &TrainingEvents::strongestImagesProgress);
        QSignalSpy ready(controller.events(), &TrainingEvents::strongestImagesReady);
        QSignalSpy inspections(controller.events(), &TrainingEvents::inspectionReady);
        QVERIFY(controller.prepare(presetWith("e1-lenet1988", 1)));  // the seeded weights of E1
        QVERIFY(waitFor(snapshots));
        QTRY_COMPARE(filters.kernelCount(), 16);

        filters.findStrongestImages();
        QVERIFY(filters.strongestImages()->isVisible());
        QVERIFY(waitFor(ready, 1, 60000));
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last().at(0).toInt(), 10000);
        QCOMPARE(progress.last().at(1).toInt(), 10000);
        const StrongestImages found = ready.first().at(0).value<StrongestImages>();
        QCOMPARE(found.layer, QString("h1"));
        QVERIFY(found.complete());
        QCOMPARE(found.filters.size(), 16);
        for (const QList<StrongPatch>& filter : found.filters) {
            QCOMPARE(filter.size(), 9);
            QSet<int> samples;
            for (int i = 0; i < filter.size(); ++i) {
                samples.insert(filter[i].sample);
                if (i > 0) QVERIFY(filter[i].activation <= filter[i - 1].activation);
                const StrongPatch& p = filter[i];
                QCOMPARE(p.pixels, QRect(4 * p.column, 4 * p.row, 5, 5));  // 5×5 at stride 4, no padding
                QVERIFY(p.context.contains(p.pixels));
                QCOMPARE(p.crop.size(), qsizetype(p.context.width()) * p.context.height());
            }
            QCOMPARE(samples.size(), 9);  // nine different images
        }
        QCOMPARE(filters.strongestImages()->filterTiles(3)->tiles().size(), 9);

        // Kernel 4's strongest value, recomputed by the Feature maps path on its own.
        const StrongPatch& top = found.filters[3][0];
        controller.requestInspection({DataPart::Test, top.sample});
        QVERIFY(waitFor(inspections));
        const Inspection in = inspections.first().at(0).value<Inspection>();
        const ActivationMap& h1 = in.layers[0];
        QCOMPARE(h1.layerName, QString("h1"));
        const qsizetype plane = qsizetype(h1.height) * h1.width;
        const QVector<float> map = h1.values.mid(3 * plane, plane);
        QCOMPARE(map[top.row * h1.width + top.column], top.activation);
        QCOMPARE(*std::max_element(map.begin(), map.end()), top.activation);

        // A click on a patch asks for its image with the patch outlined.
        QSignalSpy activated(&filters, &FilterView::patchActivated);
        TileGrid* tiles = filters.strongestImages()->filterTiles(3);
        QTest::mouseClick(tiles, Qt::LeftButton, {}, QPoint(20, 20));
        QCOMPARE(activated.size(), 1);
        QCOMPARE(activated.first().at(1).toInt(), top.sample);
        QCOMPARE(activated.first().at(2).toRect(), top.pixels);

        FeatureMapView maps;
        maps.attach(&controller);
        maps.show();
        QSignalSpy more(controller.events(), &TrainingEvents::inspectionReady);
        maps.inspectWithPatch(DataPart::Test, top.sample, top.pixels, "the patch kernel 4 likes");
        QVERIFY(waitFor(more));
        QTRY_COMPARE(maps.markedPatch(), top.pixels);
        QVERIFY(maps.messageText().contains("the patch kernel 4 likes"));
        maps.inspect(DataPart::Test, top.sample + 1);  // another image: no outline
        QVERIFY(waitFor(more, 2));
        QTRY_VERIFY(maps.markedPatch().isEmpty());

        // Stop at once: the part scanned is shown, and said to be partial.
        ready.clear();
        filters.findStrongestImages();
        controller.cancelStrongestImages();
        QVERIFY(waitFor(ready, 1, 60000));
        const StrongestImages partial = ready.first().at(0).value<StrongestImages>();
        QVERIFY(!partial.complete());
        QVERIFY(partial.scanned > 0 && partial.scanned < 10000);
        QVERIFY(filters.strongestImages()->headingText().contains("stopped early"));
    }

    void aLayerWithoutNetworkSaysSo() {
        FilterView filters;
        filters.findStrongestImages();  // no controller, no filters: a message, not a crash
        QVERIFY(!filters.strongestImages()->isVisible());
    }
};

QTEST_MAIN(TestStrongestImages)
#include "test_strongest_images.moc"
