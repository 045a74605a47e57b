// The trainer on the real MNIST (from CNNWB_DATA; these tests fail, never
// skip, when it is missing): it learns, it is deterministic at 1 and 2
// threads, stop/pause act within a batch and keep the history, NaN stops the
// run with a message, and a saved session re-scores identically.
// TBB before Qt: Qt's `emit` macro breaks TBB's headers.
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

#include "engine/errors.h"
#include "engine/float_mode.h"
#include "engine/presets.h"
#include "engine/session_file.h"
#include "engine/trainer.h"

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <thread>

using namespace cnnwb;

namespace {

std::filesystem::path dataDir() {
    const char* dir = std::getenv("CNNWB_DATA");
    return dir ? std::filesystem::path(dir) : std::filesystem::path();
}

// A small net that uses every trainable kind of layer on MNIST.
ModelSpec mixedSpec() {
    Json doc = Json::parse(R"({
      "format": "cnn-workbench-model", "version": 1, "name": "mixed",
      "layers": [
        {"type": "Input", "shape": [28, 28, 1]},
        {"type": "Conv2D", "filters": 8, "kernel_size": 3, "padding": "same", "activation": "relu"},
        {"type": "BatchNormalization"},
        {"type": "Conv2D", "filters": 8, "kernel_size": 3, "padding": "same"},
        {"type": "MaxPool2D", "pool_size": 2},
        {"type": "DepthwiseConv2D", "kernel_size": 3, "depth_multiplier": 2, "strides": 2, "activation": "tanh"},
        {"type": "AveragePool2D", "pool_size": 2},
        {"type": "Dropout", "rate": 0.3},
        {"type": "Flatten"},
        {"type": "Dense", "units": 24, "activation": "sigmoid"},
        {"type": "Dense", "units": 10, "activation": "softmax"}
      ],
      "training": {"loss": "categorical_crossentropy", "optimizer": {"type": "Adam"}, "batch_size": 128, "epochs": 2, "seed": 5},
      "data": {"dataset": "mnist", "per_class": 400}
    })");
    return ModelSpec::fromJson(doc, "mixed");
}

// Asks the run to stop at one batch, as another thread would.
class StopAt : public TrainingObserver {
public:
    StopAt(TrainingControl& control, int batch) : control_(control), batch_(batch) {}
    void onBatchEnd(const BatchStats& b) override {
        if (b.batch == batch_) control_.requestStop();
    }
private:
    TrainingControl& control_;
    int batch_;
};

}  // namespace

