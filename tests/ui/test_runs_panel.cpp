// The Runs tab over a run library of made-up runs: every run is a row (the
// seed group's mean ± std in its column, damaged files listed); sorting by
// numbers and filtering by text; selecting N runs overlays N curves, a seed
// group as one mean line with a band; the legend names what differs; the
// settings table lists only the differing rows; rename, tags, note, delete to
// the trash, restore and empty work and stay in the files; export writes the
// metrics, the settings table and the chart. With CNNWB_SCREENSHOT_DIR set it
// also saves the tab as a picture.
#include "gui_test_support.h"

#include "ui/runs/run_overlay_chart.h"
#include "ui/runs/run_table_model.h"
#include "ui/runs/runs_panel.h"
#include "ui/runs/settings_diff_table.h"

#include "engine/presets.h"
#include "engine/setting_path.h"

#include <qcustomplot.h>

#include <QSortFilterProxyModel>
#include <QTableView>

#include <fstream>

using namespace cnnwb;
using namespace cnnwb::ui;
using namespace cnnwb::ui::test;

namespace {

// A run as a library would hold it: its spec (with changes), a history of
// `epochs` epochs ending at `final`, no weights needed here.
Session madeUpRun(const std::string& preset, std::uint32_t seed, double final, int epochs = 4,
                  const std::vector<std::pair<std::string, Json>>& changes = {}) {
    Session s;
    s.spec = loadPreset(preset);
    for (const auto& [path, value] : changes) setSetting(s.spec, path, value);
    setSetting(s.spec, "training.seed", seed);
    s.seed = seed;
    s.status = run_status::kFinished;
    s.engineVersion = "test";
    s.wallSeconds = 10 + seed;
    for (int e = 1; e <= epochs; ++e) {
        for (int b = 1; b <= 5; ++b)
            s.history.batches.push_back({e, b, 5, 1.0 / (e * 5 + b), 0.5 + 0.01 * e, 1000, double(e)});
        EpochStats stats;
        stats.epoch = e;
        stats.train = {0.1, 0.9};
        stats.test = Score{0.1, final - 0.01 * (epochs - e)};
        s.history.epochs.push_back(stats);
    }
    s.run = runMetaFrom({"preset", preset}, loadPreset(preset), s.spec);
    return s;
}

}  // namespace

class TestRunsPanel : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::vector<std::string> tanh_, relu_;

