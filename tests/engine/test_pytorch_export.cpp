// The PyTorch project export (engine/export/pytorch_project.h), checked for
// structure without Python: every preset's project maps every layer under
// its name, its config equals the spec's settings, its weights and check batch
// read back as written; a trained run brings its weights, optimizer state
// and epochs; what cannot be exported is refused by name with nothing
// written. Whether PyTorch then computes the same numbers is the bench
// script's part (bench/pytorch_export_check.py, needs python3-torch).
#include "engine/export/pytorch_history.h"
#include "engine/export/pytorch_project.h"
#include "engine/export/tensor_file.h"
#include "engine/json_text.h"
#include "engine/layer_registry.h"
#include "engine/presets.h"
#include "engine/trainer.h"

#include "engine_test_support.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <fstream>
#include <sstream>

using namespace cnnwb;
using enginetest::errorOf;

namespace {

std::string readText(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::map<std::string, NamedTensor> byName(const std::vector<NamedTensor>& tensors) {
    std::map<std::string, NamedTensor> out;
    for (const auto& t : tensors) out[t.name] = t;
    return out;
}

// `count` GENERATED samples of `shape` in `classes` classes.
Dataset generated(Shape shape, int classes, int count) {
    Dataset d;
    d.name = "generated";
    d.sampleShape = shape;
    for (int c = 0; c < classes; ++c) d.classNames.push_back(std::to_string(c));
    for (int i = 0; i < count; ++i) {
        d.labels.push_back(i % classes);
        for (std::size_t p = 0; p < shape.size(); ++p) d.pixels.push_back(std::uint8_t((i * 31 + p * 7) % 256));
    }
    return d;
}

}  // namespace

class TestPyTorchExport : public QObject {
    Q_OBJECT
private slots:
    void everyPresetExportsEveryLayerUnderItsName() {
        for (const std::string& id : presetIds()) {
            QTemporaryDir dir;
            const ModelSpec spec = loadPreset(id);
            const auto folder = std::filesystem::path(dir.path().toStdString()) / "project";
            const PyTorchExportResult result =
                exportPyTorchProject({spec, nullptr, {"preset", id}, "preset " + id}, folder);
            QVERIFY2(!result.trainedWeights && result.epochsDone == 0, id.c_str());
            for (const char* name : {"model.py", "train.py", "workbench.py", "torchrun.py", "README.md", "config.json",
                                     "weights.json", "weights.bin", "check.json", "check.bin"})
                QVERIFY2(std::filesystem::is_regular_file(folder / name), (id + ": " + name).c_str());
            QVERIFY2(!std::filesystem::exists(folder / "optimizer.json"), id.c_str());

            // model.py: every active layer, in order, under its name, as its workbench.py class.
            const std::string model = readText(folder / "model.py");
            Network net = spec.buildNetwork();
            net.setup(spec.training.seed);
            std::size_t at = 0;
            for (const Layer* layer : net.activeLayers()) {
                const std::string entry = "\"" + layer->name() + "\", wb." + layer->type() + "(";
                const std::size_t found = model.find(entry, at);
                QVERIFY2(found != std::string::npos, (id + ": " + entry + " missing or out of order").c_str());
                at = found;
            }

            // config.json: the spec's settings as they are, and one row per layer.
            const Json config = parseJson(readText(folder / "config.json"), "config.json");
            QVERIFY2(config["training"] == spec.training.toJson(), (id + ": " + config["training"].dump()).c_str());
            QVERIFY2(config["data"] == spec.data.toJson(), (id + ": " + config["data"].dump()).c_str());
            QVERIFY2(config["spec"] == spec.toJson(), id.c_str());
            QCOMPARE(config["layers"].size(), net.activeLayers().size());
            QCOMPARE(config["distributed"]["global_batch_size"].get<int>(), spec.training.batchSize);
            QCOMPARE(config["source"]["id"].get<std::string>(), id);

            // The weights: every parameter and moving statistic, values as the network holds them.
            std::vector<std::string> keys;
            const auto params = net.allParams(&keys);
            const auto weights = byName(readTensorFile(folder / "weights.json"));
            QCOMPARE(weights.size(), params.size());
            for (std::size_t i = 0; i < params.size(); ++i) {
                QVERIFY2(weights.count(keys[i]), (id + ": " + keys[i]).c_str());
                const NamedTensor& w = weights.at(keys[i]);
                QVERIFY(std::equal(w.values.begin(), w.values.end(), params[i].value->data()));
            }

            // The check batch: generated inputs, labels, output, loss, a gradient per trained parameter.
            const auto check = byName(readTensorFile(folder / "check.json"));
            QCOMPARE(check.at("input").shape[0], kPyTorchCheckSamples);
            QCOMPARE(check.at("labels").values.size(), std::size_t(kPyTorchCheckSamples));
            QVERIFY(std::isfinite(check.at("loss").values[0]));
            QCOMPARE(double(check.at("loss").values[0]), double(float(result.checkLoss)));
            for (const NamedParam& p : net.trainableParams()) {
                QVERIFY2(check.count("grad/" + p.key), (id + ": grad/" + p.key).c_str());
                QCOMPARE(check.at("grad/" + p.key).values.size(), p.value->size());
            }
        }
    }

