// Timing, not correctness (so outside the default test run: `ctest -L
// benchmark`): both dashboard charts at 100,000 points per series must
// replot within a 20 Hz tick, and appending 500 batches must take under
// 50 ms on average. Machines differ; docs/reliability.md records a run.
#include "ui/dashboard_samples.h"
#include "ui/dashboard/metric_chart.h"
#include "ui/dashboard/training_dashboard.h"

#include <QElapsedTimer>
#include <QtTest>

#include <algorithm>

using namespace cnnwb;
using namespace cnnwb::ui;
using Series = MetricChart::Series;

using namespace cnnwb::ui::testing;

class TestReplotTiming : public QObject {
    Q_OBJECT
private slots:
    void hundredThousandPointsReplotFast() {
        TrainingDashboard dash;
        dash.resize(1280, 700);
        dash.show();
        const int perEpoch = 10000;
        QElapsedTimer t;
        qint64 slowest = 0, total = 0;
        int ticks = 0;
        // 100,000 batches arriving in chunks of 500, as the adapter sends them.
        for (int done = 0; done < 100000; done += 500) {
            const int epoch = done / perEpoch + 1;
            const int first = done % perEpoch + 1;
            dash.appendBatches(batches(epoch, first, first + 499, perEpoch));
            if (first + 499 == perEpoch) dash.appendEpoch(epochScore(epoch, 0.9, 0.9));
            t.start();
            dash.refresh();
            dash.lossChart()->replot(QCustomPlot::rpImmediateRefresh);
            dash.accuracyChart()->replot(QCustomPlot::rpImmediateRefresh);
            const qint64 ms = t.elapsed();
            slowest = std::max(slowest, ms);
            total += ms;
            ++ticks;
        }
        QCOMPARE(dash.lossChart()->pointCount(Series::TrainingBatch), 100000);
        QCOMPARE(dash.accuracyChart()->pointCount(Series::TrainingSmoothed), 100000);
        QCOMPARE(dash.accuracyChart()->pointCount(Series::Validation), 10);
        // Both charts at 100,000 points per series, then a replot at full size.
        t.start();
        for (int i = 0; i < 10; ++i) {
            dash.lossChart()->replot(QCustomPlot::rpImmediateRefresh);
            dash.accuracyChart()->replot(QCustomPlot::rpImmediateRefresh);
        }
        const double fullReplot = t.elapsed() / 10.0;
        qInfo("append+replot of both charts: mean %.1f ms, slowest %lld ms; full replot at 100k points %.1f ms",
              double(total) / ticks, slowest, fullReplot);
        QVERIFY2(fullReplot < 50, "a replot of both charts must fit in a 20 Hz tick");
        QVERIFY2(double(total) / ticks < 50, "appending must stay below 50 ms per tick on average");
    }

};

QTEST_MAIN(TestReplotTiming)
#include "test_replot_timing.moc"
