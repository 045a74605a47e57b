// The dashboard without training: the GUI-side history (keys, debiased
// smoothing, best scores), incremental chart updates, 100,000 points per
// series (their replot time is measured in tests/benchmark), the reported-figure line (test error
// converted to accuracy), log axis, hover read-out, status line and ETA, and
// every export (PNG, SVG, PDF, CSV).
#include "dashboard_samples.h"
#include "test_support_training.h"

#include "ui/common/chart_export.h"
#include "ui/dashboard/history_csv.h"
#include "ui/dashboard/metric_chart.h"
#include "ui/dashboard/metrics_history.h"
#include "ui/common/log_ticker.h"
#include "ui/common/reference_line.h"
#include "ui/dashboard/training_dashboard.h"
#include "ui/dashboard/training_status.h"

#include <QTemporaryDir>

using namespace cnnwb;
using namespace cnnwb::ui;
using Series = MetricChart::Series;
using Metric = MetricsHistory::Metric;

using namespace cnnwb::ui::testing;

class TestDashboard : public QObject {
    Q_OBJECT
private slots:
    void historyKeysAndSmoothing() {
        MetricsHistory h;
        h.setSmoothing({Smoothing::Method::Exponential, 0, 0.9});
        h.appendBatches(batches(1, 1, 4, 4));
        const MetricSeries& raw = h.batchSeries(Metric::Loss);
        QCOMPARE(raw.size(), 4);
        QCOMPARE(raw.keys[0], 0.25);
        QCOMPARE(raw.keys[3], 1.0);
        // Debiased: the first smoothed value is the first raw value, then an EMA.
        const MetricSeries& smooth = h.smoothedSeries(Metric::Loss);
        QCOMPARE(smooth.values[0], raw.values[0]);
        const double ema2 = (0.9 * 0.1 * raw.values[0] + 0.1 * raw.values[1]) / (1 - 0.81);
        QVERIFY(std::abs(smooth.values[1] - ema2) < 1e-12);
        const quint64 generation = h.generation();
        h.setSmoothing({Smoothing::Method::None});
        QVERIFY(h.generation() != generation);  // charts must redraw, not append
        QCOMPARE(h.smoothedSeries(Metric::Loss).values, raw.values);

        h.appendEpoch(epochScore(1, 0.95, 0.94));
        h.appendEpoch(epochScore(2, 0.97, 0.96));
        h.appendEpoch(epochScore(3, 0.96, 0.97));
        QCOMPARE(h.validationSeries(Metric::Accuracy).keys, (QVector<double>{1, 2, 3}));
        QCOMPARE(h.bestValidationAccuracy()->first, 0.97);
        QCOMPARE(h.bestValidationAccuracy()->second, 2);
        QCOMPARE(h.bestTestAccuracy()->second, 3);
    }

    // The log axis ticks at 1, 2 and 5 × powers of ten over a narrow span
    // (QCustomPlot's own fell back to 0.025, 0.05, 0.075...), at powers of ten
    // over a wide one.
    void logTicksAreRightBelowZeroPointOne() {
        QCOMPARE(LogTicker::ticksFor(0.012, 0.17), (QVector<double>{0.02, 0.05, 0.1}));
        QCOMPARE(LogTicker::ticksFor(0.0001, 0.13), (QVector<double>{0.0001, 0.001, 0.01, 0.1}));
        QCOMPARE(LogTicker::ticksFor(0.3, 4), (QVector<double>{0.5, 1, 2}));
        MetricChart chart(Metric::Loss);
        chart.setLogScale(true);
        chart.yAxis->setRange(0.012, 0.17);
        chart.replot();
        QCOMPARE(chart.yAxis->tickVectorLabels(), (QVector<QString>{"0.02", "0.05", "0.1"}));
    }

    void chartsAppendOnlyWhatIsNew() {
        MetricsHistory h;
        MetricChart chart(Metric::Loss);
        chart.resize(600, 400);
        h.appendBatches(batches(1, 1, 10, 100));
        QVERIFY(chart.sync(h));
        QCOMPARE(chart.pointCount(Series::TrainingBatch), 10);
        QVERIFY(!chart.sync(h));  // nothing new, no replot
        h.appendBatches(batches(1, 11, 25, 100));
        h.appendEpoch(epochScore(1, std::nullopt, 0.9));
        QVERIFY(chart.sync(h));
        QCOMPARE(chart.pointCount(Series::TrainingBatch), 25);
        QCOMPARE(chart.pointCount(Series::TrainingSmoothed), 25);
        QCOMPARE(chart.pointCount(Series::Test), 1);
        QCOMPARE(chart.pointCount(Series::Validation), 0);
        h.clear();  // a new run
        QVERIFY(chart.sync(h));
        QCOMPARE(chart.pointCount(Series::TrainingBatch), 0);
    }