    void aTrainedRunBringsItsWeightsOptimizerStateAndEpochs() {
        ModelSpec spec = loadPreset("e3-mlp");  // RMSprop: one state array per parameter
        TrainingData data;
        data.train = generated({1, 28, 28}, 10, 64);
        data.test = generated({1, 28, 28}, 10, 20);
        Trainer trainer(spec, std::move(data), {.threads = 1, .epochs = 1, .maxBatchesPerEpoch = 2});
        trainer.run();
        const Session session = captureSession(trainer, "finished");

        QTemporaryDir dir;
        const auto folder = std::filesystem::path(dir.path().toStdString());
        const PyTorchExportResult result =
            exportPyTorchProject({spec, &session, {"run", "r1"}, "run r1"}, folder);
        QVERIFY(result.trainedWeights);
        QCOMPARE(result.epochsDone, 1);
        const auto weights = byName(readTensorFile(folder / "weights.json"));
        for (const auto& [key, values] : session.weights) QCOMPARE(weights.at(key).values, values);

        Json extra;
        const auto state = byName(readTensorFile(folder / "optimizer.json", &extra));
        QCOMPARE(extra["iterations"].get<long long>(), trainer.optimizer().iterations());
        for (const auto& [key, arrays] : trainer.optimizer().state())
            for (std::size_t k = 0; k < arrays.size(); ++k)
                QCOMPARE(state.at("optimizer/" + key + "/" + std::to_string(k)).values, arrays[k]);
        const Json config = parseJson(readText(folder / "config.json"), "config.json");
        QCOMPARE(config["epochs_done"].get<int>(), 1);
        QCOMPARE(config["source"]["kind"].get<std::string>(), std::string("run"));

        // Exported again from the spec alone, the same folder loses the run's optimizer state.
        exportPyTorchProject({spec, nullptr, {"preset", "e3-mlp"}, "preset e3-mlp"}, folder);
        QVERIFY(!std::filesystem::exists(folder / "optimizer.json"));
    }

    void anImageFolderIsRefusedAndNothingIsWritten() {
        ModelSpec spec = loadPreset("e1-lenet1988");
        useImageFolder(spec, "/nonexistent/images");
        QTemporaryDir dir;
        const auto folder = std::filesystem::path(dir.path().toStdString()) / "project";
        const std::string error = errorOf([&] { exportPyTorchProject({spec, nullptr, {}, "spec"}, folder); });
        QVERIFY2(error.find("data.dataset 'folder'") != std::string::npos, error.c_str());
        QVERIFY2(error.find("image folder cannot be exported") != std::string::npos, error.c_str());
        QVERIFY(!std::filesystem::exists(folder));
    }

    void aFileInTheWayIsNamed() {
        QTemporaryDir dir;
        const auto file = std::filesystem::path(dir.path().toStdString()) / "taken";
        std::ofstream(file) << "x";
        const std::string error =
            errorOf([&] { exportPyTorchProject({loadPreset("e1-lenet1988"), nullptr, {}, "preset"}, file); });
        QVERIFY2(error.find(file.string() + ": cannot make the project folder") != std::string::npos, error.c_str());
    }

    // A spec someone sent: its name must not become code in model.py.
    void aNameCannotBreakOutOfItsComment() {
        ModelSpec spec = loadPreset("e1-lenet1988");
        spec.name = "harmless\nimport os; os.system('echo owned')\r\n#";
        QTemporaryDir dir;
        const auto folder = std::filesystem::path(dir.path().toStdString());
        exportPyTorchProject({spec, nullptr, {"file", "x.json"}, "x.json\nimport sys"}, folder);
        std::istringstream model(readText(folder / "model.py"));
        for (std::string line; std::getline(model, line);)
            QVERIFY2(line.rfind("import os", 0) != 0 && line.rfind("import sys", 0) != 0, line.c_str());
        QVERIFY(readText(folder / "model.py").find("harmless import os") != std::string::npos);
    }

