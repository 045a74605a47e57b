// Filter heatmaps without training: the diverging colours, the table model's
// roles and update signals, kernels copied from a real engine network equal
// its weights, the view's channel selector, scale modes and depthwise
// captions, colour pictures for RGB first layers, and CSV/PNG export (the CSV
// reads back to the exact floats).
#include "test_support_training.h"

#include "engine/network.h"
#include "ui/filters/colour_bar.h"
#include "ui/filters/diverging_palette.h"
#include "ui/filters/filter_view.h"
#include "ui/filters/kernel_csv.h"
#include "ui/filters/kernel_images.h"
#include "ui/filters/kernel_table_model.h"

#include <QTemporaryDir>

using namespace cnnwb;
using namespace cnnwb::ui;

namespace {

// Conv2D with `kernels` filters over `channels` channels, values counting up
// from -0.5 so every cell is different and some are negative.
KernelBank convBank(int kernels, int channels, int rows = 3, int columns = 3) {
    KernelBank b;
    b.layerName = "conv";
    b.layerType = "Conv2D";
    b.paramName = "kernel";
    b.kernels = kernels;
    b.channels = channels;
    b.inputChannels = channels;
    b.rows = rows;
    b.columns = columns;
    const int n = kernels * channels * rows * columns;
    for (int i = 0; i < n; ++i) b.values.push_back(-0.5f + float(i) / float(n) * 1.2345678f);
    return b;
}

WeightSnapshot snapshotOf(QList<KernelBank> banks) {
    WeightSnapshot s;
    s.serial = 1;
    s.epoch = 1;
    s.batch = 10;
    s.banks = std::move(banks);
    return s;
}

}  // namespace

class TestFilters : public QObject {
    Q_OBJECT
private slots:
    void divergingColours() {
        QCOMPARE(divergingColour(0, 1), QColor(255, 255, 255));
        QCOMPARE(divergingColour(1, 1), QColor(178, 24, 43));    // red high
        QCOMPARE(divergingColour(-1, 1), QColor(33, 102, 172));  // blue low
        QCOMPARE(divergingColour(5, 1), divergingColour(1, 1));  // saturates
        const QColor warm = divergingColour(0.3, 1), cool = divergingColour(-0.3, 1);
        QVERIFY(warm.red() > warm.blue());
        QVERIFY(cool.blue() > cool.red());
        QCOMPARE(divergingColour(std::nan(""), 1), QColor(255, 255, 255));
        QCOMPARE(textColourOn(0.9, 1), QColor(Qt::white));
        QCOMPARE(textColourOn(0.1, 1), QColor(Qt::black));
        QCOMPARE(decimalsForScale(0.119), 3);
        QCOMPARE(decimalsForScale(1.5), 2);
        QCOMPARE(decimalsForScale(25), 1);
    }

    void tableModelRoles() {
        KernelTableModel m;
        QSignalSpy resets(&m, &QAbstractItemModel::modelReset);
        QSignalSpy changes(&m, &QAbstractItemModel::dataChanged);
        m.setKernel({0.0731234f, -0.25f, 0.0f, 0.125f}, 2, 2);
        m.setScale(0.25, 3);
        m.setTitle("kernel 1");
        QCOMPARE(resets.size(), 1);
        QCOMPARE(m.rowCount(), 2);
        QCOMPARE(m.columnCount(), 2);
        QCOMPARE(m.data(m.index(0, 0)).toString(), QString("0.073"));
        QCOMPARE(m.data(m.index(0, 1)).toString(), QString("-0.250"));
        QCOMPARE(float(m.data(m.index(0, 0), KernelTableModel::ValueRole).toDouble()), 0.0731234f);
        QVERIFY(m.data(m.index(0, 0), Qt::ToolTipRole).toString().contains("0.0731234"));
        QVERIFY(m.data(m.index(0, 0), Qt::ToolTipRole).toString().startsWith("kernel 1, row 1, column 1"));
        QCOMPARE(m.data(m.index(0, 1), Qt::BackgroundRole).value<QBrush>().color(), divergingColour(-1, 1));
        QCOMPARE(m.data(m.index(1, 0), Qt::BackgroundRole).value<QBrush>().color(), QColor(Qt::white));
        // Same shape: dataChanged, no reset (views keep their geometry).
        m.setKernel({1, 2, 3, 4}, 2, 2);
        QCOMPARE(resets.size(), 1);
        QVERIFY(!changes.isEmpty());
        m.setKernel({1, 2, 3}, 1, 3);
        QCOMPARE(resets.size(), 2);
    }

