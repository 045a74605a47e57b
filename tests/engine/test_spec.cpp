// Model specs: the presets' parameter counts equal the published ones, and
// a table of mistakes each gives a message that names the culprit.
#include "engine/errors.h"
#include "engine/presets.h"
#include "engine/summary.h"

#include <QtTest>

#include <sys/stat.h>

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
            "field 'strides' must be an integer from 1 to 4096");
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
        // Hostile values: every integer has an upper bound, and sizes are checked in 64 bits.
        row("huge kernel with same padding",
            R"([{"op":"replace","path":"/layers/1/kernel_size","value":1000000000},{"op":"add","path":"/layers/1/padding","value":"same"}])",
            "Conv2D 'h1'): field 'kernel_size' must be an integer from 1 to 4096");
        row("kernel beyond any integer", R"([{"op":"replace","path":"/layers/1/kernel_size","value":[5, 1e300]}])",
            "field 'kernel_size' must be an integer from 1 to 4096");
        row("integer beyond 64 bits", R"([{"op":"replace","path":"/layers/1/filters","value":18446744073709551615}])",
            "field 'filters' must be an integer from 1 to 65536");
        row("input side too large", R"([{"op":"replace","path":"/layers/0/shape","value":[28,100000,1]}])",
            "field 'shape' must be a list of 3 integers (1..16384, 1..16384, 1..4096)");
        row("input of too many values", R"([{"op":"replace","path":"/layers/0/shape","value":[16384,16384,4096]}])",
            "layer 1 (Input 'input'): its output 16384×16384×4096 holds 1,099,511,627,776 values per image; at most 268,435,456");
        row("window reading too many values",
            R"([{"op":"replace","path":"/layers/0/shape","value":[64,64,4096]},{"op":"replace","path":"/layers/1/kernel_size","value":4096},{"op":"add","path":"/layers/1/padding","value":"same"}])",
            "Conv2D 'h1': a 4096×4096 kernel over 4096 channels reads 68,719,476,736 values per position; at most 268,435,456 are allowed");
        row("depthwise channels overflow",
            R"([{"op":"replace","path":"/layers/0/shape","value":[28,28,4096]},{"op":"replace","path":"/layers/1","value":{"type":"DepthwiseConv2D","name":"dw","kernel_size":5,"depth_multiplier":4096}}])",
            "DepthwiseConv2D 'dw': 4096 channels × depth_multiplier 4096 at 24×24 is more than 268,435,456 values per image");
        row("too many parameters",
            R"([{"op":"replace","path":"/layers/3/units","value":1048576},{"op":"add","path":"/layers/4","value":{"type":"Dense","name":"wide","units":1048576}}])",
            "layer 5 (Dense 'wide'): brings the model to 1,100,117,705,120 parameters; at most 2,147,483,648 are allowed");
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

    // The estimate of training memory is held to a limit (here 64 MB): the
    // message names the layer that needs most and says how to change it.
    void modelAboveTheMemoryLimitIsRefused() {
        qputenv("CNNWB_MEMORY_LIMIT_MB", "64");
        Json doc = validSpec();
        QCOMPARE(errorOf(doc), std::string());  // E1-sized: far below
        doc["layers"][3]["units"] = 100000;      // 57.6 M weights in h2
        const std::string message = errorOf(doc);
        qunsetenv("CNNWB_MEMORY_LIMIT_MB");
        QVERIFY2(message.find("spec.json: layer 4 (Dense 'h2'): training this model needs ≈ ") == 0, message.c_str());
        QVERIFY2(message.find("more than the 64.0 MB allowed (CNNWB_MEMORY_LIMIT_MB=64)") != std::string::npos,
                 message.c_str());
        QVERIFY2(message.find("lower the batch size") != std::string::npos, message.c_str());
        QCOMPARE(errorOf(doc), std::string());  // the default limit (half the machine) takes it
    }

    void jsonNestedTooDeeplyIsRefusedWithoutCrashing() {
        const std::string deep = std::string(200000, '[') + std::string(200000, ']');
        try {
            ModelSpec::fromText(R"({"format": "cnn-workbench-model", "layers": )" + deep + "}", "deep.json");
            QFAIL("accepted");
        } catch (const SpecError& e) {
            QCOMPARE(std::string(e.what()),
                     std::string("deep.json: nests lists or objects more than 64 levels deep; no CNN Workbench file does"));
        }
    }

    void numberBeyondDoubleIsAnError() {
        try {
            ModelSpec::fromText(R"({"format": "cnn-workbench-model", "version": 1e999})", "big.json");
            QFAIL("accepted");
        } catch (const SpecError& e) {
            QVERIFY2(std::string(e.what()).find("big.json: not valid JSON") == 0, e.what());
            QVERIFY2(std::string(e.what()).find("number overflow") != std::string::npos, e.what());
        }
    }

    // Only regular files of at most 16 MB are read: a FIFO would hang, a
    // device would fill the memory, a folder is a mistake.
    void onlyRegularFilesAreRead_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing") << "missing" << ": no such file";
        QTest::newRow("folder") << "folder" << ": is a folder, not a model spec file";
        QTest::newRow("fifo") << "fifo" << ": is not a regular file (a device, pipe or socket)";
        QTest::newRow("device") << "device" << ": is not a regular file (a device, pipe or socket)";
        QTest::newRow("too large") << "large" << ": is 17,825,792 bytes (17.0 MB); a model spec file is at most 16,777,216 bytes (16.0 MB)";
    }
    void onlyRegularFilesAreRead() {
        QFETCH(QString, kind);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        std::string path = (dir.path() + "/spec.json").toStdString();
        if (kind == "folder") path = dir.path().toStdString();
        if (kind == "fifo") QCOMPARE(::mkfifo(path.c_str(), 0600), 0);
        if (kind == "device") path = "/dev/zero";
        if (kind == "large") {
            QFile f(QString::fromStdString(path));
            QVERIFY(f.open(QIODevice::WriteOnly));
            QVERIFY(f.resize(17 << 20));  // sparse: no disk used
        }
        try {
            ModelSpec::fromFile(path);
            QFAIL("accepted");
        } catch (const SpecError& e) {
            QVERIFY2(std::string(e.what()).rfind(path + expected.toStdString(), 0) == 0, e.what());
        }
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
