// Filters through time (engine/weight_history.h): which copies a run keeps
// (before training, every N batches, every epoch end), that a change between
// two known copies is exact, that the memory limit holds while the copies
// stay spread over the run, that the history survives the session file, and
// that its settings are checked like every other setting.
#include "engine/session_file.h"
#include "engine/trainer.h"
#include "engine/weight_history.h"

#include "engine_test_support.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>

using namespace cnnwb;

namespace {

ModelSpec tinySpec(int everyBatches) {
    Json doc = Json::parse(R"({"format": "cnn-workbench-model", "version": 1, "name": "tiny",
        "layers": [{"type": "Input", "shape": [4, 4, 1]},
                   {"type": "Conv2D", "name": "conv", "filters": 3, "kernel_size": 3, "activation": "relu"},
                   {"type": "Flatten", "name": "flat"}, {"type": "Dense", "name": "out", "units": 2, "activation": "softmax"}],
        "training": {"optimizer": {"type": "SGD", "learning_rate": 0.5}, "batch_size": 8, "epochs": 2, "seed": 5},
        "data": {"dataset": "folder", "image_size": [4, 4], "color_mode": "grayscale", "classes": ["dark", "bright"]}})");
    doc["training"]["weight_history"] = {{"every_batches", everyBatches}};
    return ModelSpec::fromJson(doc, "tiny");
}

const Tensor& convKernel(Network& net) {
    for (Layer* l : net.activeLayers())
        if (l->name() == "conv") return *l->params()[0].value;
    throw std::logic_error("no layer 'conv'");
}

std::vector<std::int64_t> stepsOf(const WeightHistory& h) {
    std::vector<std::int64_t> steps;
    for (const WeightHistoryPoint& p : h.points()) steps.push_back(p.step);
    return steps;
}

}  // namespace

class TestWeightHistory : public QObject {
    Q_OBJECT
private slots:
    void aRunKeepsItsStartEveryNBatchesAndEveryEpochEnd() {
        Trainer trainer(tinySpec(2), enginetest::tinyTwoClassData(), {.threads = 1});
        const Tensor& kernel = convKernel(trainer.network());
        const std::vector<float> initial(kernel.data(), kernel.data() + kernel.size());
        trainer.run();
        const WeightHistory& h = trainer.weightHistory();
        // 40 images in batches of 8: 5 steps an epoch. Copies at steps 0, 2, 4, 5 (end of epoch 1), 6, 8, 10 (a
        // due copy that is also the end of epoch 2: kept once).
        QCOMPARE(stepsOf(h), (std::vector<std::int64_t>{0, 2, 4, 5, 6, 8, 10}));
        QCOMPARE(h.tracked().size(), std::size_t(1));  // only the convolution's kernel: the Dense weights are not filters
        QCOMPARE(h.tracked()[0].key, std::string("conv/kernel"));
        QCOMPARE(h.tracked()[0].count, std::size_t(27));
        QVERIFY(h.points()[3].epochEnd && h.points()[3].epoch == 1 && h.points()[3].batch == 5);
        QVERIFY(h.points()[6].epochEnd && h.points()[6].epoch == 2 && h.points()[6].batch == 5);
        QVERIFY(!h.points()[4].epochEnd && h.points()[4].epoch == 2 && h.points()[4].batch == 1);
        const auto first = h.values(0, "conv/kernel");
        QVERIFY(std::equal(first.begin(), first.end(), initial.begin(), initial.end()));
        const Tensor& now = kernel;
        const auto last = h.values(6, "conv/kernel");
        QVERIFY(std::equal(last.begin(), last.end(), now.data(), now.data() + now.size()));
        QVERIFY(!std::equal(first.begin(), first.end(), last.begin(), last.end()));  // it learned something
        QCOMPARE(h.trace("conv/kernel", 4).size(), std::size_t(7));
        QCOMPARE(h.trace("conv/kernel", 4).back(), now.data()[4]);
        QVERIFY(h.values(0, "out/kernel").empty());

        // every_batches 0: the start and the epoch ends only.
        Trainer epochs(tinySpec(0), enginetest::tinyTwoClassData(), {.threads = 1});
        epochs.run();
        QCOMPARE(stepsOf(epochs.weightHistory()), (std::vector<std::int64_t>{0, 5, 10}));
    }

    void theChangeBetweenTwoKnownCopiesIsExact() {
        WeightHistory h;
        const std::vector<WeightHistory::Tracked> tracked{{"a/kernel", 3}, {"b/kernel", 2}};
        h.add({}, tracked, {0.5f, -1.0f, 2.0f, 10.0f, 0.0f});
        h.add({1, 5, 5, true}, tracked, {0.75f, -1.5f, 2.0f, 9.5f, 0.125f});
        QCOMPARE(h.change(1, "a/kernel"), (std::vector<float>{0.25f, -0.5f, 0.0f}));
        QCOMPARE(h.change(1, "b/kernel"), (std::vector<float>{-0.5f, 0.125f}));
        QVERIFY(h.change(0, "a/kernel").empty());  // nothing before the first
        QCOMPARE(h.trace("b/kernel", 1), (std::vector<float>{0.0f, 0.125f}));
    }