    void kernelsCopiedFromTheEngineEqualItsWeights() {
        const ModelSpec spec = loadPreset("e1-lenet1988");
        Network net = spec.buildNetwork();
        net.setup(7);
        const WeightSnapshot s = captureKernels(net);
        QCOMPARE(s.banks.size(), 1);
        const KernelBank& b = s.banks[0];
        QCOMPARE(b.layerName, QString("h1"));
        QCOMPARE(b.kernels, 16);
        QCOMPARE(b.channels, 1);
        QCOMPARE(b.rows, 5);
        std::vector<std::string> keys;
        const auto params = net.allParams(&keys);
        const auto at = std::find(keys.begin(), keys.end(), "h1/kernel") - keys.begin();
        const Tensor& engine = *params[std::size_t(at)].value;
        QCOMPARE(qsizetype(engine.size()), b.values.size());
        for (std::size_t i = 0; i < engine.size(); ++i) QCOMPARE(b.values[qsizetype(i)], engine[i]);

        FilterView view;
        view.showSnapshot(s);
        QCOMPARE(view.kernelCount(), 16);
        for (int k = 0; k < 16; ++k)
            for (int r = 0; r < 5; ++r)
                for (int c = 0; c < 5; ++c) {
                    KernelTableModel* m = view.kernelModel(k);
                    QCOMPARE(float(m->data(m->index(r, c), KernelTableModel::ValueRole).toDouble()),
                             engine[std::size_t(k * 25 + r * 5 + c)]);
                }
    }

    void depthwiseKernelsOfAMixedNet() {
        Network net = Network::fromJson(Json::parse(R"([{"type": "Input", "shape": [32, 32, 3]},
            {"type": "DepthwiseConv2D", "name": "dw", "kernel_size": 5, "depth_multiplier": 5},
            {"type": "Conv2D", "name": "mix", "filters": 4, "kernel_size": 3},
            {"type": "Flatten"}, {"type": "Dense", "units": 10, "activation": "softmax"}])"));
        net.setup(3);
        const WeightSnapshot s = captureKernels(net);
        QCOMPARE(s.banks.size(), 2);
        const KernelBank& dw = s.banks[0];
        QVERIFY(dw.filtersOneChannel());
        QVERIFY(!s.banks[1].filtersOneChannel());
        QCOMPARE(dw.paramName, QString("depthwise_kernel"));
        QCOMPARE(dw.kernels, 15);
        QCOMPARE(dw.channels, 1);
        QCOMPARE(dw.inputChannels, 3);
        QCOMPARE(dw.groups, 3);
        QCOMPARE(dw.kernelsPerGroup(), 5);
        QCOMPARE(s.banks[1].sourceChannel(2), -1);
        QCOMPARE(dw.sourceChannel(4), 0);
        QCOMPARE(dw.sourceChannel(5), 1);
        QCOMPARE(dw.sourceChannel(14), 2);
        QCOMPARE(s.banks[1].channels, 15);
        QVERIFY(hasColourView(dw));
        QVERIFY(!hasColourView(s.banks[1]));
        // A depthwise kernel is drawn in its channel's colour: kernel 5 reads G.
        const QImage green = kernelImage(dw, 5);
        QCOMPARE(green.size(), QSize(5, 5));
        for (int y = 0; y < 5; ++y)
            for (int x = 0; x < 5; ++x) QVERIFY(qRed(green.pixel(x, y)) == 0 && qBlue(green.pixel(x, y)) == 0);

        FilterView view;
        view.showSnapshot(s);
        view.setLayer("dw");
        QCOMPARE(view.kernelCount(), 15);
        view.setLayer("mix");
        QCOMPARE(view.kernelCount(), 4);
        QCOMPARE(view.currentBank()->layerName, QString("mix"));
    }

    // A first layer on colour images: for every kernel its R, G and B grids
    // side by side, each equal to the engine's weights of that channel.
    void rgbGridsEqualTheEngineWeightsPerChannel() {
        Network net = Network::fromJson(Json::parse(R"([{"type": "Input", "shape": [32, 32, 3]},
            {"type": "Conv2D", "name": "c1", "filters": 6, "kernel_size": 5},
            {"type": "Flatten"}, {"type": "Dense", "units": 10, "activation": "softmax"}])"));
        net.setup(11);
        std::vector<std::string> keys;
        const auto params = net.allParams(&keys);
        const Tensor& engine = *params[std::size_t(std::find(keys.begin(), keys.end(), "c1/kernel") - keys.begin())].value;
        FilterView view;
        view.resize(1200, 800);
        view.show();
        view.showSnapshot(captureKernels(net));
        QCOMPARE(view.kernelCount(), 6);
        QCOMPARE(view.inputChannel(), -1);
        QCOMPARE(view.channelTables(), 3);
        for (int k = 0; k < 6; ++k)
            for (int ch = 0; ch < 3; ++ch) {
                KernelTableModel* m = view.kernelModel(k, ch);
                QVERIFY(m);
                QCOMPARE(m->rowCount(), 5);
                for (int r = 0; r < 5; ++r)
                    for (int x = 0; x < 5; ++x)
                        QCOMPARE(float(m->data(m->index(r, x), KernelTableModel::ValueRole).toDouble()),
                                 engine[std::size_t(((k * 3 + ch) * 5 + r) * 5 + x)]);
            }
        // Tooltips name the channel; the colour pictures are there too.
        KernelTableModel* blue = view.kernelModel(4, 2);
        QVERIFY2(blue->data(blue->index(0, 0), Qt::ToolTipRole).toString().contains("kernel 5, B"),
                 qPrintable(blue->data(blue->index(0, 0), Qt::ToolTipRole).toString()));
        // One channel at a time on request.
        view.setInputChannel(1);
        QCOMPARE(view.channelTables(), 1);
        QCOMPARE(view.kernelModel(0)->value(0, 0), engine[std::size_t((0 * 3 + 1) * 25)]);
    }

