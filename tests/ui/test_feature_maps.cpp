// Feature maps without MNIST: inspecting one synthetic image through a small
// network gives every layer's output, probabilities that sum to one and the
// argmax as the prediction; out-of-range indices name the valid range; the
// grey tiles span black..white per map; the view shows one section per
// layer, one tile per channel, and the true and predicted labels.
#include "test_support_training.h"

#include "engine/network.h"
#include "ui/inspect/activation_images.h"
#include "ui/inspect/feature_map_view.h"
#include "ui/inspect/probability_chart.h"
#include "ui/common/tile_grid.h"

using namespace cnnwb;
using namespace cnnwb::ui;

namespace {

Network smallNet() {
    const Json layers = Json::parse(R"([{"type": "Input", "shape": [28, 28, 1]},
        {"type": "Conv2D", "name": "conv", "filters": 4, "kernel_size": 5, "strides": 2, "activation": "relu"},
        {"type": "MaxPool2D", "name": "pool", "pool_size": 2},
        {"type": "Flatten", "name": "flat"},
        {"type": "Dense", "name": "out", "units": 10, "activation": "softmax"}])");
    Network net = Network::fromJson(layers);
    net.setup(11);
    return net;
}

}  // namespace

class TestFeatureMaps : public QObject {
    Q_OBJECT
private slots:
    void inspectOneImage() {
        Network net = smallNet();
        const TrainingData data = cnnwb::testing::syntheticData(20, 0, 30);
        const Inspection in = inspectImage(net, data, {DataPart::Test, 13}, 1.0f / 255);
        QCOMPARE(in.index, 13);
        QCOMPARE(in.label, 3);
        QCOMPARE(in.classNames.size(), 10);
        QCOMPARE(in.pixels.size(), 28 * 28);
        QCOMPARE(uchar(in.pixels[5]), data.test.samplePixels(13)[5]);
        QCOMPARE(in.layers.size(), 4);
        QCOMPARE(in.layers[0].layerName, QString("conv"));
        QCOMPARE(in.layers[0].channels, 4);
        QCOMPARE(in.layers[0].height, 12);
        QCOMPARE(in.layers[1].height, 6);
        QVERIFY(in.layers[2].flat);
        QCOMPARE(in.layers[2].values.size(), 4 * 6 * 6);
        double sum = 0;
        for (float p : in.probabilities) sum += p;
        QVERIFY(std::abs(sum - 1) < 1e-5);
        QCOMPARE(in.predicted, int(std::max_element(in.probabilities.begin(), in.probabilities.end()) - in.probabilities.begin()));
        for (float v : in.layers[0].values) QVERIFY(v >= 0);  // relu

        try {
            inspectImage(net, data, {DataPart::Test, 30}, 1.0f);
            QFAIL("index 30 of 30 images was accepted");
        } catch (const std::out_of_range& e) {
            QVERIFY2(QString(e.what()).contains("images 0 to 29"), e.what());
        }
        try {
            inspectImage(net, data, {DataPart::Validation, 0}, 1.0f);
            QFAIL("an empty validation set was inspected");
        } catch (const std::out_of_range&) {
        }
    }

    void greyTilesSpanBlackToWhite() {
        ActivationMap m{"conv", "Conv2D", 2, 2, 3, false, {0, 1, 2, 3, 4, 5, -1, -1, -1, -1, -1, -1}};
        const QList<QImage> images = featureMapImages(m);
        QCOMPARE(images.size(), 2);
        QCOMPARE(images[0].size(), QSize(3, 2));
        QCOMPARE(qGray(images[0].pixel(0, 0)), 0);
        QCOMPARE(qGray(images[0].pixel(2, 1)), 255);
        QCOMPARE(qGray(images[1].pixel(0, 0)), 128);  // a constant map is mid-grey, not black
        ActivationMap v{"dense", "Dense", 70, 1, 1, true, QVector<float>(70, 0.f)};
        v.values[69] = 1;
        const QImage strip = vectorImage(v, 32);
        QCOMPARE(strip.size(), QSize(32, 3));
        QCOMPARE(qGray(strip.pixel(5, 2)), 255);
        QCOMPARE(qGray(strip.pixel(6, 2)), 255);  // past the end: blank
        QCOMPARE(qGray(strip.pixel(0, 0)), 0);
    }

    void viewShowsEveryLayer() {
        Network net = smallNet();
        const TrainingData data = cnnwb::testing::syntheticData(20, 0, 30);
        const Inspection in = inspectImage(net, data, {DataPart::Test, 7}, 1.0f / 255);
        FeatureMapView view;
        view.resize(1200, 800);
        view.show();
        view.showInspection(in);
        QVERIFY(view.hasInspection());
        QCOMPARE(view.layerSectionCount(), 4);
        QCOMPARE(view.layerTiles(0)->tiles().size(), 4);   // one tile per feature map
        QCOMPARE(view.layerTiles(2)->tiles().size(), 1);   // a flat vector is one strip
        QVERIFY2(view.labelText().contains("True label: <b>7</b>"), qPrintable(view.labelText()));
        QCOMPARE(view.probabilityChart()->probability(3), double(in.probabilities[3]));
        // Same layers again (a live update): the sections are reused.
        QWidget* before = view.layerTiles(0);
        Inspection again = inspectImage(net, data, {DataPart::Test, 8}, 1.0f / 255);
        again.weights = "initial weights (seed 1), before training";  // as the worker labels them
        view.showInspection(again);
        QCOMPARE(view.layerTiles(0), before);
        QVERIFY(view.labelText().contains("True label: <b>8</b>"));
        QVERIFY2(view.messageText().contains("weights: initial weights (seed 1), before training"),
                 qPrintable(view.messageText()));
    }

    void tileGridLayoutAndClicks() {
        TileGrid grid;
        QList<TileGrid::Tile> tiles;
        for (int i = 0; i < 10; ++i) tiles.push_back({QImage(4, 4, QImage::Format_Grayscale8), QString::number(i), {}, {}});
        grid.setTiles(tiles, QSize(40, 40));
        grid.setColumns(3);
        grid.resize(grid.sizeHint());
        QCOMPARE(grid.heightForWidth(500), 4 * grid.heightForWidth(500) / 4);
        QSignalSpy clicked(&grid, &TileGrid::tileClicked);
        QTest::mouseClick(&grid, Qt::LeftButton, {}, QPoint(20 + 46, 20));  // second column, first row
        QCOMPARE(clicked.size(), 1);
        QCOMPARE(clicked.first().at(0).toInt(), 1);
        QCOMPARE(grid.tileAt(QPoint(1000, 1000)), -1);
    }
};

QTEST_MAIN(TestFeatureMaps)
#include "test_feature_maps.moc"
