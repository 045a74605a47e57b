// The ONNX export (engine/export/onnx_export.h), read back through the ONNX
// library: every preset's model passes ONNX's checker, declares opset 13,
// takes images N×C×H×W and gives the class scores, holds every trained weight
// as an initialiser of the right size, and has the operators its layers call
// for; a damaged file is refused by name. Runtimes computing the engine's
// numbers from it is bench/onnx_check.py's part (OpenCV, needs python3-opencv).
#include "engine/export/onnx_export.h"
#include "engine/layer_registry.h"
#include "engine/presets.h"

#include "engine_test_support.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <fstream>
#include <map>

using namespace cnnwb;
using enginetest::errorOf;

class TestOnnxExport : public QObject {
    Q_OBJECT
private slots:
    void everyPresetReadsBackWithItsWeights() {
        for (const std::string& id : presetIds()) {
            const ModelSpec spec = loadPreset(id);
            Network net = spec.buildNetwork();
            net.setup(spec.training.seed);
            QTemporaryDir dir;
            const auto file = std::filesystem::path(dir.path().toStdString()) / "model.onnx";
            const OnnxSummary written = exportOnnx(net, spec.name, "preset " + id, file);
            const OnnxSummary read = readOnnx(file);
            QCOMPARE(read.opset, std::int64_t(kOnnxOpset));
            QCOMPARE(read.nodes.size(), written.nodes.size());
            QCOMPARE(read.inputs, std::vector<std::string>{"input"});
            QCOMPARE(read.outputs, std::vector<std::string>{"output"});
            QVERIFY2(read.producer.find("CNN Workbench") == 0, read.producer.c_str());

            std::map<std::string, std::int64_t> sizes;
            for (const auto& i : read.initializers) {
                std::int64_t n = 1;
                for (std::int64_t d : i.dims) n *= d;
                sizes[i.name] = n;
            }
            // Every weight is there under "layer/param" with its size (an RBF
            // layer keeps its centres in an expanded form: rows [−2c, 1…1]).
            std::vector<std::string> keys;
            const auto params = net.allParams(&keys);
            std::size_t values = 0;
            for (std::size_t i = 0; i < params.size(); ++i) {
                values += params[i].value->size();
                if (sizes.count(keys[i])) {
                    QCOMPARE(sizes[keys[i]], std::int64_t(params[i].value->size()));
                } else {
                    QVERIFY2(sizes.count(keys[i] + "_expanded"), (id + ": " + keys[i]).c_str());
                    QCOMPARE(sizes[keys[i] + "_expanded"], 2 * std::int64_t(params[i].value->size()));
                }
            }
            QVERIFY(read.weightValues >= values);

            // The operators: one Conv per convolution, one Gemm per dense layer, the pools.
            auto count = [&](const std::string& op) {
                return std::count_if(read.nodes.begin(), read.nodes.end(), [&](const auto& n) { return n.op == op; });
            };
            std::map<std::string, long> expected;
            for (const Layer* layer : net.activeLayers()) {
                const LayerCategory c = layerTypeOf(*layer).category;
                if (c == LayerCategory::Convolution) ++expected["Conv"];
                if (c == LayerCategory::Dense) ++expected["Gemm"];
                if (c == LayerCategory::Normalisation) ++expected["BatchNormalization"];
            }
            for (const auto& [op, n] : expected) QVERIFY2(count(op) == n, (id + ": " + op).c_str());
        }
    }

    void damagedFilesAreNamed() {
        QTemporaryDir dir;
        const auto file = std::filesystem::path(dir.path().toStdString()) / "bad.onnx";
        std::ofstream(file) << "\x08\x07garbage that is no protobuf \xff\xff\xff";
        const std::string error = errorOf([&] { readOnnx(file); });
        QVERIFY2(error.find(file.string() + ": ") == 0, error.c_str());
        QVERIFY2(errorOf([&] { readOnnx(file.parent_path() / "missing.onnx"); }).find("missing.onnx") != std::string::npos,
                 "missing");
    }

    void anUnwritableFileIsNamed() {
        const ModelSpec spec = loadPreset("e1-lenet1988");
        Network net = spec.buildNetwork();
        net.setup(1);
        const std::string error = errorOf([&] { exportOnnx(net, spec.name, "preset", "/nonexistent/dir/m.onnx"); });
        QVERIFY2(error.find("/nonexistent/dir/m.onnx") != std::string::npos, error.c_str());
    }
};

QTEST_GUILESS_MAIN(TestOnnxExport)
#include "test_onnx_export.moc"