    void everyLayerTypeHasAClassInThePythonLibrary() {
        std::string library;
        for (const auto& f : pytorchProjectFiles())
            if (std::string(f.name) == "workbench.py") library = f.text;
        QVERIFY(!library.empty());
        for (const LayerType& t : layerTypes())
            QVERIFY2(library.find("\nclass " + t.name + "(") != std::string::npos, t.name.c_str());
    }

    void layerNamesBecomePythonIdentifiers() {
        std::vector<std::string> taken;
        QCOMPARE(pythonIdentifier("h1", taken), std::string("h1"));
        QCOMPARE(pythonIdentifier("h1", taken), std::string("h1_2"));
        QCOMPARE(pythonIdentifier("conv 1", taken), std::string("conv_1"));
        QCOMPARE(pythonIdentifier("1st", taken), std::string("layer_1st"));
        QCOMPARE(pythonIdentifier("class", taken), std::string("class_2"));
        QCOMPARE(pythonIdentifier("forward", taken), std::string("forward_2"));
        QCOMPARE(pythonIdentifier("faltung-ä", taken), std::string("faltung___"));
    }

    void jsonBecomesPythonLiterals() {
        const Json value = {{"a", {1, 2.5, true, nullptr}}, {"b", "t\"x"}};
        QCOMPARE(pythonLiteral(value), std::string("{\"a\": [1, 2.5, True, None], \"b\": \"t\\\"x\"}"));
        QCOMPARE(pythonLiteral(false), std::string("False"));
    }

    void aHistoryWrittenByTrainPyImportsAsARun() {
        // A GENERATED history in train.py's format: header, two batches, one epoch, the end.
        ModelSpec spec = loadPreset("e1-lenet1988");
        spec.training.epochs = 3;  // the history below ends with epoch 3: finished
        QTemporaryDir dir;
        const auto folder = std::filesystem::path(dir.path().toStdString());
        Json header = {{"name", spec.name}, {"parent", {{"kind", "run"}, {"id", "20261202-0930-x"}}},
                       {"world_size", 2}, {"device", "cpu"}, {"torch", "1.13"}, {"seed", 7}, {"spec", spec.toJson()}};
        {
            std::ofstream out(folder / "history.jsonl");
            out << Json{{"run", header}}.dump() << "\n";
            for (int b = 1; b <= 2; ++b)
                out << Json{{"batch", {{"epoch", 3}, {"batch", b}, {"batches_per_epoch", 2}, {"loss", 0.5 / b},
                                       {"accuracy", 0.25 * b}, {"images_per_second", 100}, {"elapsed_seconds", b},
                                       {"learning_rate", 0.01}}}}.dump() << "\n";
            out << Json{{"epoch", {{"epoch", 3}, {"train", {{"loss", 0.4}, {"accuracy", 0.6}}},
                                   {"test", {{"loss", 0.3}, {"accuracy", 0.7}}}, {"seconds", 12.5},
                                   {"images_per_second", 80}}}}.dump() << "\n";
            out << Json{{"end", {{"status", "finished"}}}}.dump() << "\n";
        }
        // The weights as train.py saves them: the exported ones will do.
        exportPyTorchProject({spec, nullptr, {"preset", spec.id}, "preset"}, folder / "project");
        std::filesystem::copy_file(folder / "project" / "weights.json", folder / "weights.json");
        std::filesystem::copy_file(folder / "project" / "weights.bin", folder / "weights.bin");

        const Session s = importPyTorchRun(folder);
        QVERIFY(s.spec.layers == spec.layers);
        QCOMPARE(s.seed, 7u);
        QCOMPARE(s.status, std::string(run_status::kFinished));
        QCOMPARE(s.history.batches.size(), std::size_t(2));
        QCOMPARE(s.history.batches[1].loss, 0.25);
        QCOMPARE(s.history.epochs.size(), std::size_t(1));
        QCOMPARE(s.history.epochs[0].epoch, 3);
        QCOMPARE(s.history.epochs[0].test->accuracy, 0.7);
        QCOMPARE(s.run.parent.kind, std::string("run"));
        QCOMPARE(s.run.parent.id, std::string("20261202-0930-x"));
        QVERIFY(s.weightsFit(spec.layers));
        QCOMPARE(s.wallSeconds, 12.5);

        // Weights of another model beside the history: left out, and the note says so.
        exportPyTorchProject({loadPreset("e3-mlp"), nullptr, {"preset", "e3-mlp"}, "preset"}, folder / "other");
        for (const char* file : {"weights.json", "weights.bin"})
            std::filesystem::copy_file(folder / "other" / file, folder / file,
                                       std::filesystem::copy_options::overwrite_existing);
        const Session mismatched = importPyTorchRun(folder);
        QVERIFY(mismatched.weights.empty());
        QVERIFY2(mismatched.run.note.find("its weights did not fit the spec and were left out") != std::string::npos,
                 mismatched.run.note.c_str());

        // A run the cluster did not finish reads as stopped; a broken line is named.
        {
            std::ofstream out(folder / "history.jsonl");
            out << Json{{"run", header}}.dump() << "\n{\"batch\": {\"epoch\": 1}}\n";
        }
        const std::string error = errorOf([&] { importPyTorchRun(folder); });
        QVERIFY2(error.find("history.jsonl, line 2: the batch has no 'batch'") != std::string::npos, error.c_str());
        {
            std::ofstream out(folder / "history.jsonl");
            out << Json{{"run", header}}.dump() << "\n";
        }
        QCOMPARE(importPyTorchRun(folder).status, std::string(run_status::kStopped));
        // Ended normally, but before the planned epochs: stopped, so it can be continued.
        header["spec"]["training"]["epochs"] = 10;
        {
            std::ofstream out(folder / "history.jsonl");
            out << Json{{"run", header}}.dump() << "\n";
            out << Json{{"epoch", {{"epoch", 3}, {"train", {{"loss", 0.4}, {"accuracy", 0.6}}}, {"seconds", 1},
                                   {"images_per_second", 80}}}}.dump() << "\n";
            out << Json{{"end", {{"status", "finished"}}}}.dump() << "\n";
        }
        QCOMPARE(importPyTorchRun(folder).status, std::string(run_status::kStopped));
        std::ofstream(folder / "history.jsonl") << "{\"epoch\": {}}\n";
        QVERIFY(errorOf([&] { importPyTorchRun(folder); }).find("no {\"run\": ...} line") != std::string::npos);
    }

