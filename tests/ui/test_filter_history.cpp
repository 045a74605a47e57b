// Filters through time in the Filters tab: the time line has a position per
// copy of the run's weight history and one for now; a position shows that
// copy's exact weights, Δ the exact change since the copy before (on its own
// colour scale), play walks to now; clicking a weight plots it over the run
// with the shown copy marked. A history that ends at the live weights does
// not add a second "now".
#include "test_support_training.h"

#include "ui/filters/filter_history_bar.h"
#include "ui/filters/filter_view.h"
#include "ui/filters/history_snapshot.h"
#include "ui/filters/kernel_table.h"
#include "ui/filters/kernel_table_model.h"
#include "ui/filters/weight_trace_chart.h"

using namespace cnnwb;
using namespace cnnwb::ui;

namespace {

constexpr int kValues = 2 * 1 * 2 * 2;  // 2 kernels of 2×2 over one channel

// Copy `i` of the history holds the value 10·i + element, so every copy and element is told apart.
std::vector<float> copyValues(int i) {
    std::vector<float> v;
    for (int e = 0; e < kValues; ++e) v.push_back(float(10 * i + e));
    return v;
}

// Live weights (after epoch 2, batch 7) with three earlier copies.
WeightSnapshot liveWithHistory() {
    auto history = std::make_shared<WeightHistory>();
    const std::vector<WeightHistory::Tracked> tracked{{"conv/kernel", std::size_t(kValues)}};
    history->add({}, tracked, copyValues(0));
    history->add({1, 5, 5, true}, tracked, copyValues(1));
    history->add({2, 5, 10, true}, tracked, copyValues(2));
    WeightSnapshot s;
    s.serial = 1;
    s.epoch = 3;
    s.batch = 2;
    s.caption = "after epoch 3, batch 2";
    KernelBank b;
    b.layerName = "conv";
    b.layerType = "Conv2D";
    b.paramName = "kernel";
    b.key = "conv/kernel";
    b.kernels = 2;
    b.channels = 1;
    b.inputChannels = 1;
    b.rows = 2;
    b.columns = 2;
    for (float v : copyValues(3)) b.values.push_back(v + 0.5f);
    s.banks = {b};
    s.history = history;
    return s;
}

}  // namespace

class TestFilterHistory : public QObject {
    Q_OBJECT
private slots:
    void positionsShowEachCopyAndTheChangeBetweenTwo() {
        FilterView view;
        view.resize(900, 600);
        view.show();
        view.showSnapshot(liveWithHistory());
        FilterHistoryBar* bar = view.historyBar();
        QCOMPARE(bar->positions(), 4);  // three copies, then now
        QVERIFY(bar->atNow());
        QCOMPARE(view.kernelModel(1)->value(1, 1), 37.5f);  // the live weights: 30 + element 7 + 0.5
        QCOMPARE(view.snapshot().caption, QString("after epoch 3, batch 2"));

        bar->setPosition(1);
        QCOMPARE(view.kernelModel(0)->value(0, 0), 10.0f);
        QCOMPARE(view.kernelModel(1)->value(1, 1), 17.0f);  // kernel 2's last element: 10 + 7
        QVERIFY(view.snapshot().caption.contains("end of epoch 1"));

        // Δ: copy 2 minus copy 1 is exactly 10 everywhere; copy 1 has nothing before it.
        bar->setShowsChange(true);
        bar->setPosition(2);
        for (float v : view.kernelModel(1)->values()) QCOMPARE(v, 10.0f);
        QVERIFY(view.snapshot().caption.startsWith("change from end of epoch 1"));
        bar->setPosition(3);  // now minus the last copy: 10.5
        QCOMPARE(view.kernelModel(0)->value(0, 1), 10.5f);
        bar->setPosition(0);
        QCOMPARE(view.kernelModel(0)->value(0, 0), 0.0f);
        QVERIFY(view.snapshot().caption.contains("no earlier copy"));
        bar->setShowsChange(false);

        // A new live copy keeps a bar left in the past where it was, and one at now at now.
        bar->setPosition(1);
        view.showSnapshot(liveWithHistory());
        QCOMPARE(bar->position(), 1);
        bar->setPosition(3);
        view.showSnapshot(liveWithHistory());
        QVERIFY(bar->atNow());
    }

    void playWalksToNow() {
        FilterView view;
        view.show();
        view.showSnapshot(liveWithHistory());
        view.historyBar()->setPosition(0);
        view.historyBar()->play();
        QVERIFY(view.historyBar()->isPlaying());
        QTRY_VERIFY_WITH_TIMEOUT(view.historyBar()->atNow(), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(!view.historyBar()->isPlaying(), 2000);
        QCOMPARE(view.kernelModel(1)->value(1, 1), 37.5f);
    }

    void clickingAWeightPlotsItOverTheRun() {
        FilterView view;
        view.resize(900, 700);
        view.show();
        view.showSnapshot(liveWithHistory());
        view.historyBar()->setPosition(1);
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(!view.isWeightTraceShown());
        KernelTable* table = view.findChildren<KernelTable*>().value(1);  // kernel 2
        QVERIFY(table);
        const QModelIndex cell = table->model()->index(1, 0);
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(cell).center());
        QVERIFY(view.isWeightTraceShown());
        WeightTraceChart* chart = view.weightTrace();
        QCOMPARE(chart->pointCount(), 3);
        QCOMPARE(chart->element(), std::size_t(4 + 2));  // kernel 2 starts at 4; row 2, column 1 is its third
        QCOMPARE(chart->title(), QString("conv · kernel 2 · row 2, column 1"));
        QCOMPARE(chart->graph(0)->data()->at(2)->value, 26.0);  // copy 3: 20 + 6
        QCOMPARE(chart->graph(1)->dataCount(), 1);              // the shown copy marked
        QCOMPARE(chart->graph(1)->data()->at(0)->value, 16.0);
    }

    void aHistoryEndingAtTheLiveWeightsHasNoSecondNow() {
        WeightSnapshot s = liveWithHistory();
        s.banks[0].values.clear();  // the live weights are the last copy's (a finished run)
        for (float v : copyValues(2)) s.banks[0].values.push_back(v);
        QCOMPARE(historyPositions(s), 3);
        QCOMPARE(historySnapshot(s, 2, false).caption, s.caption);
        // Δ at now is the last copy minus the one before it.
        const WeightSnapshot change = historySnapshot(s, 2, true);
        QCOMPARE(change.banks[0].values[0], 10.0f);
        // No history at all: one position, the live weights.
        WeightSnapshot bare = liveWithHistory();
        bare.history.reset();
        QCOMPARE(historyPositions(bare), 1);
        QCOMPARE(historySnapshot(bare, 0, false).banks[0].values, bare.banks[0].values);
    }
};

QTEST_MAIN(TestFilterHistory)
#include "test_filter_history.moc"
