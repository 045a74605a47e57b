// The training controller on real MNIST (CNNWB_DATA; fails without it): a
// short run driven from the Training panel fills the charts and the status
// line; batches arrive coalesced and in order; pause/resume/stop act between
// batches and Stop keeps the history and weights; a paused worker still
// answers snapshot requests; errors (no data, NaN) arrive as messages; the
// filter view shows exactly the engine's weights; an image can be inspected
// after a run; Stop while the data loads abandons the load.
#include "test_support_training.h"

#include "engine/errors.h"

#include "ui/dashboard/metric_chart.h"
#include "ui/dashboard/training_dashboard.h"
#include "ui/dashboard/training_panel.h"
#include "ui/filters/filter_view.h"
#include "ui/filters/kernel_table_model.h"
#include "ui/training/training_controller.h"

using namespace cnnwb;
using namespace cnnwb::ui;
using cnnwb::testing::presetWith;
using cnnwb::testing::waitFor;
using Series = MetricChart::Series;

class TestTrainingController : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QVERIFY(cnnwb::testing::requireMnist()); }

    void shortRunFillsTheCharts() {
        TrainingController controller;
        TrainingPanel panel(&controller);
        panel.setSpecSource([] { return presetWith("e1-lenet1988", 2); });
        panel.setTrainerOptions({.threads = 0, .epochs = 0, .seed = {}, .maxBatchesPerEpoch = 40});
        QSignalSpy ended(controller.events(), &TrainingEvents::runEnded);
        QSignalSpy sessions(controller.events(), &TrainingEvents::sessionReady);
        panel.trainAction()->trigger();
        QCOMPARE(controller.state(), TrainingState::Preparing);
        QVERIFY(!panel.trainAction()->isEnabled());
        QVERIFY(waitFor(ended));
        QCOMPARE(ended.first().at(0).value<TrainingState>(), TrainingState::Finished);
        QVERIFY(waitFor(sessions));

        TrainingDashboard* dash = panel.dashboard();
        dash->refresh();
        for (MetricChart* chart : {dash->lossChart(), dash->accuracyChart()}) {
            QCOMPARE(chart->pointCount(Series::TrainingBatch), 80);
            QCOMPARE(chart->pointCount(Series::TrainingSmoothed), 80);
            QCOMPARE(chart->pointCount(Series::Test), 2);
            QCOMPARE(chart->pointCount(Series::Validation), 0);
        }
        // The last batch of epoch 2 sits at x = 2; epoch scores at 1 and 2.
        QCOMPARE(dash->lossChart()->graphOf(Series::TrainingBatch)->data()->at(79)->key, 2.0);
        QCOMPARE(dash->accuracyChart()->graphOf(Series::Test)->data()->at(1)->key, 2.0);
        QVERIFY(dash->accuracyChart()->referenceLabel().contains("0.958"));
        QVERIFY2(dash->statusText().contains("epoch 2/2"), qPrintable(dash->statusText()));
        QVERIFY2(dash->statusText().contains("best test accuracy"), qPrintable(dash->statusText()));
        QVERIFY(panel.trainAction()->isEnabled());

        const Session s = sessions.last().at(0).value<Session>();
        QCOMPARE(s.status, std::string("finished"));
        QCOMPARE(int(s.history.batches.size()), 80);
        QCOMPARE(int(s.history.epochs.size()), 2);
        QCOMPARE(int(s.weights.at("h1/kernel").size()), 16 * 25);
        QCOMPARE(dash->history().batches().size(), 80);
        // (Learning itself is the engine tests' business; 80 batches of E1's MSE are too few to tell.)
        qInfo("E1, 2 × 40 batches: test accuracy %.4f", s.history.epochs.back().test->accuracy);
    }

    void batchesArriveCoalescedAndInOrder() {
        TrainingController controller;
        QSignalSpy batches(controller.events(), &TrainingEvents::batchesReady);
        QSignalSpy ended(controller.events(), &TrainingEvents::runEnded);
        QVERIFY(controller.start(presetWith("e1-lenet1988", 1, false), {.maxBatchesPerEpoch = 1500}));
        QVERIFY(!controller.start(presetWith("e1-lenet1988", 1)));  // busy: refused
        QVERIFY(waitFor(ended));
        QList<BatchStats> all;
        for (const auto& args : batches) all += args.at(0).value<QList<BatchStats>>();
        QCOMPARE(all.size(), 1500);
        for (int i = 0; i < all.size(); ++i) QCOMPARE(all[i].batch, i + 1);
        const double seconds = all.back().elapsedSeconds;
        qInfo("1500 E1 batches in %.2f s arrived in %lld signals", seconds, qlonglong(batches.size()));
        // At most one signal per 50 ms, plus the flush at the end.
        QVERIFY2(batches.size() <= int(seconds / 0.05) + 2, "batches were not coalesced");
        QVERIFY(batches.size() < all.size());
    }

    void pauseResumeStopKeepHistory() {
        TrainingController controller;
        FilterView filters;
        filters.attach(&controller);
        QSignalSpy batches(controller.events(), &TrainingEvents::batchesReady);
        QSignalSpy states(&controller, &TrainingController::stateChanged);
        QSignalSpy snapshots(controller.events(), &TrainingEvents::snapshotReady);
        QSignalSpy sessions(controller.events(), &TrainingEvents::sessionReady);
        QSignalSpy ended(controller.events(), &TrainingEvents::runEnded);
        QVERIFY(controller.start(presetWith("e1-lenet1988", 10, false)));  // 37,500 batches: stopped long before
        QVERIFY(waitFor(batches));
        controller.pause();
        QTRY_COMPARE_WITH_TIMEOUT(controller.state(), TrainingState::Paused, 20000);
        QTest::qWait(100);  // the queued batches sent before pausing
        int received = 0;
        for (const auto& args : batches) received += int(args.at(0).value<QList<BatchStats>>().size());
        const int signalsWhenPaused = int(batches.size());

        // A paused worker still answers, between two batches; two answers at
        // the same batch, with no batch signal between them, show that nothing
        // trains while paused (a handshake, not a sleep).
        controller.requestSnapshot();
        QVERIFY(waitFor(snapshots, 1, 10000));
        const WeightSnapshot paused = snapshots.last().at(0).value<WeightSnapshot>();
        int lastBatch = 0;
        for (const auto& args : batches) lastBatch = args.at(0).value<QList<BatchStats>>().back().batch;
        QCOMPARE(paused.batch, lastBatch);
        controller.requestSnapshot();
        QVERIFY(waitFor(snapshots, 2, 10000));
        QCOMPARE(snapshots.last().at(0).value<WeightSnapshot>().batch, lastBatch);
        QCOMPARE(int(batches.size()), signalsWhenPaused);
        QCOMPARE(paused.banks.size(), 1);
        QCOMPARE(paused.banks[0].layerName, QString("h1"));

        controller.resume();
        QTRY_COMPARE_WITH_TIMEOUT(controller.state(), TrainingState::Running, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(batches.size() > signalsWhenPaused, 10000);
        controller.stop();
        QVERIFY(waitFor(ended));
        QCOMPARE(ended.first().at(0).value<TrainingState>(), TrainingState::Stopped);
        QVERIFY(waitFor(sessions));
        const Session s = sessions.last().at(0).value<Session>();
        QCOMPARE(s.status, std::string("stopped"));
        int total = 0;
        for (const auto& args : batches) total += int(args.at(0).value<QList<BatchStats>>().size());
        QVERIFY(total > received);
        QCOMPARE(int(s.history.batches.size()), total);  // the whole history is kept
        QVERIFY(s.history.batches.size() < 10 * 3750);
        QVERIFY(!s.weights.empty());
        QVERIFY(controller.hasNetwork());
        Q_UNUSED(states);
    }

    void filterCellsEqualTheEngineWeights() {
        TrainingController controller;
        FilterView filters;
        filters.resize(1000, 700);
        filters.show();
        filters.attach(&controller);
        QSignalSpy snapshots(controller.events(), &TrainingEvents::snapshotReady);
        QSignalSpy sessions(controller.events(), &TrainingEvents::sessionReady);
        QSignalSpy ended(controller.events(), &TrainingEvents::runEnded);
        QVERIFY(controller.start(presetWith("e1-lenet1988", 1, false), {.maxBatchesPerEpoch = 200}));
        QVERIFY(waitFor(ended));
        QVERIFY(waitFor(snapshots));  // the view asks once when the run ends
        controller.requestSession();
        QVERIFY(waitFor(sessions, 2));
        const Session s = sessions.last().at(0).value<Session>();
        const std::vector<float>& kernel = s.weights.at("h1/kernel");  // [16][1][5][5]

        QTRY_COMPARE(filters.snapshot().batch, 200);
        QCOMPARE(filters.kernelCount(), 16);
        for (int k = 0; k < 16; ++k) {
            KernelTableModel* m = filters.kernelModel(k);
            QCOMPARE(m->rowCount(), 5);
            QCOMPARE(m->columnCount(), 5);
            for (int r = 0; r < 5; ++r)
                for (int c = 0; c < 5; ++c) {
                    const float engine = kernel[std::size_t(k * 25 + r * 5 + c)];
                    QCOMPARE(float(m->data(m->index(r, c), KernelTableModel::ValueRole).toDouble()), engine);
                    QVERIFY(m->data(m->index(r, c), Qt::ToolTipRole).toString().endsWith(QString::number(engine, 'g', 9)));
                }
        }
    }

    void inspectionAfterARun() {
        TrainingController controller;
        QSignalSpy prepared(controller.events(), &TrainingEvents::prepared);
        QSignalSpy ended(controller.events(), &TrainingEvents::runEnded);
        QSignalSpy inspections(controller.events(), &TrainingEvents::inspectionReady);
        QSignalSpy failures(controller.events(), &TrainingEvents::requestFailed);
        QVERIFY(controller.start(presetWith("e1-lenet1988", 1, false), {.maxBatchesPerEpoch = 300}));
        QVERIFY(waitFor(ended));
        QCOMPARE(prepared.first().at(0).value<RunInfo>().testImages, qsizetype(10000));
        controller.requestInspection({DataPart::Test, 0});
        QVERIFY(waitFor(inspections));
        const Inspection in = inspections.first().at(0).value<Inspection>();
        QCOMPARE(in.label, 7);  // the first MNIST test digit is a 7
        QCOMPARE(in.layers.size(), 5);  // h1, flatten, h2, h3, output
        QCOMPARE(in.layers[0].channels, 16);
        QCOMPARE(in.layers[0].height, 6);
        double sum = 0;
        for (float p : in.probabilities) sum += p;
        QVERIFY(std::abs(sum - 1.0) < 1e-4);
        QCOMPARE(in.pixels.size(), 28 * 28);

        controller.requestInspection({DataPart::Test, 10000});
        QVERIFY(waitFor(failures));
        QVERIFY2(failures.first().at(0).toString().contains("0 to 9999"), qPrintable(failures.first().at(0).toString()));
    }

    void missingDataIsAMessage() {
        TrainingController controller;
        TrainingPanel panel(&controller);
        // CIFAR-10 is never on these machines: the engine's DataError must
        // come back as a message, not a crash.
        panel.setSpecSource([] { return presetWith("e2-lenet", 1); });
        QSignalSpy ended(controller.events(), &TrainingEvents::runEnded);
        panel.train();
        QVERIFY(waitFor(ended));
        QCOMPARE(controller.state(), TrainingState::Failed);
        QVERIFY2(panel.messageText().contains("could not be loaded"), qPrintable(panel.messageText()));
        QVERIFY(panel.trainAction()->isEnabled());
        QVERIFY(!controller.hasNetwork());
    }

    void invalidSpecIsAMessage() {
        TrainingController controller;
        TrainingPanel panel(&controller);
        panel.setSpecSource([]() -> ModelSpec { throw SpecError("layer 2 'h1': kernel_size 30 does not fit 28×28"); });
        panel.train();
        QCOMPARE(controller.state(), TrainingState::Idle);
        QVERIFY(panel.messageText().contains("kernel_size 30"));
    }

    void nanIsAMessage() {
        Json doc = loadPreset("e1-lenet1988").toJson();
        doc["layers"] = Json::parse(R"([{"type": "Input", "shape": [28, 28, 1]}, {"type": "Flatten"},
                                        {"type": "Dense", "units": 10}])");
        doc["training"]["optimizer"]["learning_rate"] = 1.0;
        doc["training"]["epochs"] = 1;
        const ModelSpec spec = ModelSpec::fromJson(doc, "huge lr");
        TrainingController controller;
        TrainingPanel panel(&controller);
        panel.setSpecSource([spec] { return spec; });
        QSignalSpy failed(&controller, &TrainingController::failed);
        QSignalSpy sessions(controller.events(), &TrainingEvents::sessionReady);
        panel.train();
        QVERIFY(waitFor(failed));
        const QString message = failed.first().at(0).toString();
        QVERIFY2(message.contains("NaN") || message.contains("infinite"), qPrintable(message));
        QVERIFY(message.contains("epoch 1, batch"));
        QCOMPARE(panel.messageText(), message);
        QVERIFY(waitFor(sessions));  // the history up to the failure is kept
        QVERIFY(sessions.first().at(0).value<Session>().status.rfind("failed: ", 0) == 0);
    }

    void stopWhilePreparingAbandonsTheLoad() {
        TrainingController controller;
        QSignalSpy prepared(controller.events(), &TrainingEvents::prepared);
        QSignalSpy ended(controller.events(), &TrainingEvents::runEnded);
        QVERIFY(controller.start(presetWith("e1-lenet1988", 5, false)));
        QCOMPARE(controller.state(), TrainingState::Preparing);
        controller.stop();  // before the worker has read a byte
        QVERIFY(waitFor(ended));
        QCOMPARE(ended.first().at(0).value<TrainingState>(), TrainingState::Stopped);
        QCOMPARE(ended.first().at(1).toString(), QString());  // not an error
        QCOMPARE(prepared.count(), 0);  // the load ended at its first interruption point
        QVERIFY(!controller.hasNetwork());
        QCOMPARE(controller.state(), TrainingState::Stopped);

        // The worker is free again: the next run loads in full.
        QVERIFY(controller.prepare(presetWith("e1-lenet1988", 1, false)));
        QVERIFY(waitFor(prepared));
        QVERIFY(controller.hasNetwork());
    }

    void shutdownWhileTrainingStopsCleanly() {
        auto controller = std::make_unique<TrainingController>();
        QSignalSpy batches(controller->events(), &TrainingEvents::batchesReady);
        QVERIFY(controller->start(presetWith("e1-lenet1988", 5, false)));
        QVERIFY(waitFor(batches));
        QElapsedTimer t;
        t.start();
        controller.reset();  // stop, quit, wait
        qInfo("shut down in %lld ms", qlonglong(t.elapsed()));
        QVERIFY(t.elapsed() < 5000);
    }
};

QTEST_MAIN(TestTrainingController)
#include "test_training_controller.moc"