    void tensorFilesRefuseWhatDoesNotFit() {
        QTemporaryDir dir;
        const auto index = std::filesystem::path(dir.path().toStdString()) / "t.json";
        writeTensorFile(index, index.parent_path() / "t.bin", {{"a", {2, 2}, {1, 2, 3, 4}}});
        QCOMPARE(readTensorFile(index)[0].values, (std::vector<float>{1, 2, 3, 4}));
        std::ofstream(index) << R"({"format": "cnn-workbench-tensors", "data": "t.bin",
                                   "tensors": [{"name": "a", "shape": [3, 2], "offset": 0}]})";
        const std::string error = errorOf([&] { readTensorFile(index); });
        QVERIFY2(error.find("'a') lies beyond the end of") != std::string::npos, error.c_str());
        // Two tensors over the same four values: refused, so an index cannot
        // multiply the data file's size in memory.
        std::ofstream(index) << R"({"format": "cnn-workbench-tensors", "data": "t.bin",
                                   "tensors": [{"name": "a", "shape": [4], "offset": 0},
                                               {"name": "b", "shape": [4], "offset": 0}]})";
        const std::string overlap = errorOf([&] { readTensorFile(index); });
        QVERIFY2(overlap.find("tensor 2 ('b'): the tensors hold more values than") != std::string::npos, overlap.c_str());
        // The values must lie beside the index, not elsewhere on the machine.
        for (const char* elsewhere : {"../t.bin", "/etc/passwd", "..", ""}) {
            std::ofstream(index) << Json{{"format", "cnn-workbench-tensors"}, {"data", elsewhere},
                                         {"tensors", Json::array()}}.dump();
            const std::string refused = errorOf([&] { readTensorFile(index); });
            QVERIFY2(refused.find("\"data\" must name a file in the same folder") != std::string::npos, refused.c_str());
        }
        std::ofstream(index) << R"({"format": "something else"})";
        QVERIFY(errorOf([&] { readTensorFile(index); }).find("not a tensor index") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestPyTorchExport)
#include "test_pytorch_export.moc"