    // 100,000 batches arriving in chunks of 500, as the adapter sends them:
    // every point lands (the time it takes is tests/benchmark's business).
    void hundredThousandPointsAllArrive() {
        TrainingDashboard dash;
        dash.resize(1280, 700);
        dash.show();
        const int perEpoch = 10000;
        for (int done = 0; done < 100000; done += 500) {
            const int epoch = done / perEpoch + 1;
            const int first = done % perEpoch + 1;
            dash.appendBatches(batches(epoch, first, first + 499, perEpoch));
            if (first + 499 == perEpoch) dash.appendEpoch(epochScore(epoch, 0.9, 0.9));
            dash.refresh();
        }
        QCOMPARE(dash.lossChart()->pointCount(Series::TrainingBatch), 100000);
        QCOMPARE(dash.accuracyChart()->pointCount(Series::TrainingSmoothed), 100000);
        QCOMPARE(dash.accuracyChart()->pointCount(Series::Validation), 10);
    }

    void referenceLineTurnsErrorIntoAccuracy() {
        QVERIFY(!referenceLineFor(std::nullopt));
        auto e4 = referenceLineFor(ReportedFigure{"test_error", 0.0181, "E4", ""});
        QVERIFY(e4);
        QVERIFY(std::abs(e4->accuracy - 0.9819) < 1e-12);
        QVERIFY2(e4->label.contains("1.81 %") && e4->label.contains("0.9819"), qPrintable(e4->label));
        auto e5 = referenceLineFor(ReportedFigure{"val_accuracy", 0.901, "E5", ""});
        QCOMPARE(e5->accuracy, 0.901);
        QVERIFY(e5->label.contains("validation accuracy 0.901"));

        MetricChart chart(Metric::Accuracy);
        chart.setReference(e4);
        QVERIFY(chart.referenceLine());
        QCOMPARE(chart.referenceLine()->point1->coords().y(), e4->accuracy);
        QCOMPARE(chart.referenceLabel(), e4->label);
        QVERIFY(chart.yAxis->range().contains(e4->accuracy));
        chart.setReference(std::nullopt);
        QVERIFY(!chart.referenceLine());
    }

