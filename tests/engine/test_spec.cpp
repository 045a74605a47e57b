// Model specs: the presets' parameter counts equal the published ones, and
// a table of mistakes each gives a message that names the culprit.
#include "engine/errors.h"
#include "engine/presets.h"
#include "engine/summary.h"

#include <QtTest>

using namespace cnnwb;

namespace {

Json validSpec() {
    return Json::parse(R"({
      "format": "cnn-workbench-model", "version": 1, "name": "test",
      "layers": [
        {"type": "Input", "name": "input", "shape": [28, 28, 1]},
        {"type": "Conv2D", "name": "h1", "filters": 16, "kernel_size": 5, "strides": 4, "activation": "tanh"},
        {"type": "Flatten", "name": "flatten"},
        {"type": "Dense", "name": "h2", "units": 192},
        {"type": "Dense", "name": "output", "units": 10, "activation": "softmax"}
      ],
      "training": {"loss": "mean_squared_error", "optimizer": {"type": "SGD", "learning_rate": 0.01},
                   "batch_size": 16, "epochs": 10, "seed": 1},
      "data": {"dataset": "mnist", "rescale": 1}
    })");
}

std::string errorOf(const Json& doc) {
    try {
        ModelSpec::fromJson(doc, "spec.json");
    } catch (const SpecError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

class TestSpec : public QObject {
    Q_OBJECT
private slots:
    void publishedParameterCounts_data() {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<qulonglong>("total");
        QTest::addColumn<qulonglong>("trainable");
        QTest::newRow("E1 LeNet 1988") << "e1-lenet1988" << 117300ull << 117300ull;
        QTest::newRow("E3 MLP") << "e3-mlp" << 669706ull << 669706ull;
        QTest::newRow("E3 CNN") << "e3-cnn" << 1199882ull << 1199882ull;
        QTest::newRow("E5 CIFAR-10 net") << "e5-cifar10net" << 2974986ull << 2972298ull;
    }
    void publishedParameterCounts() {
        QFETCH(QString, preset);
        QFETCH(qulonglong, total);
        QFETCH(qulonglong, trainable);
        const ModelSpec spec = loadPreset(preset.toStdString());
        const Network net = spec.buildNetwork();
        QCOMPARE(qulonglong(net.totalParams()), total);
        QCOMPARE(qulonglong(net.trainableParams()), trainable);
    }

    void e1ShowsHowH1IsCounted() {
        const Network net = loadPreset("e1-lenet1988").buildNetwork();
        QCOMPARE(net.rows()[1].params, std::size_t(416));
        QCOMPARE(QString::fromStdString(net.rows()[1].formula), QString("16 × (5×5×1 + 1) = 416"));
        QCOMPARE(QString::fromStdString(net.rows()[1].outputShape.str()), QString("6×6×16"));
    }

    void e5OutputShapes() {
        // experiments.md: 32→32→30→26→13 | 13→11→7 | 7→5→1, with 64, 128, 256 filters.
        const Network net = loadPreset("e5-cifar10net").buildNetwork();
        std::vector<std::pair<std::string, std::string>> expected{
            {"b1_conv1", "32×32×64"}, {"b1_conv3", "30×30×64"}, {"b1_conv5", "26×26×64"}, {"b1_pool", "13×13×64"},
            {"b2_conv1", "13×13×128"}, {"b2_conv3", "11×11×128"}, {"b2_conv5", "7×7×128"},
            {"b3_conv1", "7×7×256"}, {"b3_conv3", "5×5×256"}, {"b3_conv5", "1×1×256"}, {"flatten", "256"},
            {"output", "10"}};
        for (const auto& [name, shape] : expected) {
            bool found = false;
            for (const auto& r : net.rows())
                if (r.name == name) {
                    QCOMPARE(QString::fromStdString(r.outputShape.str()), QString::fromStdString(shape));
                    found = true;
                }
            QVERIFY2(found, name.c_str());
        }
    }

    void everyPresetLoads() {
        QVERIFY(presetIds().size() >= 21);
        for (const auto& id : presetIds()) {
            try {
                const ModelSpec s = loadPreset(id);
                QCOMPARE(QString::fromStdString(s.id), QString::fromStdString(id));
            } catch (const SpecError& e) {
                QFAIL(e.what());
            }
        }
    }

    void roundTripThroughJson() {
        for (const auto& id : presetIds()) {
            const ModelSpec a = loadPreset(id);
            const ModelSpec b = ModelSpec::fromJson(a.toJson(), "round trip");
            QCOMPARE(QString::fromStdString(b.toJson().dump()), QString::fromStdString(a.toJson().dump()));
            QCOMPARE(b.buildNetwork().totalParams(), a.buildNetwork().totalParams());
        }
    }

    void summaryJsonHasTotals() {
        const ModelSpec spec = loadPreset("e1-lenet1988");
        const Json j = summaryJson(spec, spec.buildNetwork());
        QCOMPARE(j["total_params"].get<int>(), 117300);
        QCOMPARE(j["trainable_params"].get<int>(), 117300);
        QCOMPARE(int(j["layers"].size()), 6);
        QVERIFY(summaryTable(spec, spec.buildNetwork()).find("Total params: 117,300") != std::string::npos);
    }

    void disabledLayerIsSkipped() {
        Json doc = validSpec();
        doc["layers"][3]["enabled"] = false;  // h2 off: output Dense sits on the 576 flatten
        const Network net = ModelSpec::fromJson(doc, "spec.json").buildNetwork();
        QCOMPARE(net.rows()[3].enabled, false);
        QCOMPARE(net.rows()[4].params, std::size_t(10 * 577));
    }

    void mistakes_data() {
        QTest::addColumn<QString>("patch");     // a JSON Patch (RFC 6902) applied to the valid spec
        QTest::addColumn<QString>("expected");  // what the message must contain
        auto row = [](const char* name, const char* patch, const char* expected) {
            QTest::newRow(name) << QString(patch) << QString(expected);
        };
        row("kernel larger than input",
            R"([{"op":"replace","path":"/layers/0/shape","value":[3,3,1]}])",
            "Conv2D 'h1': kernel 5×5 is larger than its 3×3 input");
        row("unknown layer type", R"([{"op":"replace","path":"/layers/2/type","value":"Flaten"}])",
            "unknown layer type 'Flaten'; known types are: Input, Dense, Flatten");
        row("unknown field lists known ones", R"([{"op":"add","path":"/layers/1/filter","value":3}])",
            "unknown field 'filter'; known fields are: ");
        row("negative stride", R"([{"op":"replace","path":"/layers/1/strides","value":-1}])",
            "field 'strides' must be an integer ≥ 1");
        row("missing units", R"([{"op":"remove","path":"/layers/3/units"}])",
            "Dense 'h2'): field 'units' must be an integer from 1 to 1048576; it is missing");
        row("wrong JSON type", R"([{"op":"replace","path":"/layers/1/filters","value":"16"}])",
            "field 'filters' must be an integer");
        row("unknown activation", R"([{"op":"replace","path":"/layers/1/activation","value":"tahn"}])",
            "field 'activation' must be one of 'linear', 'relu', 'tanh', 'sigmoid', 'softmax'");
        row("bad padding", R"([{"op":"add","path":"/layers/1/padding","value":"full"}])",
            "field 'padding' must be one of 'valid', 'same'");
        row("dense on image", R"([{"op":"remove","path":"/layers/2"}])",
            "Dense 'h2': needs a flat input, but gets 6×6×16; add a Flatten layer before it");
        row("no input first", R"([{"op":"remove","path":"/layers/0"}])", "a model must start with an Input layer");
        row("duplicate names", R"([{"op":"replace","path":"/layers/3/name","value":"h1"}])",
            "the name 'h1' is already used by an earlier layer");
        row("output does not match classes", R"([{"op":"replace","path":"/layers/4/units","value":12}])",
            "gives 12 outputs, but mnist has 10 classes here; end the model with Dense(units=10)");
        row("input does not match data", R"([{"op":"replace","path":"/layers/0/shape","value":[32,32,3]}])",
            "the Input layer takes 32×32×3 images, but mnist images are 28×28×1");
        row("unknown loss", R"([{"op":"replace","path":"/training/loss","value":"hinge"}])",
            "training: field 'loss' must be one of 'mean_squared_error', 'mse', 'categorical_crossentropy'");
        row("unknown optimizer", R"([{"op":"replace","path":"/training/optimizer/type","value":"Adamm"}])",
            "unknown optimizer 'Adamm'");
        row("zero batch size", R"([{"op":"replace","path":"/training/batch_size","value":0}])",
            "field 'batch_size' must be an integer from 1 to 65536; got the integer 0");
        row("negative learning rate", R"([{"op":"replace","path":"/training/optimizer/learning_rate","value":-0.1}])",
            "learning_rate");
        row("typo in training", R"([{"op":"add","path":"/training/epoch","value":3}])",
            "training: unknown field 'epoch'; known fields are: batch_size, epochs");
        row("unknown dataset", R"([{"op":"replace","path":"/data/dataset","value":"fashion"}])",
            "data: field 'dataset' must be one of 'mnist', 'cifar10'");
        row("unknown class", R"([{"op":"add","path":"/data/classes","value":["airplane","ship"]}])",
            "field 'classes' names 'airplane', which is not a class of mnist");
        row("newer format version", R"([{"op":"replace","path":"/version","value":7}])",
            "written by a newer CNN Workbench (model format version 7");
        row("not a model file", R"([{"op":"replace","path":"/format","value":"something-else"}])",
            "this is not a CNN Workbench model file");
        row("layers not a list", R"([{"op":"replace","path":"/layers","value":{"a":1}}])",
            "field 'layers' must be a list of layer objects");
        row("pool larger than input", R"([{"op":"add","path":"/layers/2","value":{"type":"MaxPool2D","name":"p","pool_size":8}}])",
            "MaxPool2D 'p'");
        row("dropout rate 1", R"([{"op":"add","path":"/layers/3","value":{"type":"Dropout","name":"d","rate":1.0}}])",
            "field 'rate' must be a number from 0 to 0.99");
        row("disabled input", R"([{"op":"add","path":"/layers/0/enabled","value":false}])",
            "the Input layer cannot be disabled");
    }
    void mistakes() {
        QFETCH(QString, patch);
        QFETCH(QString, expected);
        const Json doc = validSpec().patch(Json::parse(patch.toStdString()));
        const std::string message = errorOf(doc);
        QVERIFY2(!message.empty(), "the spec was accepted");
        QVERIFY2(message.find(expected.toStdString()) != std::string::npos, message.c_str());
        QVERIFY2(message.rfind("spec.json", 0) == 0, ("message does not name the file: " + message).c_str());
    }

    void notJsonAtAll() {
        try {
            ModelSpec::fromText("{ \"format\": ", "broken.json");
            QFAIL("accepted");
        } catch (const SpecError& e) {
            QVERIFY(std::string(e.what()).find("broken.json: not valid JSON") == 0);
        }
    }
};

QTEST_GUILESS_MAIN(TestSpec)
#include "test_spec.moc"