    void rgbFirstLayerAsPictures() {
        KernelBank rgb = convBank(2, 3, 2, 2);
        // Kernel 0: red channel high, others low → a red picture.
        for (int i = 0; i < 12; ++i) rgb.values[i] = i < 4 ? 1.0f : -1.0f;
        const QImage red = kernelImage(rgb, 0);
        QCOMPARE(red.pixel(0, 0), qRgb(255, 0, 0));
    }

    void channelSelectorAndScaleModes() {
        FilterView view;
        view.resize(900, 600);
        view.show();
        const KernelBank bank = convBank(4, 2);
        view.showSnapshot(snapshotOf({bank}));
        QCOMPARE(view.kernelCount(), 4);
        QCOMPARE(view.inputChannel(), -1);  // two channels: side by side at first
        QCOMPARE(view.channelTables(), 2);
        view.setInputChannel(0);
        QCOMPARE(view.channelTables(), 1);
        KernelTableModel* m = view.kernelModel(2);
        QCOMPARE(m->value(1, 2), bank.at(2, 0, 1, 2));
        view.setInputChannel(1);
        QCOMPARE(view.kernelModel(2)->value(1, 2), bank.at(2, 1, 1, 2));
        const double layerScale = maxAbs(bank.values.constData(), bank.values.size());
        QCOMPARE(view.kernelModel(0)->scale(), layerScale);
        view.setPerKernelScale(true);
        // Per kernel: over all of that kernel's channels.
        const float* k0 = bank.values.constData() + bank.offset(0, 0);
        QCOMPARE(view.kernelModel(0)->scale(), maxAbs(k0, 2 * 9));
        QVERIFY(view.kernelModel(0)->scale() != view.kernelModel(3)->scale());

        // Freeze keeps the shown weights while a live snapshot arrives... but
        // a snapshot handed over explicitly is always shown.
        view.setFrozen(true);
        QVERIFY(view.isFrozen());
        KernelBank changed = bank;
        changed.values.fill(0.5f);
        view.showSnapshot(snapshotOf({changed}));
        QCOMPARE(view.kernelModel(0)->value(0, 0), 0.5f);
    }

    void csvRoundTripsExactly() {
        const KernelBank bank = convBank(3, 2, 5, 4);
        QTemporaryDir dir;
        FilterView view;
        view.showSnapshot(snapshotOf({bank}));
        const QString path = dir.filePath("filters.csv");
        QCOMPARE(view.exportCsv(path), QString());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly | QIODevice::Text));
        const QString text = QString::fromUtf8(file.readAll());
        QVERIFY(text.startsWith("# CNN Workbench filters: layer conv (Conv2D), 3 kernels of 5×4, 2 input channels"));
        QString error;
        const QList<KernelCsvTable> tables = parseKernelsCsv(text, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(tables.size(), 3 * 2);  // one table per kernel and channel
        for (const KernelCsvTable& t : tables) {
            QCOMPARE(t.rows, 5);
            QCOMPARE(t.columns, 4);
            for (int r = 0; r < 5; ++r)
                for (int c = 0; c < 4; ++c) QCOMPARE(t.values[r * 4 + c], bank.at(t.kernel, t.channel, r, c));
        }
        QCOMPARE(tables[3].kernel, 1);
        QCOMPARE(tables[3].channel, 1);
        QVERIFY(!parseKernelsCsv("kernel 1 channel 1\n1,2\n3\n", &error).size());
        QVERIFY(error.contains("line 3"));
        QVERIFY(!view.exportCsv("/nonexistent-folder/f.csv").isEmpty());
    }

    void pngExportShowsTheSheet() {
        FilterView view;
        view.resize(900, 600);
        view.show();
        QVERIFY(!view.exportPng(QDir::temp().filePath("never.png")).isEmpty());  // nothing to export yet
        view.showSnapshot(snapshotOf({convBank(16, 1, 5, 5)}));
        QTemporaryDir dir;
        const QString path = dir.filePath("filters.png");
        QCOMPARE(view.exportPng(path), QString());
        const QImage image(path);
        QVERIFY(image.width() >= view.sheet()->width());
        QVERIFY(image.height() > 200);
    }
};

QTEST_MAIN(TestFilters)
#include "test_filters.moc"
