// "How this number was made" in the GUI: explainCell on a network with a
// strided 'same' Conv2D and a DepthwiseConv2D gives the value the feature map
// shows; the panel draws input, kernel and products, each grid's Copy text
// parses back to the same numbers, and the equation ends with the map's
// value checked; on the real MNIST, clicking a pixel of a map in Feature maps
// asks the worker for that value and the panel shows it.
#include "test_support_training.h"

#include "engine/network.h"
#include "ui/common/tile_grid.h"
#include "ui/filters/kernel_table_model.h"
#include "ui/inspect/cell_explanation_panel.h"
#include "ui/inspect/feature_map_view.h"
#include "ui/training/explained_cell.h"
#include "ui/training/training_controller.h"

using namespace cnnwb;
using namespace cnnwb::ui;
using cnnwb::testing::waitFor;

namespace {

Network paddedNet() {
    Network net = Network::fromJson(Json::parse(R"([{"type": "Input", "shape": [28, 28, 1]},
        {"type": "Conv2D", "name": "conv", "filters": 3, "kernel_size": 5, "strides": 2, "padding": "same", "activation": "relu"},
        {"type": "DepthwiseConv2D", "name": "dw", "kernel_size": 3, "depth_multiplier": 2, "padding": "same"},
        {"type": "MaxPool2D", "name": "pool", "pool_size": 2},
        {"type": "Flatten", "name": "flat"},
        {"type": "Dense", "name": "out", "units": 10, "activation": "softmax"}])"));
    net.setup(4);
    return net;
}

// The numbers of a tab-separated grid, row by row.
QVector<float> parseTsv(const QString& text, int& rows, int& columns) {
    QVector<float> values;
    const QStringList lines = text.split('\n', Qt::SkipEmptyParts);
    rows = int(lines.size());
    columns = rows ? int(lines[0].split('\t').size()) : 0;
    for (const QString& line : lines)
        for (const QString& cell : line.split('\t')) values << cell.toFloat();
    return values;
}

}  // namespace

class TestCellExplanationPanel : public QObject {
    Q_OBJECT
private slots:
    void explainedValuesEqualTheMaps_data() {
        QTest::addColumn<int>("layer");
        QTest::addColumn<int>("channel");
        QTest::addColumn<int>("row");
        QTest::addColumn<int>("column");
        QTest::newRow("conv corner (padding)") << 1 << 2 << 0 << 0;
        QTest::newRow("conv middle") << 1 << 0 << 7 << 6;
        QTest::newRow("conv bottom-right") << 1 << 1 << 13 << 13;
        QTest::newRow("depthwise") << 2 << 5 << 3 << 12;
        QTest::newRow("max pool") << 3 << 4 << 2 << 6;
        QTest::newRow("dense") << 5 << 3 << 0 << 0;
    }
    void explainedValuesEqualTheMaps() {
        QFETCH(int, layer);
        QFETCH(int, channel);
        QFETCH(int, row);
        QFETCH(int, column);
        Network net = paddedNet();
        const TrainingData data = cnnwb::testing::syntheticData(10, 0, 20);
        const Inspection in = inspectImage(net, data, {DataPart::Test, 11}, 1.0f / 255);
        const ExplainedCell cell = explainCell(net, data, {DataPart::Test, 11, layer, channel, row, column}, 1.0f / 255);
        const ActivationMap& map = in.layers[layer - 1];
        QVERIFY(map.explained);
        const float shown = map.values[(qsizetype(channel) * map.height + row) * map.width + column];
        QCOMPARE(cell.mapValue, shown);
        if (layer != 5) QVERIFY2(std::abs(cell.explanation.value - shown) <= 1e-5 * std::max(1.0f, std::abs(shown)),
                                 qPrintable(QString("%1 vs %2").arg(cell.explanation.value).arg(shown)));
        else QCOMPARE(cell.explanation.contributions.size(), std::size_t(10));  // a softmax mixes the units: no single value

        CellExplanationPanel panel;
        panel.showCell(cell);
        if (layer == 5) {
            QCOMPARE(panel.gridCount(), 0);
            QCOMPARE(cell.className, QString::number(channel));  // the output layer's unit names its class
            QVERIFY2(panel.headingText().contains(QString("unit %1, class %2").arg(channel + 1).arg(channel)),
                     qPrintable(panel.headingText()));
            QVERIFY2(panel.equationText().contains("softmax"), qPrintable(panel.equationText()));
            return;
        }
        QVERIFY2(panel.equationText().contains("✓"), qPrintable(panel.equationText()));
        const ExplainedWindow& w = cell.explanation.windows.front();
        QCOMPARE(panel.gridCount(), layer == 3 ? 1 : 3 * std::min<int>(6, int(cell.explanation.windows.size())));
        int rows = 0, columns = 0;
        QCOMPARE(parseTsv(panel.gridText(0), rows, columns), QVector<float>(w.input.begin(), w.input.end()));
        QCOMPARE(rows, w.rows);
        QCOMPARE(columns, w.columns);
        if (layer != 3) {
            QCOMPARE(parseTsv(panel.gridText(1), rows, columns), QVector<float>(w.weights.begin(), w.weights.end()));
            QCOMPARE(parseTsv(panel.gridText(2), rows, columns), QVector<float>(w.products.begin(), w.products.end()));
        }
        // Padding is marked where the window hangs over the input.
        for (int r = 0; r < w.rows; ++r)
            for (int c = 0; c < w.columns; ++c)
                QCOMPARE(panel.grid(0)->mark(r, c) == KernelTableModel::PaddingMark, bool(w.padded[std::size_t(r * w.columns + c)]));
        if (layer == 3) QVERIFY(panel.grid(0)->mark(cell.explanation.winner / w.columns, cell.explanation.winner % w.columns) ==
                                KernelTableModel::WinnerMark);
    }