private slots:
    void initTestCase() {
        isolateEnvironment();
        RunLibrary library(dir_.path().toStdString());
        for (std::uint32_t seed = 1; seed <= 3; ++seed) {
            Session t = madeUpRun("e1-lenet1988", seed, 0.945 + 0.001 * seed);
            tanh_.push_back(library.record(t));
            Session r = madeUpRun("e1-lenet1988", seed, 0.60 + 0.02 * seed, 4, {{"layers.h1.activation", "relu"}});
            relu_.push_back(library.record(r));
        }
        std::ofstream(dir_.path().toStdString() + "/runs/broken.cnnwb") << "not a session";
    }

    void everyRunIsARowWithItsSeedGroup() {
        RunsPanel panel;
        panel.setLibraryFolder(dir_.path());
        panel.refresh();
        QCOMPARE(panel.model()->rowCount(), 7);  // six runs and the damaged file
        const int row = panel.model()->rowOf(QString::fromStdString(tanh_[0]));
        QVERIFY(row >= 0);
        // Seed group of the three tanh runs: finals 0.946, 0.947, 0.948 → 0.9470 ± 0.0010 (3).
        QCOMPARE(panel.model()->index(row, RunTableModel::SeedGroup).data().toString(), QString("0.9470 ± 0.0010 (3)"));
        QCOMPARE(panel.model()->index(panel.model()->rowOf(QString::fromStdString(relu_[1])), RunTableModel::Changes)
                     .data()
                     .toString(),
                 QString("training.seed: 1 → 2; h1.activation: tanh → relu"));
        const int broken = panel.model()->rowOf("broken");
        QVERIFY(broken >= 0);
        QVERIFY(panel.model()->index(broken, RunTableModel::Name).data().toString().contains("damaged"));
    }

    void sortingUsesNumbersAndFilteringText() {
        RunsPanel panel;
        panel.setLibraryFolder(dir_.path());
        panel.refresh();
        panel.table()->sortByColumn(RunTableModel::FinalTest, Qt::DescendingOrder);
        const QModelIndex top = panel.proxy()->index(0, RunTableModel::FinalTest);
        QCOMPARE(top.data().toString(), QString("0.9480"));
        panel.filter()->setText("relu");
        QCOMPARE(panel.proxy()->rowCount(), 3);
        panel.filter()->setText("relu|broken");
        QCOMPARE(panel.proxy()->rowCount(), 4);
        panel.filter()->setText("(");  // not a regular expression: matched as text
        QCOMPARE(panel.proxy()->rowCount(), 7);  // every title holds "("
    }

    // Two tanh runs and one ReLU run: the tanh pair is a seed group (mean
    // line and band: three graphs, one in the legend), the ReLU run one line.
    void selectedRunsAreOverlaidWithTheirDifferenceNamed() {
        RunsPanel panel;
        panel.setLibraryFolder(dir_.path());
        panel.refresh();
        panel.selectRuns({QString::fromStdString(tanh_[0]), QString::fromStdString(tanh_[1]),
                          QString::fromStdString(relu_[0])});
        QCOMPARE(panel.selectedIds().size(), 3);
        const QStringList legend = panel.overlay()->legendNames();
        QCOMPARE(legend.size(), 2);
        QVERIFY2(legend[0].contains("h1.activation=tanh") && legend[0].contains("mean ± 1 std of 2 seeds"),
                 qPrintable(legend.join(" | ")));
        QVERIFY2(legend[1].contains("h1.activation=relu"), qPrintable(legend.join(" | ")));
        QCOMPARE(panel.overlay()->plot()->graphCount(), 3 + 1);  // band (2 edges + mean) and the ReLU line
        // The band: mean ± std of the two tanh runs at the last epoch (0.946, 0.947).
        QCPGraph* upper = panel.overlay()->plot()->graph(1);
        QCPGraph* mean = panel.overlay()->plot()->graph(2);
        QVERIFY(std::abs(mean->data()->at(3)->value - 0.9465) < 1e-9);
        QVERIFY(std::abs(upper->data()->at(3)->value - (0.9465 + 0.000707106781)) < 1e-8);
        // The published 0.958 lies above the range of the last epoch.
        QVERIFY2(panel.overlay()->verdictText().contains("h1.activation=tanh: published 0.9580 lies above ours (0.9460–0.9470 "
                                                         "over 2 seeds); h1.activation=relu: published 0.9580 lies above ours (0.6200)"),
                 qPrintable(panel.overlay()->verdictText()));
        // Only what differs, highlighted: the activation (and the seed).
        QCOMPARE(panel.settingsDiff()->differingRows(), 2);
        QCOMPARE(panel.settingsDiff()->rowCount(), 2);
        panel.settingsDiff()->setOnlyDiffering(false);
        QVERIFY(panel.settingsDiff()->rowCount() > 20);

        // Per-batch metrics: smoothed lines over faint raw points.
        panel.overlay()->setMetric(RunOverlayChart::Metric::TrainingLoss);
        panel.overlay()->setSmoothing({Smoothing::Method::MovingAverage, 3});
        QVERIFY2(panel.overlay()->legendNames().last().contains("moving average of 3"),
                 qPrintable(panel.overlay()->legendNames().join(" | ")));
        panel.overlay()->setLogScale(true);
        QCOMPARE(panel.overlay()->plot()->yAxis->scaleType(), QCPAxis::stLogarithmic);

        if (const QByteArray shots = qgetenv("CNNWB_SCREENSHOT_DIR"); !shots.isEmpty()) {
            panel.resize(1280, 760);
            panel.overlay()->setMetric(RunOverlayChart::Metric::TestAccuracy);
            panel.overlay()->setLogScale(false);
            QVERIFY(panel.grab().save(QString::fromUtf8(shots) + "/runs-panel-made-up.png"));
        }
    }

    // With CNNWB_SCREENSHOT_DIR and CNNWB_SCREENSHOT_RUNS (a library holding
    // the E1 sweep of docs/results.md) set: the Runs tab on real runs, E1 tanh
    // against ReLU with the published figure, as seed groups.
    void screenshotOfRealRuns() {
        const QByteArray shots = qgetenv("CNNWB_SCREENSHOT_DIR"), runs = qgetenv("CNNWB_SCREENSHOT_RUNS");
        if (shots.isEmpty() || runs.isEmpty()) return;  // only when asked for
        RunsPanel panel;
        panel.resize(1280, 800);
        panel.setLibraryFolder(QString::fromUtf8(runs));
        panel.refresh();
        QStringList ids;
        for (const RunRow& r : panel.model()->runs())
            if (r.preset == "e1-lenet1988" || r.preset == "e1-relu") ids << QString::fromStdString(r.id);
        QVERIFY(ids.size() >= 4);
        panel.filter()->setText("e1-lenet1988|e1-relu");
        panel.table()->sortByColumn(RunTableModel::Preset, Qt::AscendingOrder);
        panel.selectRuns(ids);
        QVERIFY(panel.grab().save(QString::fromUtf8(shots) + "/runs-e1-tanh-vs-relu.png"));
        panel.overlay()->setMetric(RunOverlayChart::Metric::TrainingLoss);
        panel.overlay()->setLogScale(true);
        QVERIFY(panel.overlay()->grab().save(QString::fromUtf8(shots) + "/runs-e1-loss-bands.png"));
    }

    void editsAndTrashStayInTheFiles() {
        QTemporaryDir copy;
        RunLibrary source(dir_.path().toStdString());
        RunLibrary library(copy.path().toStdString());
        Session s = source.load(tanh_[0]);
        s.run.id.clear();
        const QString id = QString::fromStdString(library.record(s));
        RunsPanel panel;
        panel.setLibraryFolder(copy.path());
        panel.refresh();
        panel.renameRun(id, "tanh baseline");
        panel.setTags(id, {"e1", "baseline"});
        panel.setNote(id, "seed 1, the blog's own");
        const Session stored = loadSession(library.find(id.toStdString()).file);
        QCOMPARE(QString::fromStdString(stored.run.name), QString("tanh baseline"));
        QCOMPARE(stored.run.tags, (std::vector<std::string>{"e1", "baseline"}));
        QCOMPARE(QString::fromStdString(stored.run.note), QString("seed 1, the blog's own"));
        QCOMPARE(panel.model()->index(panel.model()->rowOf(id), RunTableModel::Name).data().toString(),
                 QString("tanh baseline"));

        int asked = 0;
        panel.confirmDelete = [&](int n) {
            ++asked;
            return n == 1;
        };
        panel.deleteRuns({id});
        QCOMPARE(asked, 1);
        QCOMPARE(panel.model()->rowCount(), 0);
        panel.setShowTrash(true);
        QCOMPARE(panel.model()->rowCount(), 1);
        panel.restoreRuns({id});
        panel.setShowTrash(false);
        QCOMPARE(panel.model()->rowCount(), 1);
        panel.deleteRuns({id});
        panel.confirmEmptyTrash = [](int n) { return n == 1; };
        QCOMPARE(panel.emptyTrash(), 1);
        QVERIFY(library.list(true).empty());
    }

    void exportWritesMetricsSettingsAndChart() {
        QTemporaryDir out;
        RunsPanel panel;
        panel.setLibraryFolder(dir_.path());
        panel.refresh();
        panel.selectRuns({QString::fromStdString(tanh_[0]), QString::fromStdString(relu_[0])});
        QCOMPARE(panel.exportSelected(out.path()), QString());
        for (const std::string& id : {tanh_[0], relu_[0]}) {
            QVERIFY(QFile::exists(out.filePath(QString::fromStdString(id) + "-batches.csv")));
            QVERIFY(QFile::exists(out.filePath(QString::fromStdString(id) + "-epochs.csv")));
            QVERIFY(QFile::exists(out.filePath(QString::fromStdString(id) + ".json")));
        }
        QFile settings(out.filePath("settings.csv"));
        QVERIFY(settings.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(settings.readAll());
        QVERIFY2(text.contains("\"layers.h1.activation\",\"tanh\",\"relu\""), qPrintable(text));
        QVERIFY(QImage(out.filePath("chart.png")).width() > 100);
    }
};

QTEST_MAIN(TestRunsPanel)
#include "test_runs_panel.moc"
