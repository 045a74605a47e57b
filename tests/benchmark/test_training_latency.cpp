// The window stays responsive while E3's CNN trains: with the training panel,
// the live filter view and the live feature maps all open, a 10 ms timer on
// the GUI thread is measured for a few seconds of training (after a warm-up
// that covers loading MNIST and the first batches); the 95th percentile of
// its lateness must stay under 50 ms. Needs MNIST (CNNWB_DATA). A timing
// test: outside the default run, in `ctest -L benchmark`.
#include "ui/test_support_training.h"

#include "ui/dashboard/training_panel.h"
#include "ui/filters/filter_view.h"
#include "ui/inspect/feature_map_view.h"
#include "ui/training/training_controller.h"

#include <QTimer>

#include <algorithm>

using namespace cnnwb;
using namespace cnnwb::ui;

class TestTrainingLatency : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QVERIFY(cnnwb::testing::requireMnist()); }

    void eventLoopStaysResponsiveWhileE3Trains() {
        TrainingController controller;
        TrainingPanel panel(&controller);
        panel.resize(1280, 800);
        panel.show();
        FilterView filters;
        filters.attach(&controller);
        filters.resize(1280, 800);
        filters.show();
        FeatureMapView maps;
        maps.attach(&controller);
        maps.resize(1280, 800);
        maps.show();
        panel.setSpecSource([] { return cnnwb::testing::presetWith("e3-cnn", 3, false); });
        panel.setTrainerOptions({.threads = 0, .epochs = 0, .seed = {}, .maxBatchesPerEpoch = 25});
        QSignalSpy batches(controller.events(), &TrainingEvents::batchesReady);
        QSignalSpy ended(controller.events(), &TrainingEvents::runEnded);
        panel.train();

        // Warm-up: data loaded, network built, a few batches trained, the
        // filter and feature-map views built once.
        QVERIFY(cnnwb::testing::waitFor(batches, 3, 120000));
        QTest::qWait(1000);
        QVERIFY2(controller.state() == TrainingState::Running, "E3 finished before the measurement began");

        constexpr int kIntervalMs = 10;
        QList<qint64> lateness;  // microseconds
        QElapsedTimer clock;
        clock.start();
        qint64 last = clock.nsecsElapsed();
        QTimer heartbeat;
        heartbeat.setTimerType(Qt::PreciseTimer);
        heartbeat.setInterval(kIntervalMs);
        connect(&heartbeat, &QTimer::timeout, this, [&] {
            const qint64 now = clock.nsecsElapsed();
            lateness << std::max<qint64>(0, (now - last) / 1000 - kIntervalMs * 1000);
            last = now;
        });
        const int batchesBefore = int(batches.size());
        heartbeat.start();
        QElapsedTimer window;
        window.start();
        // A real event loop, as in the app (QTest::qWait sleeps between its rounds).
        QEventLoop loop;
        QTimer::singleShot(5000, &loop, &QEventLoop::quit);
        connect(controller.events(), &TrainingEvents::runEnded, &loop, &QEventLoop::quit);
        loop.exec();
        heartbeat.stop();
        const double measuredSeconds = window.elapsed() / 1000.0;
        const int trainedDuring = int(batches.size()) - batchesBefore;
        controller.stop();
        QVERIFY(cnnwb::testing::waitFor(ended, 1, 120000));

        // What one live update costs the GUI thread with E3's shapes (for the record).
        QSignalSpy inspections(controller.events(), &TrainingEvents::inspectionReady);
        QSignalSpy snapshots(controller.events(), &TrainingEvents::snapshotReady);
        controller.requestInspection({DataPart::Test, 0});
        controller.requestSnapshot();
        QVERIFY(cnnwb::testing::waitFor(inspections, 1, 30000));
        QVERIFY(cnnwb::testing::waitFor(snapshots, 1, 30000));
        QElapsedTimer cost;
        cost.start();
        maps.showInspection(inspections.last().at(0).value<Inspection>());
        maps.grab();
        const qint64 mapsMs = cost.restart();
        filters.showSnapshot(snapshots.last().at(0).value<WeightSnapshot>());
        filters.grab();
        const qint64 filtersMs = cost.restart();
        panel.grab();
        qInfo("one update + full repaint: feature maps %lld ms, filters %lld ms, dashboard %lld ms", mapsMs, filtersMs,
              cost.elapsed());

        QVERIFY2(lateness.size() > 100, "too few samples: the window was too short");
        std::sort(lateness.begin(), lateness.end());
        const double p50 = lateness[lateness.size() / 2] / 1000.0;
        const double p95 = lateness[qsizetype(double(lateness.size()) * 0.95)] / 1000.0;
        const double worst = lateness.back() / 1000.0;
        qInfo("GUI-thread timer lateness over %.1f s of E3 training (%d batch signals): median %.1f ms, p95 %.1f ms, max "
              "%.1f ms (%lld samples)",
              measuredSeconds, trainedDuring, p50, p95, worst, qlonglong(lateness.size()));
        QVERIFY2(trainedDuring > 0, "no training happened during the measurement");
        QVERIFY2(p95 < 50.0, "the event loop was late by 50 ms or more in more than 5 % of the ticks");
    }
};

QTEST_MAIN(TestTrainingLatency)
#include "test_training_latency.moc"