    void aCornerOfTheSamePaddedConvolutionShowsItsPadding() {
        Network net = paddedNet();
        const TrainingData data = cnnwb::testing::syntheticData(10, 0, 20);
        const ExplainedCell cell = explainCell(net, data, {DataPart::Test, 3, 1, 0, 0, 0}, 1.0f / 255);
        // 28 → 14 at stride 2, kernel 5: (14-1)*2 + 5 - 28 = 3 padded, 1 on top and left.
        QCOMPARE(cell.explanation.inputTop, -1);
        QCOMPARE(cell.explanation.inputLeft, -1);
        QCOMPARE(cell.inputHeight, 28);
        QCOMPARE(cell.inputPlane.size(), 28 * 28);
        CellExplanationPanel panel;
        panel.showCell(cell);
        QVERIFY(panel.grid(0)->mark(0, 3) == KernelTableModel::PaddingMark);
        QVERIFY(panel.grid(0)->mark(1, 1) == KernelTableModel::NoMark);
        QVERIFY2(panel.headingText().contains("conv (Conv2D), map 1, row 1, column 1"), qPrintable(panel.headingText()));
    }

    void requestsOutsideAreNamed() {
        Network net = paddedNet();
        const TrainingData data = cnnwb::testing::syntheticData(10, 0, 20);
        try {
            explainCell(net, data, {DataPart::Test, 3, 4, 0, 0, 0}, 1.0f / 255);
            QFAIL("Flatten explained a value");
        } catch (const std::invalid_argument& e) {
            QVERIFY2(QString(e.what()).contains("Flatten 'flat'"), e.what());
        }
        try {
            explainCell(net, data, {DataPart::Test, 3, 1, 0, 14, 0}, 1.0f / 255);
            QFAIL("row 14 of 14 was explained");
        } catch (const std::out_of_range& e) {
            QVERIFY2(QString(e.what()).contains("rows 0..13"), e.what());
        }
        try {
            explainCell(net, data, {DataPart::Test, 3, 9, 0, 0, 0}, 1.0f / 255);
            QFAIL("layer 9 of 5 was explained");
        } catch (const std::out_of_range& e) {
            QVERIFY2(QString(e.what()).contains("layers 1 to 5"), e.what());
        }
    }

    // The whole path a person takes: Feature maps, a click on a pixel of a
    // map, the worker's answer in the panel.
    void clickingAMapPixelExplainsIt() {
        if (!cnnwb::testing::requireMnist()) return;
        TrainingController controller;
        FeatureMapView view;
        view.resize(1280, 800);
        view.attach(&controller);
        view.show();
        QSignalSpy prepared(controller.events(), &TrainingEvents::prepared);
        QSignalSpy inspected(controller.events(), &TrainingEvents::inspectionReady);
        QVERIFY(controller.prepare(cnnwb::testing::presetWith("e4-h", 1)));
        QVERIFY(waitFor(prepared));
        view.inspect(DataPart::Test, 0);
        QVERIFY(waitFor(inspected));
        QTRY_VERIFY(view.hasInspection());
        QApplication::processEvents();
        TileGrid* conv = view.layerTiles(0);
        QSignalSpy explained(controller.events(), &TrainingEvents::explanationReady);
        // The centre of map 3's pixel (row 10, column 12): 24×24 maps drawn 48 px wide.
        QPoint at(-1, -1);
        for (int y = 0; y < conv->height() && at.x() < 0; ++y)
            for (int x = 0; x < conv->width(); ++x)
                if (conv->tileAt({x, y}) == 2) {
                    at = QPoint(x + 12 * 2 + 1, y + 10 * 2 + 1);
                    break;
                }
        QVERIFY(at.x() >= 0);
        QTest::mouseClick(conv, Qt::LeftButton, {}, at);
        QVERIFY(waitFor(explained));
        const ExplainedCell& cell = view.explanationPanel()->cell();
        QCOMPARE(cell.request.layer, 1);
        QCOMPARE(cell.request.channel, 2);
        QCOMPARE(cell.request.row, 10);
        QCOMPARE(cell.request.column, 12);
        QVERIFY(view.explanationPanel()->isVisible());
        QVERIFY2(view.explanationPanel()->equationText().contains("✓"), qPrintable(view.explanationPanel()->equationText()));
        const ActivationMap& map = view.inspection().layers[0];
        QCOMPARE(cell.mapValue, map.values[(2 * 24 + 10) * 24 + 12]);
    }
};

QTEST_MAIN(TestCellExplanationPanel)
#include "test_cell_explanation_panel.moc"