    void logScaleAndResetView() {
        MetricsHistory h;
        h.appendBatches(batches(1, 1, 200, 200));
        MetricChart chart(Metric::Loss);
        chart.resize(500, 300);
        chart.sync(h);
        chart.setLogScale(true);
        QCOMPARE(chart.yAxis->scaleType(), QCPAxis::stLogarithmic);
        QVERIFY(chart.yAxis->range().lower > 0);
        QVERIFY(chart.yAxis->range().contains(1.0 / 200));
        QVERIFY(chart.yAxis->range().contains(1.0));
        // Zooming hands the view to the person until Reset.
        chart.show();
        QWheelEvent wheel(QPointF(250, 150), chart.mapToGlobal(QPointF(250, 150)), {}, QPoint(0, 120), Qt::NoButton,
                          Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(&chart, &wheel);
        QVERIFY(!chart.isFollowing());
        const QCPRange zoomed = chart.xAxis->range();
        h.appendBatches(batches(2, 1, 200, 200));
        chart.sync(h);
        QCOMPARE(chart.xAxis->range(), zoomed);  // not yanked back while zoomed in
        chart.resetView();
        QVERIFY(chart.isFollowing());
        QVERIFY(chart.xAxis->range().contains(2.0));
        chart.setLogScale(false);
        QCOMPARE(chart.yAxis->scaleType(), QCPAxis::stLinear);
    }

    void hoverShowsValues() {
        MetricsHistory h;
        h.appendBatches(batches(1, 1, 100, 100));
        h.appendEpoch(epochScore(1, 0.93, 0.92));
        MetricChart chart(Metric::Accuracy);
        chart.resize(600, 400);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        chart.sync(h);
        chart.replot();
        QSignalSpy readout(&chart, &MetricChart::readoutChanged);
        const QPoint at(int(chart.xAxis->coordToPixel(1.0)), int(chart.yAxis->coordToPixel(0.9)));
        QMouseEvent move(QEvent::MouseMove, QPointF(at), chart.mapToGlobal(QPointF(at)), Qt::NoButton, Qt::NoButton,
                         Qt::NoModifier);
        QApplication::sendEvent(&chart, &move);
        QVERIFY(!readout.isEmpty());
        const QString text = readout.last().at(0).toString();
        QVERIFY2(text.contains("epoch 1.000") && text.contains("validation (epoch 1) 0.9300") &&
                     text.contains("test (epoch 1) 0.9200"),
                 qPrintable(text));
    }

    void statusLineAndEta() {
        QCOMPARE(durationText(75), QString("1:15"));
        QCOMPARE(durationText(3725), QString("1:02:05"));
        RunInfo info;
        info.epochs = 10;
        info.batchesPerEpoch = 100;
        // Epoch 2, batch 50: 150 of 1,000 batches done in 30 s → 170 s left.
        const BatchStats last{2, 50, 100, 0.1, 0.9, 12345, 30};
        QCOMPARE(*remainingSeconds(info, last), 170.0);
        MetricsHistory h;
        h.appendBatches({last});
        h.appendEpoch(epochScore(1, 0.9712, 0.96));
        const QString text = trainingStatusText(TrainingState::Running, info, h);
        for (const char* part : {"Training", "epoch 2/10", "batch 50/100", "12,345 images/s", "elapsed 0:30", "ETA 2:50",
                                 "best validation accuracy 0.9712 (epoch 1)"})
            QVERIFY2(text.contains(part), qPrintable(text + " lacks " + part));
        QVERIFY(!trainingStatusText(TrainingState::Stopped, info, h).contains("ETA"));
    }

    void exports() {
        TrainingDashboard dash;
        dash.resize(1000, 500);
        dash.show();
        History history;
        for (BatchStats b : batches(1, 1, 50, 50)) {
            b.learningRate = 0.1 / b.batch;  // a schedule: the rate chart is shown and exported
            history.batches.push_back(b);
        }
        history.epochs.push_back(epochScore(1, std::nullopt, 0.91));
        RunInfo info;
        info.epochs = 1;
        info.reported = ReportedFigure{"test_accuracy", 0.958, "E1", ""};
        dash.showHistory(history, info);
        QVERIFY(QTest::qWaitForWindowExposed(&dash));
        QTRY_VERIFY(dash.rateChart()->isVisible());
        QTemporaryDir dir;
        const QString png = dir.filePath("charts.png"), svg = dir.filePath("charts.svg"), pdf = dir.filePath("charts.pdf"),
                      csv = dir.filePath("history.csv");
        const int chartsWidth = dash.lossChart()->width() + dash.accuracyChart()->width() + dash.rateChart()->width();
        QCOMPARE(dash.exportPng(png), QString());
        const QImage image(png);
        QCOMPARE(image.width(), 2 * chartsWidth);  // the charts shown, side by side, at 2× for sharpness
        QCOMPARE(dash.exportPdf(pdf), QString());
        QFile pdfFile(pdf);
        QVERIFY(pdfFile.open(QIODevice::ReadOnly));
        QVERIFY(pdfFile.read(5) == "%PDF-");
        if (svgExportAvailable()) {
            QCOMPARE(dash.exportSvg(svg), QString());
            QFile svgFile(svg);
            QVERIFY(svgFile.open(QIODevice::ReadOnly));
            const QByteArray text = svgFile.readAll();
            QVERIFY(text.contains("<svg"));
            QVERIFY(text.contains("reported test accuracy 0.958"));  // text stays text
        } else {
            QVERIFY(dash.exportSvg(svg).contains("PDF"));
        }
        QCOMPARE(dash.exportCsv(csv), QString());
        QFile csvFile(csv);
        QVERIFY(csvFile.open(QIODevice::ReadOnly | QIODevice::Text));
        const QStringList lines = QString::fromUtf8(csvFile.readAll()).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 1 + 50 + 2);  // header, batches, training_epoch + test
        QCOMPARE(lines[0], QString("series,epoch,batch,x,loss,accuracy,images_per_second,elapsed_seconds,learning_rate"));
        const QStringList first = lines[1].split(',');
        QCOMPARE(first[0], QString("training_batch"));
        QCOMPARE(first[4].toDouble(), history.batches[0].loss);  // full precision
        QCOMPARE(first.size(), 9);
        QCOMPARE(first[8].toDouble(), history.batches[0].learningRate);  // the rate each batch trained with
        QCOMPARE(lines.last().split(',').size(), 9);
        QVERIFY(lines.last().startsWith("test,1,,1,"));
        QVERIFY(!dash.exportPng("/nonexistent-folder/x.png").isEmpty());
    }
};

QTEST_MAIN(TestDashboard)
#include "test_dashboard.moc"
