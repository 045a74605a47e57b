// Learning-rate schedules (engine/lr_schedule.h) against rates computed by
// hand, their spec syntax and errors, and the trainer using them: every
// batch's step takes the scheduled rate, which the history records and a
// session keeps (older sessions without the column read as unknown).
#include "engine/lr_schedule.h"
#include "engine/model_spec.h"
#include "engine/session_file.h"
#include "engine/trainer.h"

#include "engine_test_support.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace cnnwb;
using enginetest::errorOf;

namespace {

LrSchedule scheduleOf(const char* json) { return LrSchedule::fromJson(Json::parse(json), "test"); }

ModelSpec tinySpec(const char* schedule) {
    Json doc = Json::parse(R"({"format": "cnn-workbench-model", "version": 1, "name": "tiny",
        "layers": [{"type": "Input", "shape": [4, 4, 1]}, {"type": "Flatten"}, {"type": "Dense", "units": 2, "activation": "softmax"}],
        "training": {"optimizer": {"type": "SGD", "learning_rate": 0.2}, "batch_size": 8, "epochs": 3, "seed": 2},
        "data": {"dataset": "folder", "image_size": [4, 4], "color_mode": "grayscale", "classes": ["dark", "bright"]}})");
    doc["training"]["lr_schedule"] = Json::parse(schedule);
    return ModelSpec::fromJson(doc, "tiny");
}

}  // namespace

class TestLrSchedule : public QObject {
    Q_OBJECT
private slots:
    void constantKeepsTheBase() {
        const LrSchedule s;
        QVERIFY(s.isConstant());
        for (long long step : {0LL, 5LL, 99LL}) QCOMPARE(s.rate(0.01, step, 10, 10), 0.01);
    }

    void stepDropsByTheFactorEveryNEpochs() {
        const LrSchedule s = scheduleOf(R"({"type": "step", "drop_every": 2, "factor": 0.5})");
        // 10 steps per epoch: epochs 1-2 (steps 0-19) at the base, 3-4 at half, 5-6 at a quarter.
        QCOMPARE(s.rate(0.8, 0, 10, 6), 0.8);
        QCOMPARE(s.rate(0.8, 19, 10, 6), 0.8);
        QCOMPARE(s.rate(0.8, 20, 10, 6), 0.4);
        QCOMPARE(s.rate(0.8, 39, 10, 6), 0.4);
        QCOMPARE(s.rate(0.8, 40, 10, 6), 0.2);
    }

    void cosineFallsToAlphaTimesTheBase() {
        const LrSchedule s = scheduleOf(R"({"type": "cosine", "alpha": 0.1})");
        // 11 steps: the first at the base, the middle at 0.1 + 0.9 × ½, the last at alpha × base.
        QCOMPARE(s.rate(1.0, 0, 11, 1), 1.0);
        QVERIFY(std::abs(s.rate(1.0, 5, 11, 1) - 0.55) < 1e-12);
        QVERIFY(std::abs(s.rate(1.0, 10, 11, 1) - 0.1) < 1e-12);
        // A quarter of the way: 0.1 + 0.9 × (1 + cos(π/4)) / 2.
        const LrSchedule plain = scheduleOf(R"({"type": "cosine"})");
        QVERIFY(std::abs(plain.rate(2.0, 25, 101, 1) - 2.0 * (1 + std::cos(M_PI / 4)) / 2) < 1e-12);
    }

    void oneCycleRisesThenFalls() {
        const LrSchedule s = scheduleOf(R"({"type": "one_cycle"})");  // pct_start 0.3, div 25, final div 1e4
        // 101 steps: up over steps 0-30, down over 30-100.
        QVERIFY(std::abs(s.rate(0.5, 0, 101, 1) - 0.5 / 25) < 1e-15);
        QVERIFY(std::abs(s.rate(0.5, 15, 101, 1) - (0.02 + 0.48 * 0.5)) < 1e-12);  // halfway up the cosine
        QCOMPARE(s.rate(0.5, 30, 101, 1), 0.5);
        const double last = 0.5 / 25 / 1e4;
        QVERIFY(std::abs(s.rate(0.5, 65, 101, 1) - (last + (0.5 - last) * 0.5)) < 1e-12);
        QVERIFY(std::abs(s.rate(0.5, 100, 101, 1) - last) < 1e-18);
    }

    void specsNameTheScheduleAndItsFields() {
        QCOMPARE(tinySpec(R"("cosine")").training.lrSchedule.type, std::string("cosine"));  // shorthand
        const ModelSpec spec = tinySpec(R"({"type": "step", "drop_every": 3, "factor": 0.2})");
        QCOMPARE(ModelSpec::fromJson(spec.toJson(), "again").training.lrSchedule, spec.training.lrSchedule);
        QCOMPARE(spec.toJson()["training"]["lr_schedule"].dump(), std::string(R"({"drop_every":3,"factor":0.2,"type":"step"})"));

        std::string e = errorOf([] { tinySpec(R"({"type": "linear"})"); });
        QVERIFY2(e.find("'constant', 'step', 'cosine', 'one_cycle'") != std::string::npos, e.c_str());
        e = errorOf([] { tinySpec(R"({"type": "step", "alpha": 0.1})"); });
        QVERIFY2(e.find("training.lr_schedule") != std::string::npos && e.find("alpha") != std::string::npos &&
                     e.find("drop_every") != std::string::npos,
                 e.c_str());
        e = errorOf([] { tinySpec(R"({"type": "step", "factor": 2})"); });
        QVERIFY2(e.find("factor") != std::string::npos, e.c_str());
    }

    void everyStepTakesTheScheduledRateAndTheSessionKeepsIt() {
        const ModelSpec spec = tinySpec(R"({"type": "one_cycle", "pct_start": 0.25})");
        Trainer trainer(spec, enginetest::tinyTwoClassData(), {.threads = 1});
        QCOMPARE(trainer.run(), RunEnd::Finished);
        const auto& batches = trainer.history().batches;
        QCOMPARE(batches.size(), std::size_t(15));  // 3 epochs of 5 batches of 8
        for (std::size_t i = 0; i < batches.size(); ++i)
            QCOMPARE(batches[i].learningRate, spec.training.lrSchedule.rate(0.2, (long long)i, 5, 3));
        QCOMPARE(batches[0].learningRate, 0.2 / 25);

        // A constant schedule trains exactly as before schedules existed: the optimizer's own rate.
        const ModelSpec constant = tinySpec(R"("constant")");
        Trainer plain(constant, enginetest::tinyTwoClassData(), {.threads = 1});
        plain.run();
        for (const BatchStats& b : plain.history().batches) QCOMPARE(b.learningRate, 0.2);

        QTemporaryDir dir;
        const std::string file = dir.filePath("run.cnnwb").toStdString();
        saveSession(captureSession(trainer, run_status::kFinished), file);
        const Session loaded = loadSession(file);
        QCOMPARE(loaded.history.batches.back().learningRate, batches.back().learningRate);

        // A history written before schedules (seven columns) reads with the rate unknown.
        Json old = historyToJson(trainer.history());
        for (Json& b : old["batches"]) b.erase(7);
        const History h = historyFromJson(old, "old session");
        QCOMPARE(h.batches.size(), batches.size());
        QVERIFY(std::isnan(h.batches[0].learningRate));
    }
};

QTEST_GUILESS_MAIN(TestLrSchedule)
#include "test_lr_schedule.moc"