class TestTrainer : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        if (dataDir().empty())
            QFAIL("CNNWB_DATA is not set: point it at the folder holding mnist/ (in CI: ../shared/data)");
        QVERIFY2(std::filesystem::exists(dataDir() / "mnist"), "CNNWB_DATA has no mnist/ folder");
        // As the apps do, before any TBB worker exists, so the determinism
        // test below runs in the apps' float mode.
        flushSubnormalsToZero();
    }

    // Every thread that computes (TBB's workers too) must flush subnormals,
    // or the same step could give other bits on another thread count.
    void subnormalsFlushOnEveryThread() {
        QVERIFY(subnormalsFlushed());
        volatile float tiny = 1e-38f;  // normal; half of it is subnormal
        QCOMPARE(float(tiny * 0.5f), 0.0f);
        std::vector<int> flushed(256, -1);
        tbb::global_control both(tbb::global_control::max_allowed_parallelism, 2);
        tbb::parallel_for(0, 256, [&](int i) {
            std::this_thread::sleep_for(std::chrono::microseconds(200));  // let the worker join
            flushed[std::size_t(i)] = subnormalsFlushed() ? 1 : 0;
        });
        QCOMPARE(std::count(flushed.begin(), flushed.end(), 1), std::ptrdiff_t(256));
    }

    // One epoch on all 60,000 images. The faithful E1 recipe (MSE, raw pixels)
    // reached 0.857 after one epoch in the reference PyTorch rebuild; with
    // cross-entropy it converges faster.
    void e1LearnsInOneEpoch() {
        for (const auto& [preset, floor] : {std::pair{"e1-crossentropy", 0.90}, std::pair{"e1-lenet1988", 0.80}}) {
            const ModelSpec spec = loadPreset(preset);
            Trainer trainer(spec, prepareTrainingData(spec.data, dataDir()), {.threads = 0, .epochs = 1});
            QCOMPARE(trainer.data().train.size(), std::size_t(60000));
            QCOMPARE(trainer.run(), RunEnd::Finished);
            const auto& e = trainer.history().epochs.at(0);
            QVERIFY(e.test.has_value());
            qInfo("%s: test accuracy after 1 epoch %.4f", preset, e.test->accuracy);
            QVERIFY2(e.test->accuracy >= floor, preset);
            QCOMPARE(int(trainer.history().batches.size()), 60000 / spec.training.batchSize);
        }
    }

    void sameCurveAtOneAndTwoThreads() {
        const ModelSpec spec = mixedSpec();
        const TrainingData data = prepareTrainingData(spec.data, dataDir());
        std::vector<double> losses[2];
        std::vector<double> tests[2];
        for (int threads : {1, 2}) {
            Trainer trainer(spec, data, {.threads = threads, .epochs = 0});
            // Small passes stay on one thread; this net must be big enough to use both.
            QVERIFY(!trainer.network().usesOneThread(spec.training.batchSize));
            // The second convolution runs through Winograd's tiles, the first through im2col.
            QCOMPARE(QString::fromStdString(trainer.network().activeLayers()[1]->algorithm()), QString("im2col + GEMM"));
            QVERIFY(trainer.network().activeLayers()[3]->algorithm().rfind("Winograd", 0) == 0);
            trainer.run();
            for (const auto& b : trainer.history().batches) losses[threads - 1].push_back(b.loss);
            for (const auto& e : trainer.history().epochs) tests[threads - 1].push_back(e.test->loss);
        }
        QCOMPARE(losses[0].size(), std::size_t(2 * 32));  // 4,000 images, batch 128, 2 epochs
        for (std::size_t i = 0; i < losses[0].size(); ++i)
            QVERIFY2(losses[0][i] == losses[1][i], qPrintable(QString("batch %1: %2 vs %3").arg(i).arg(losses[0][i], 0, 'g', 17).arg(losses[1][i], 0, 'g', 17)));
        QVERIFY(tests[0] == tests[1]);
        QVERIFY2(losses[0].back() < losses[0].front(), "the mixed net did not learn");
    }

    void stopKeepsTheHistory() {
        const ModelSpec spec = mixedSpec();
        Trainer trainer(spec, prepareTrainingData(spec.data, dataDir()));
        TrainingControl control;
        StopAt stop(control, 10);
        QCOMPARE(trainer.run(&stop, &control), RunEnd::Stopped);
        QCOMPARE(int(trainer.history().batches.size()), 10);
        QVERIFY(trainer.history().epochs.empty());
    }

    // Pause holds the run between two batches, says so to the observer, still
    // serves requests while held, and goes on where it stopped.
    void pauseHoldsBetweenBatchesAndStillServes() {
        const ModelSpec spec = mixedSpec();
        Trainer trainer(spec, prepareTrainingData(spec.data, dataDir()), {.threads = 0, .epochs = 1});
        TrainingControl control;
        struct PauseAt : TrainingObserver {
            TrainingControl* control = nullptr;
            std::atomic<int> batches{0}, paused{0}, resumed{0};
            void onBatchEnd(const BatchStats& b) override {
                ++batches;
                if (b.batch == 5) control->requestPause();
            }
            void onPaused() override { ++paused; }
            void onResumed() override { ++resumed; }
        } observer;
        observer.control = &control;
        std::atomic<int> served{0};
        std::atomic<int> batchesWhenServed{-1};
        control.setService([&] {
            batchesWhenServed = observer.batches.load();
            ++served;
        });
        std::thread worker([&] { trainer.run(&observer, &control); });
        QTRY_COMPARE_WITH_TIMEOUT(observer.paused.load(), 1, 10000);
        // Served twice while held, both times between batches 5 and 6: the
        // run did not move in between (a proof by handshake, not by a sleep).
        control.requestService();
        QTRY_COMPARE_WITH_TIMEOUT(served.load(), 1, 5000);
        QCOMPARE(batchesWhenServed.load(), 5);
        control.requestService();
        QTRY_COMPARE_WITH_TIMEOUT(served.load(), 2, 5000);
        QCOMPARE(batchesWhenServed.load(), 5);
        QCOMPARE(observer.batches.load(), 5);
        control.requestResume();
        worker.join();
        QCOMPARE(observer.resumed.load(), 1);
        QCOMPARE(int(trainer.history().epochs.size()), 1);
        QCOMPARE(int(trainer.history().batches.size()), 32);
    }

    // The batch read and augmented while the previous one trains is the
    // batch done in turn: run() against trainStep() called one batch after
    // another (the reference path), bit for bit, with augmentation on, at 2 threads.
    void batchesPreparedAheadEqualThoseDoneInTurn() {
        ModelSpec spec = mixedSpec();
        spec.data.augmentation.rotationRange = 15;
        spec.data.augmentation.widthShiftRange = 0.1;
        spec.data.augmentation.horizontalFlip = true;
        spec.training.lrSchedule.type = "cosine";
        const TrainingData data = prepareTrainingData(spec.data, dataDir());
        Trainer ahead(spec, data, {.threads = 2, .epochs = 2, .maxBatchesPerEpoch = 12});
        QCOMPARE(ahead.run(), RunEnd::Finished);

        Trainer inTurn(spec, data, {.threads = 2, .epochs = 2});
        tbb::global_control threads(tbb::global_control::max_allowed_parallelism, 2);
        const double base = spec.training.optimizer.value("learning_rate", 0.001);
        const std::size_t n = data.train.size(), batch = std::size_t(spec.training.batchSize);
        std::size_t i = 0;
        for (int epoch = 0; epoch < 2; ++epoch) {
            const std::vector<std::size_t> order = shuffledOrder(n, inTurn.seed(), std::uint64_t(epoch));
            for (std::size_t b = 0; b < 12; ++b, ++i) {
                const double rate = spec.training.lrSchedule.rate(base, inTurn.optimizer().iterations(), 12, 2);
                int hits = 0;
                const double loss = inTurn.trainStep(std::span(order).subspan(b * batch, batch), std::uint64_t(epoch),
                                                     b * batch, rate, hits);
                QCOMPARE(loss, ahead.history().batches.at(i).loss);
                QCOMPARE(rate, ahead.history().batches.at(i).learningRate);
            }
        }
    }

    // Continuing a stored run gives the numbers of a run that was never
    // interrupted, bit for bit: after a finished epoch and from the middle of
    // one, through a session file (weights, optimizer state, history; Dropout's
    // step count follows from the optimizer's), with augmentation and Adam.
    void continuingEqualsAnUninterruptedRun() {
        ModelSpec spec = mixedSpec();
        spec.data.augmentation.rotationRange = 10;
        spec.data.augmentation.widthShiftRange = 0.1;
        spec.training.lrSchedule.type = "one_cycle";  // the rate follows the step count, resumed or not
        spec.training.weightHistory.everyBatches = 4;  // copies inside epochs too, across the cut
        const TrainingData data = prepareTrainingData(spec.data, dataDir());
        const TrainerOptions options{.threads = 0, .epochs = 3, .maxBatchesPerEpoch = 9};

        Trainer whole(spec, data, options);
        QCOMPARE(whole.run(), RunEnd::Finished);
        const Session reference = captureSession(whole, run_status::kFinished);

        QTemporaryDir dir;
        auto continued = [&](int stopEpoch, int stopBatch) {
            // First part: stop after (stopEpoch, stopBatch), save, load.
            Trainer first(spec, data, options);
            TrainingControl control;
            struct StopAfter : TrainingObserver {
                TrainingControl* c;
                int epoch, batch;
                void onBatchEnd(const BatchStats& b) override {
                    if (b.epoch == epoch && b.batch == batch) c->requestStop();
                }
            } stop;
            stop.c = &control;
            stop.epoch = stopEpoch;
            stop.batch = stopBatch;
            if (first.run(&stop, &control) != RunEnd::Stopped) return Session{};
            const std::string file = dir.filePath("part.cnnwb").toStdString();
            saveSession(captureSession(first, run_status::kStopped), file);
            const Session stored = loadSession(file);
            // Second part: a new trainer (a new process, as far as it knows).
            TrainerOptions more = options;
            more.seed = stored.seed;
            Trainer second(stored.spec, data, more);
            second.resumeFrom(stored);
            if (second.run() != RunEnd::Finished) return Session{};
            return captureSession(second, run_status::kFinished);
        };
        for (const auto& [epoch, batch] : {std::pair{1, 9}, std::pair{2, 4}}) {
            const Session c = continued(epoch, batch);
            QVERIFY2(!c.weights.empty(), "a part did not run as planned");
            const auto& a = reference.history.batches;
            const auto& b = c.history.batches;
            QCOMPARE(b.size(), a.size());
            for (std::size_t i = 0; i < a.size(); ++i) {
                QCOMPARE(b[i].epoch, a[i].epoch);
                QCOMPARE(b[i].batch, a[i].batch);
                QCOMPARE(b[i].learningRate, a[i].learningRate);
                QVERIFY2(b[i].loss == a[i].loss, qPrintable(QString("stop at %1/%2, batch %3: %4 vs %5")
                                                                 .arg(epoch).arg(batch).arg(i)
                                                                 .arg(b[i].loss, 0, 'g', 17).arg(a[i].loss, 0, 'g', 17)));
            }
            QCOMPARE(c.history.epochs.size(), reference.history.epochs.size());
            for (std::size_t e = 0; e < c.history.epochs.size(); ++e) {
                QVERIFY(c.history.epochs[e].train.loss == reference.history.epochs[e].train.loss);
                QVERIFY(c.history.epochs[e].test->accuracy == reference.history.epochs[e].test->accuracy);
            }
            QVERIFY(c.weights == reference.weights);
            QVERIFY(c.optimizerState == reference.optimizerState);
            // The filter history keeps the same copies, holding the same numbers.
            QVERIFY(c.weightHistory.points() == reference.weightHistory.points());
            // 27 steps: the start, steps 4, 8, …, 24, and the ends of epochs at steps 9, 18 and 27.
            QCOMPARE(c.weightHistory.size(), std::size_t(1 + 6 + 3));
            for (std::size_t i = 0; i < c.weightHistory.size(); ++i)
                QVERIFY(c.weightHistory.snapshot(i) == reference.weightHistory.snapshot(i));
        }
    }

    // A stop asked for before the run starts (the GUI's Stop while loading
    // data) is honoured at the first batch.
    void stopBeforeTheFirstBatch() {
        const ModelSpec spec = mixedSpec();
        Trainer trainer(spec, prepareTrainingData(spec.data, dataDir()), {.threads = 0, .epochs = 1});
        TrainingControl control;
        control.requestStop();
        QCOMPARE(trainer.run(nullptr, &control), RunEnd::Stopped);
        QVERIFY(trainer.history().batches.empty());
    }

    void nanStopsWithEpochAndBatch() {
        // A linear model on raw 0..255 pixels with learning rate 1: the
        // updates grow without bound until the numbers overflow.
        Json doc = loadPreset("e1-lenet1988").toJson();
        doc["layers"] = Json::parse(R"([{"type": "Input", "shape": [28, 28, 1]}, {"type": "Flatten"},
                                        {"type": "Dense", "units": 10}])");
        doc["training"]["optimizer"]["learning_rate"] = 1.0;
        const ModelSpec spec = ModelSpec::fromJson(doc, "huge lr");
        Trainer trainer(spec, prepareTrainingData(spec.data, dataDir()), {.threads = 0, .epochs = 1});
        try {
            trainer.run();
            QFAIL("training with learning rate 1e6 did not stop");
        } catch (const TrainingError& e) {
            const std::string m = e.what();
            QVERIFY2(m.find("epoch 1, batch ") != std::string::npos, m.c_str());
            QVERIFY2(m.find("NaN") != std::string::npos || m.find("infinite") != std::string::npos, m.c_str());
        }
    }

    void sessionRescoresIdentically() {
        const ModelSpec spec = mixedSpec();
        Trainer trainer(spec, prepareTrainingData(spec.data, dataDir()), {.threads = 0, .epochs = 1});
        trainer.run();
        const Score before = trainer.evaluate(trainer.data().test);
        Session s{spec, trainer.seed(), trainer.history(), {}, Json::object(), CNNWB_VERSION, "finished"};
        captureWeights(trainer.network(), s);
        captureOptimizer(trainer.optimizer(), s);
        QTemporaryDir dir;
        const std::filesystem::path file = dir.filePath("run.cnnwb").toStdString();
        saveSession(s, file);
        const Session loaded = loadSession(file);
        QCOMPARE(loaded.weights, s.weights);
        QCOMPARE(loaded.history.batches.size(), s.history.batches.size());
        QCOMPARE(loaded.history.epochs.at(0).test->accuracy, s.history.epochs.at(0).test->accuracy);
        Trainer again(loaded.spec, prepareTrainingData(loaded.spec.data, dataDir()), {.threads = 0, .epochs = 0, .seed = loaded.seed});
        restoreWeights(loaded, again.network());
        const Score after = again.evaluate(again.data().test);
        QCOMPARE(after.accuracy, before.accuracy);
        QCOMPARE(after.loss, before.loss);
    }

    void damagedSessionIsRefused() {
        QTemporaryDir dir;
        const std::string file = dir.filePath("bad.cnnwb").toStdString();
        {
            std::ofstream out(file);
            out << "hello, not a session";
        }
        QVERIFY_THROWS_EXCEPTION(SpecError, loadSession(file));
        try {
            loadSession(file);
        } catch (const SpecError& e) {
            QVERIFY(std::string(e.what()).find("not a CNN Workbench session file") != std::string::npos);
        }
    }

    void missingDataNamesWhereItLooked() {
        const ModelSpec spec = loadPreset("e1-lenet1988");
        QTemporaryDir empty;
        // Nothing in the explicit folder, no CNNWB_DATA, an empty user cache.
        const QByteArray keepData = qgetenv("CNNWB_DATA"), keepCache = qgetenv("XDG_CACHE_HOME");
        qunsetenv("CNNWB_DATA");
        qputenv("XDG_CACHE_HOME", empty.filePath("cache").toUtf8());
        std::string message;
        try {
            prepareTrainingData(spec.data, empty.path().toStdString());
        } catch (const DataError& e) {
            message = e.what();
        }
        qputenv("CNNWB_DATA", keepData);
        keepCache.isEmpty() ? qunsetenv("XDG_CACHE_HOME") : qputenv("XDG_CACHE_HOME", keepCache);
        QVERIFY2(!message.empty(), "no error for an empty data folder");
        QVERIFY2(message.find(empty.path().toStdString()) != std::string::npos, message.c_str());
        QVERIFY2(message.find("train-images-idx3-ubyte") != std::string::npos, message.c_str());
    }
};

QTEST_GUILESS_MAIN(TestTrainer)
#include "test_trainer.moc"