    void theMemoryLimitHoldsAndTheCopiesStaySpreadOverTheRun() {
        WeightHistorySettings settings;
        settings.everyBatches = 1;
        settings.maxMegabytes = 1;
        WeightHistory h(settings);
        const std::vector<WeightHistory::Tracked> tracked{{"conv/kernel", 50000}};  // 200,000 bytes: 5 fit in 1 MiB
        h.add({}, tracked, std::vector<float>(50000, 0.0f));
        for (int step = 1; step <= 400; ++step) {
            const int epoch = (step - 1) / 40 + 1;
            const int batch = (step - 1) % 40 + 1;
            if (h.due(step)) h.add({epoch, batch, step, false}, tracked, std::vector<float>(50000, float(step)));
            if (batch == 40) h.add({epoch, batch, step, true}, tracked, std::vector<float>(50000, float(step)));
            QVERIFY2(h.bytes() <= settings.budgetBytes(), qPrintable(QString("over the limit at step %1").arg(step)));
        }
        QVERIFY(h.size() >= 3);
        QCOMPARE(h.points().front().step, std::int64_t(0));  // the start is always kept
        QVERIFY(h.points().back().step > 300);             // and the copies reach the end of the run
        for (std::size_t i = 1; i < h.size(); ++i) {
            const WeightHistoryPoint& p = h.points()[i];
            QVERIFY(p.epochEnd ? p.epoch % h.epochStride() == 0 : p.step % h.batchStride() == 0);
            QCOMPARE(h.values(i, "conv/kernel")[0], float(p.step));  // each copy holds its own values
        }
        QVERIFY(QString::fromStdString(h.describe()).contains("thinned"));

        // One copy larger than the whole limit: nothing kept, and the reason told.
        WeightHistory huge(settings);
        huge.add({}, {{"conv/kernel", 300000}}, std::vector<float>(300000, 1.0f));
        QVERIFY(huge.empty());
        QVERIFY(huge.tooLarge());
        QVERIFY(QString::fromStdString(huge.describe()).contains("not kept"));
    }

    void theHistoryRoundTripsThroughTheSessionFile() {
        Trainer trainer(tinySpec(2), enginetest::tinyTwoClassData(), {.threads = 1});
        trainer.run();
        QTemporaryDir dir;
        const std::string file = dir.filePath("run.cnnwb").toStdString();
        saveSession(captureSession(trainer, run_status::kFinished), file);
        const Session loaded = loadSession(file);
        const WeightHistory& a = trainer.weightHistory();
        const WeightHistory& b = loaded.weightHistory;
        QCOMPARE(b.size(), a.size());
        QVERIFY(b.points() == a.points());
        QVERIFY(b.tracked() == a.tracked());
        for (std::size_t i = 0; i < a.size(); ++i) QVERIFY(b.snapshot(i) == a.snapshot(i));
        QCOMPARE(b.describe(), a.describe());
        QVERIFY(loaded.weights.at("conv/kernel").size() == 27);  // the weights still read where they were
        QVERIFY(loadSession(file, false).weightHistory.empty());  // indexing reads no copies

        // A header claiming more copies than the data holds is a damaged file, not a crash.
        std::ifstream in(file, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const std::size_t lineEnd = bytes.find('\n') + 1;
        std::uint64_t length = 0;
        for (int i = 0; i < 8; ++i) length |= std::uint64_t(std::uint8_t(bytes[lineEnd + i])) << (8 * i);
        const Json original = Json::parse(bytes.substr(lineEnd + 8, length));
        auto loadWith = [&](const Json& header) {
            const std::string text = header.dump();
            std::string damaged = bytes.substr(0, lineEnd);
            for (int i = 0; i < 8; ++i) damaged.push_back(char(std::uint64_t(text.size()) >> (8 * i)));
            damaged += text + bytes.substr(lineEnd + 8 + length);
            const std::string damagedFile = dir.filePath("damaged.cnnwb").toStdString();
            std::ofstream(damagedFile, std::ios::binary) << damaged;
            return enginetest::errorOf([&] { loadSession(damagedFile); });
        };
        Json more = original;
        for (int i = 0; i < 50; ++i) more["weight_history"]["points"].push_back({1, 1, 1, false});
        const std::string message = loadWith(more);
        QVERIFY2(QString::fromStdString(message).contains("damaged.cnnwb") &&
                     QString::fromStdString(message).contains("filter history"),
                 message.c_str());
        // Copies of no parameters at all: refused, not a division by zero.
        Json none = original;
        none["weight_history"]["tracked"] = Json::array();
        const std::string noParams = loadWith(none);
        QVERIFY2(QString::fromStdString(noParams).contains("follow no parameters"), noParams.c_str());
    }

    void itsSettingsAreCheckedLikeAnyOther() {
        ModelSpec spec = tinySpec(50);
        QCOMPARE(spec.training.weightHistory.everyBatches, 50);
        QCOMPARE(spec.training.weightHistory.maxMegabytes, WeightHistorySettings{}.maxMegabytes);
        QCOMPARE(ModelSpec::fromJson(spec.toJson(), "again").training.weightHistory, spec.training.weightHistory);
        Json doc = spec.toJson();
        doc["training"]["weight_history"]["max_megabytes"] = 0;
        QVERIFY(QString::fromStdString(enginetest::errorOf([&] { ModelSpec::fromJson(doc, "spec.json"); }))
                    .contains("max_megabytes"));
        doc["training"]["weight_history"] = {{"every", 3}};
        const std::string unknown = enginetest::errorOf([&] { ModelSpec::fromJson(doc, "spec.json"); });
        QVERIFY2(QString::fromStdString(unknown).contains("every_batches"), unknown.c_str());  // the known names listed
    }
};

QTEST_APPLESS_MAIN(TestWeightHistory)
#include "test_weight_history.moc"
