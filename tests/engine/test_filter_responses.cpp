// What a filter responds to (engine/filter_responses.h): the strongest images
// of a hand-built filter on hand-built images are the expected ones, with
// their values, places and patches; ties go to the earlier image; stopping
// early says how far it got; receptive fields through stacked convolution
// and pooling windows match a hand computation.
#include "engine/filter_responses.h"
#include "engine/model_spec.h"

#include "engine_test_support.h"

#include <QTest>

using namespace cnnwb;

namespace {

// 5×5 grey images in two classes; a 2-filter 3×3 convolution with fixed weights.
ModelSpec smallSpec() {
    return ModelSpec::fromJson(Json::parse(R"({"format": "cnn-workbench-model", "version": 1, "name": "small",
        "layers": [{"type": "Input", "shape": [5, 5, 1]},
                   {"type": "Conv2D", "name": "conv", "filters": 2, "kernel_size": 3},
                   {"type": "Flatten", "name": "flat"}, {"type": "Dense", "name": "out", "units": 2, "activation": "softmax"}],
        "data": {"dataset": "folder", "image_size": [5, 5], "color_mode": "grayscale", "classes": ["a", "b"]}})"),
                               "small");
}

Tensor& paramOf(Network& net, const std::string& layer, int index) {
    for (Layer* l : net.activeLayers())
        if (l->name() == layer) return *l->params()[std::size_t(index)].value;
    throw std::logic_error("no layer " + layer);
}

// Image i: black with one bright pixel of value 10·(i + 1) at row 1 + i % 3, column 1 + (i / 3) % 3.
Dataset brightDots(int images) {
    Dataset d;
    d.name = "generated dots";
    d.sampleShape = Shape{1, 5, 5};
    d.classNames = {"a", "b"};
    for (int i = 0; i < images; ++i) {
        d.labels.push_back(i % 2);
        std::vector<std::uint8_t> pixels(25, 0);
        pixels[std::size_t((1 + i % 3) * 5 + 1 + (i / 3) % 3)] = std::uint8_t(10 * (i + 1));
        d.pixels.insert(d.pixels.end(), pixels.begin(), pixels.end());
    }
    return d;
}

}  // namespace

class TestFilterResponses : public QObject {
    Q_OBJECT
private slots:
    void theStrongestImagesOfAHandBuiltFilter() {
        Network net = smallSpec().buildNetwork();
        net.setup(1);
        Tensor& kernel = paramOf(net, "conv", 0);  // (filters, channels, rows, columns)
        kernel.vector().setZero();
        kernel.data()[4] = 1.0f;       // filter 1: the centre tap, so value (r, c) is pixel (r + 1, c + 1)
        kernel.data()[9 + 0] = -1.0f;  // filter 2: minus the top-left tap, so every value is 0 or less
        paramOf(net, "conv", 1).vector().setZero();
        const Dataset dots = brightDots(12);
        const std::size_t conv = featureMapLayer(net, "conv");

        const FilterResponses r = strongestResponses(net, dots, 1.0f, conv, 3);
        QVERIFY(r.complete);
        QCOMPARE(r.scanned, std::size_t(12));
        QCOMPARE(r.layer, std::string("conv"));
        QCOMPARE(r.filters.size(), std::size_t(2));
        // Filter 1: the three brightest dots, images 11, 10, 9 (120, 110, 100).
        const auto& centre = r.filters[0];
        QCOMPARE(centre.size(), std::size_t(3));
        QCOMPARE(centre[0].sample, std::size_t(11));
        QCOMPARE(centre[1].sample, std::size_t(10));
        QCOMPARE(centre[2].sample, std::size_t(9));
        QCOMPARE(centre[0].activation, 120.0f);
        QCOMPARE(centre[2].activation, 100.0f);
        // Image 11's dot is at row 3, column 1: map value (2, 0), which sees rows 2–4, columns 0–2.
        QCOMPARE(centre[0].row, 2);
        QCOMPARE(centre[0].column, 0);
        QCOMPARE(centre[0].patch, (PixelBox{2, 0, 4, 2}));
        // Filter 2 is 0 at best in every image: a tie, won by the earliest images, at their first maximum.
        const auto& dark = r.filters[1];
        QCOMPARE(dark[0].sample, std::size_t(0));
        QCOMPARE(dark[1].sample, std::size_t(1));
        QCOMPARE(dark[2].sample, std::size_t(2));
        QCOMPARE(dark[0].activation, 0.0f);
        QCOMPARE(dark[0].row, 0);
        QCOMPARE(dark[0].column, 0);

        // Stopped after the first batch of 128 (all 12 here): said; stopping at once on a larger set is partial.
        const Dataset many = brightDots(300);
        const FilterResponses partial =
            strongestResponses(net, many, 1.0f, conv, 9, [](std::size_t, std::size_t) { return false; });
        QVERIFY(!partial.complete);
        QCOMPARE(partial.scanned, std::size_t(128));
        QCOMPARE(partial.filters[0].size(), std::size_t(9));
    }

    void receptiveFieldsThroughStackedWindows() {
        const ModelSpec spec = ModelSpec::fromJson(Json::parse(R"({"format": "cnn-workbench-model", "version": 1,
            "layers": [{"type": "Input", "shape": [16, 16, 1]},
                       {"type": "Conv2D", "name": "c1", "filters": 2, "kernel_size": 3, "padding": "same"},
                       {"type": "MaxPool2D", "name": "p1", "pool_size": 2},
                       {"type": "Conv2D", "name": "c2", "filters": 2, "kernel_size": 3},
                       {"type": "Activation", "name": "act", "activation": "relu"},
                       {"type": "Flatten", "name": "flat"}, {"type": "Dense", "name": "out", "units": 2, "activation": "softmax"}],
            "data": {"dataset": "folder", "image_size": [16, 16], "color_mode": "grayscale", "classes": ["a", "b"]}})"),
                                                   "stacked");
        Network net = spec.buildNetwork();
        net.setup(1);
        // c2's (0, 0) reads p1 rows 0–2 → c1 rows 0–5 → image rows −1–6 (one of padding): 0–6.
        QCOMPARE(receptiveField(net, 3, 0, 0), (PixelBox{0, 0, 6, 6}));
        // c2's (2, 3): p1 rows 2–4, columns 3–5 → c1 rows 4–9, columns 6–11 → image rows 3–10, columns 5–12.
        QCOMPARE(receptiveField(net, 3, 2, 3), (PixelBox{3, 5, 10, 12}));
        QCOMPARE(receptiveField(net, 4, 2, 3), (PixelBox{3, 5, 10, 12}));  // an activation keeps positions
        QCOMPARE(receptiveField(net, 1, 0, 0), (PixelBox{0, 0, 1, 1}));     // the first layer: its kernel, clipped
        const std::string message = enginetest::errorOf([&] { featureMapLayer(net, "flat"); });
        QVERIFY2(QString::fromStdString(message).contains("c1, p1, c2, act"), message.c_str());
    }
};

QTEST_APPLESS_MAIN(TestFilterResponses)
#include "test_filter_responses.moc"
