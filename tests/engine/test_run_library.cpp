// The run library keeps every run: recorded runs are listed (newest first),
// found by id prefix and loaded bit for bit; the index rebuilt from the files
// equals the original; damaged files are listed, never dropped; files nobody
// indexed are picked up; edits live in the session file; the trash can be
// emptied; two processes writing at once lose nothing. Also the numbers the
// comparisons show (spread, verdicts, differing settings) and sweep plans.
#include "engine/errors.h"
#include "engine/presets.h"
#include "engine/runs/reproduction.h"
#include "engine/runs/run_library.h"
#include "engine/runs/sweep.h"
#include "engine/setting_path.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <sys/wait.h>
#include <unistd.h>

using namespace cnnwb;
namespace fs = std::filesystem;

namespace {

// A session as a run would leave it: a spec, a made-up history, weights.
Session fakeRun(const std::string& preset, std::uint32_t seed, std::vector<double> testAccuracies,
                std::vector<double> validationAccuracies = {}) {
    Session s;
    s.spec = loadPreset(preset);
    s.spec.training.seed = seed;
    s.seed = seed;
    s.status = run_status::kFinished;
    s.engineVersion = "test";
    s.machine = "test machine";
    s.wallSeconds = 12.5;
    for (std::size_t e = 0; e < testAccuracies.size(); ++e) {
        EpochStats stats;
        stats.epoch = int(e + 1);
        stats.train = {0.5, 0.8};
        stats.test = Score{0.1, testAccuracies[e]};
        if (e < validationAccuracies.size()) stats.validation = Score{0.1, validationAccuracies[e]};
        s.history.epochs.push_back(stats);
        s.history.batches.push_back({int(e + 1), 1, 1, 0.5, 0.8, 1000, double(e)});
    }
    Network net = s.spec.buildNetwork();
    net.setup(seed);
    captureWeights(net, s);
    s.run.parent = {"preset", preset};
    return s;
}

#define COMPARE_STD(actual, expected) QCOMPARE(QString::fromStdString(actual), QString::fromStdString(expected))

}  // namespace

class TestRunLibrary : public QObject {
    Q_OBJECT
private slots:
    void recordedRunsAreListedFoundAndLoaded() {
        QTemporaryDir dir;
        RunLibrary library(dir.path().toStdString());
        Session a = fakeRun("e1-lenet1988", 1, {0.90, 0.93});
        Session b = fakeRun("e1-relu", 2, {0.5});
        b.run.changes = {"h1.activation: tanh → relu"};
        const std::string idA = library.record(a);
        const std::string idB = library.record(b);
        QVERIFY(idA != idB);
        QVERIFY(idA.find("e1-lenet1988") != std::string::npos);
        QCOMPARE(a.run.id, idA);  // the session learns its id
        QVERIFY(!a.run.started.empty());
        QVERIFY(fs::exists(dir.path().toStdString() + "/runs/" + idA + ".cnnwb"));

        const std::vector<RunRow> rows = library.list();
        QCOMPARE(rows.size(), std::size_t(2));
        const RunRow& rowA = rows[0].id == idA ? rows[0] : rows[1];
        const RunRow& rowB = rows[0].id == idB ? rows[0] : rows[1];
        COMPARE_STD(rowA.preset, "e1-lenet1988");
        QCOMPARE(rowA.epochsDone, 2);
        QCOMPARE(*rowA.finalTestAccuracy, 0.93);
        QCOMPARE(*rowA.bestTestAccuracy, 0.93);
        QVERIFY(!rowA.finalValidationAccuracy);
        COMPARE_STD(rowA.parent.kind, "preset");
        QCOMPARE(rowB.changes, (std::vector<std::string>{"h1.activation: tanh → relu"}));
        QVERIFY(rowB.title.find("h1.activation: tanh → relu") != std::string::npos);
        COMPARE_STD(rowA.status, "finished");

        COMPARE_STD(library.find(idA.substr(0, idA.size() - 2)).id, idA);  // a unique prefix is enough
        const Session loaded = library.load(idA);
        QVERIFY(loaded.weights == a.weights);  // bit for bit
        COMPARE_STD(loaded.run.id, idA);
        QVERIFY(loaded.run == a.run);
        try {
            library.find("2");  // both start with the year
            QFAIL("an ambiguous prefix was accepted");
        } catch (const DataError& e) {
            QVERIFY2(std::string(e.what()).find("names 2 runs") != std::string::npos, e.what());
        }
    }

    void theIndexRebuiltFromTheFilesEqualsTheOriginal() {
        QTemporaryDir dir;
        RunLibrary library(dir.path().toStdString());
        for (std::uint32_t seed = 1; seed <= 4; ++seed) {
            Session s = fakeRun("e1-lenet1988", seed, {0.9 + 0.01 * seed}, {0.91});
            library.record(s);
        }
        const std::string tagged = library.list()[1].id;
        library.setTags(tagged, {"baseline", "tanh"});
        library.moveToTrash(library.list()[2].id);
        // By id: runs started in the same second have no order of their own.
        auto byId = [](std::vector<RunRow> rows) {
            std::sort(rows.begin(), rows.end(), [](const RunRow& a, const RunRow& b) { return a.id < b.id; });
            return rows;
        };
        Json before = Json::array(), after = Json::array();
        for (bool trash : {false, true})
            for (const RunRow& r : byId(library.list(trash))) before.push_back(r.toJson());
        const ReindexResult counts = library.reindex();
        QCOMPARE(counts.runs, 3);
        QCOMPARE(counts.trashed, 1);
        QCOMPARE(counts.damaged, 0);
        for (bool trash : {false, true})
            for (const RunRow& r : byId(library.list(trash))) after.push_back(r.toJson());
        QCOMPARE(QString::fromStdString(after.dump(1)), QString::fromStdString(before.dump(1)));
        // A second library object on the same folder (another process) sees the same.
        RunLibrary other(dir.path().toStdString());
        QCOMPARE(other.list().size(), std::size_t(3));
    }

    void damagedFilesAreListedNeverDropped() {
        QTemporaryDir dir;
        RunLibrary library(dir.path().toStdString());
        Session good = fakeRun("e1-lenet1988", 1, {0.9});
        const std::string id = library.record(good);
        const fs::path runs = fs::path(dir.path().toStdString()) / "runs";
        { std::ofstream(runs / "garbage.cnnwb") << "not a session at all"; }
        // A real session cut short.
        fs::copy_file(runs / (id + ".cnnwb"), runs / "cut.cnnwb");
        fs::resize_file(runs / "cut.cnnwb", fs::file_size(runs / "cut.cnnwb") / 2);
        const std::vector<RunRow> rows = library.list();
        QCOMPARE(rows.size(), std::size_t(3));
        int damaged = 0;
        for (const RunRow& r : rows) {
            if (r.id == id) continue;
            ++damaged;
            COMPARE_STD(r.status, "damaged");
            QVERIFY2(!r.damaged.empty(), r.id.c_str());
        }
        QCOMPARE(damaged, 2);
        QVERIFY(fs::exists(runs / "garbage.cnnwb"));  // never deleted by the library
        QVERIFY(fs::exists(runs / "cut.cnnwb"));
        QCOMPARE(library.reindex().damaged, 2);
        try {
            library.load("cut");
            QFAIL("a damaged run loaded");
        } catch (const DataError& e) {
            QVERIFY2(std::string(e.what()).find("cut.cnnwb") != std::string::npos, e.what());
        }
    }

    void aFileNobodyIndexedIsPickedUp() {
        QTemporaryDir dir, elsewhere;
        RunLibrary library(dir.path().toStdString());
        Session s = fakeRun("e3-mlp", 7, {0.98});
        s.run.id = "copied-by-hand";
        saveSession(s, fs::path(dir.path().toStdString()) / "runs" / "copied-by-hand.cnnwb");
        const std::vector<RunRow> rows = library.list();
        QCOMPARE(rows.size(), std::size_t(1));
        COMPARE_STD(rows[0].id, "copied-by-hand");
        QCOMPARE(rows[0].seed, 7u);
        // And a file removed by hand leaves the index.
        fs::remove(fs::path(dir.path().toStdString()) / "runs" / "copied-by-hand.cnnwb");
        QVERIFY(library.list().empty());
    }

    void editsLiveInTheSessionFile() {
        QTemporaryDir dir;
        RunLibrary library(dir.path().toStdString());
        Session s = fakeRun("e1-lenet1988", 1, {0.9});
        const std::string id = library.record(s);
        library.rename(id, "tanh baseline");
        library.setTags(id, {"e1", "baseline", "e1"});
        library.setNote(id, "the one from the blog");
        const Session onDisk = loadSession(library.find(id).file);
        COMPARE_STD(onDisk.run.name, "tanh baseline");
        QCOMPARE(onDisk.run.tags, (std::vector<std::string>{"e1", "baseline"}));
        COMPARE_STD(onDisk.run.note, "the one from the blog");
        QVERIFY(onDisk.weights == s.weights);
        const RunRow row = library.find(id);
        COMPARE_STD(row.title, "tanh baseline");
        QCOMPARE(row.tags, (std::vector<std::string>{"e1", "baseline"}));
    }

    void trashCanBeRestoredAndEmptied() {
        QTemporaryDir dir;
        RunLibrary library(dir.path().toStdString());
        Session a = fakeRun("e1-lenet1988", 1, {0.9}), b = fakeRun("e1-lenet1988", 2, {0.9});
        const std::string idA = library.record(a), idB = library.record(b);
        library.moveToTrash(idA);
        QCOMPARE(library.list().size(), std::size_t(1));
        QCOMPARE(library.list(true).size(), std::size_t(1));
        library.restoreFromTrash(idA);
        QCOMPARE(library.list().size(), std::size_t(2));
        library.moveToTrash(idA);
        library.moveToTrash(idB);
        QCOMPARE(library.emptyTrash(), 2);
        QVERIFY(library.list(true).empty());
        QVERIFY(library.list().empty());
    }

    // Two processes (a sweep and a GUI run) write at once: nothing is lost.
    void twoProcessesWritingLoseNothing() {
        QTemporaryDir dir;
        const std::string folder = dir.path().toStdString();
        { RunLibrary create(folder); }
        const Session base = fakeRun("e1-lenet1988", 1, {0.9});
        const int each = 15;
        const pid_t child = ::fork();
        if (child == 0) {
            int failures = 0;
            try {
                RunLibrary library(folder);
                for (int i = 0; i < each; ++i) {
                    Session s = base;
                    s.run.note = "child " + std::to_string(i);
                    library.record(s);
                    (void)library.list();
                }
            } catch (...) {
                failures = 1;
            }
            ::_exit(failures);
        }
        RunLibrary library(folder);
        for (int i = 0; i < each; ++i) {
            Session s = base;
            s.run.note = "parent " + std::to_string(i);
            library.record(s);
            (void)library.list();
        }
        int status = 0;
        ::waitpid(child, &status, 0);
        QVERIFY(WIFEXITED(status));
        QCOMPARE(WEXITSTATUS(status), 0);
        const std::vector<RunRow> rows = library.list();
        QCOMPARE(int(rows.size()), 2 * each);
        for (const RunRow& r : rows) QVERIFY2(r.damaged.empty(), r.damaged.c_str());
        QCOMPARE(library.reindex().runs, 2 * each);
    }

    void seedGroupsAreRunsThatDifferOnlyInTheSeed() {
        ModelSpec a = loadPreset("e1-lenet1988"), b = a, c = a;
        b.training.seed = 9;
        b.name = "renamed";  // a label, not a setting
        setSetting(c, "training.optimizer.learning_rate", 0.02);
        QCOMPARE(seedGroupKey(a), seedGroupKey(b));
        QVERIFY(seedGroupKey(a) != seedGroupKey(c));
    }

    // The published recipe as run here: finished runs straight from the
    // preset with no change; everything else is another experiment.
    void measuredFigureCountsOnlyThePublishedRecipe() {
        auto row = [](double finalTest, std::vector<std::string> changes = {}, std::string status = "finished",
                      std::string parentKind = "preset") {
            RunRow r;
            r.preset = "e4-a";
            r.parent = {parentKind, parentKind == "preset" ? "e4-a" : "20261201-x"};
            r.status = status;
            r.changes = std::move(changes);
            r.epochsDone = r.epochsPlanned = 10;
            r.finalTestAccuracy = finalTest;
            r.bestValidationAccuracy = finalTest + 0.001;
            return r;
        };
        const ReportedFigure error{"test_error", 0.0181, "", ""};
        QVERIFY(!measuredFigure({}, "e4-a", error));
        std::vector<RunRow> rows{row(0.98), row(0.99), row(0.50, {"data.dataset: mnist → folder"}),
                                 row(0.40, {}, "stopped"), row(0.30, {}, "finished", "run")};
        RunRow trashed = row(0.2);
        trashed.trashed = true;
        RunRow partial = row(0.2);
        partial.epochsDone = 3;
        rows.push_back(trashed);
        rows.push_back(partial);
        const std::optional<MeasuredFigure> m = measuredFigure(rows, "e4-a", error);
        QVERIFY(m);
        QCOMPARE(m->runs, 2);
        QVERIFY(std::abs(m->mean - 0.015) < 1e-12);  // errors 0.02 and 0.01
        QVERIFY(std::abs(m->best - 0.01) < 1e-12);   // the lowest error
        QVERIFY(!measuredFigure(rows, "e4-b", error));
        const std::optional<MeasuredFigure> acc = measuredFigure(rows, "e4-a", {"val_accuracy", 0.9, "", ""});
        QVERIFY(acc && std::abs(acc->best - 0.991) < 1e-12);  // a validation figure: the best validation epoch
    }

    void bestAndFinalScores() {
        const Session s = fakeRun("e4-h", 1, {0.97, 0.99, 0.98}, {0.96, 0.985, 0.97});
        const RunRow r = summarizeRun(s);
        QCOMPARE(*r.finalTestAccuracy, 0.98);
        QCOMPARE(*r.bestTestAccuracy, 0.99);
        QCOMPARE(*r.finalValidationAccuracy, 0.97);
        QCOMPARE(*r.bestValidationAccuracy, 0.985);
        QCOMPARE(*r.testAtBestValidation, 0.99);  // epoch 2 had the best validation
    }

    // Hand-computed: 0.90, 0.92, 0.94 → mean 0.92, sample std 0.02.
    void spreadAndVerdict() {
        const Spread s = Spread::of({0.90, 0.92, 0.94});
        QCOMPARE(s.n, 3);
        QVERIFY(std::abs(s.mean - 0.92) < 1e-12);
        QVERIFY(std::abs(s.std - 0.02) < 1e-12);
        QCOMPARE(s.min, 0.90);
        QCOMPARE(s.max, 0.94);
        COMPARE_STD(s.text(3), "0.920 ± 0.020 (n = 3)");
        QCOMPARE(Spread::of({0.5}).std, 0.0);
        QCOMPARE(verdictOf(0.958, s), Verdict::Above);
        QCOMPARE(verdictOf(0.93, s), Verdict::Inside);
        QCOMPARE(verdictOf(0.85, s), Verdict::Below);
        ReportedFigure error{"test_error", 0.0095, "", ""};
        QVERIFY(std::abs(reportedAccuracy(error) - 0.9905) < 1e-12);
    }

    void onlyDifferingSettingsAreListed() {
        const std::vector<SettingRow> rows = differingSettings({loadPreset("e1-lenet1988"), loadPreset("e1-relu")});
        QCOMPARE(rows.size(), std::size_t(1));  // E1-ReLU is E1 with one change
        COMPARE_STD(rows[0].path, "layers.h1.activation");
        QCOMPARE(rows[0].values, (std::vector<std::string>{"tanh", "relu"}));
    }

    void sweepPlansAreCheckedBeforeAnyRun() {
        const ModelSpec e1 = loadPreset("e1-lenet1988");
        const SweepAxis act = SweepAxis::parse("layers.h1.activation=tanh,relu");
        QCOMPARE(act.values.size(), std::size_t(2));
        QVERIFY(act.values[1] == Json("relu"));
        const SweepAxis kernel = SweepAxis::parse("layers.h1.kernel_size=[5,5], 3");
        QCOMPARE(kernel.values.size(), std::size_t(2));
        QVERIFY(kernel.values[0] == Json::array({5, 5}));
        QVERIFY(kernel.values[1] == Json(3));
        const SweepPlan plan = SweepPlan::make(e1, {act, SweepAxis::parse("layers.h3.enabled=true,false")}, 2);
        QCOMPARE(plan.configurations, 4);
        QCOMPARE(plan.points.size(), std::size_t(8));
        QCOMPARE(plan.seeds, (std::vector<std::uint32_t>{1, 2}));
        COMPARE_STD(plan.configurationText(3), "layers.h1.activation=relu, layers.h3.enabled=false");
        COMPARE_STD(plan.points[7].label, "layers.h1.activation=relu, layers.h3.enabled=false, seed 2");
        QCOMPARE(plan.points[7].spec.training.seed, 2u);
        QVERIFY(plan.points[7].spec.layers[4]["enabled"] == false);
        // The same sweep gets the same id (it can be resumed); another does not.
        QCOMPARE(SweepPlan::make(e1, {act, SweepAxis::parse("layers.h3.enabled=true,false")}, 2).id, plan.id);
        QVERIFY(SweepPlan::make(e1, {act}, 2).id != plan.id);

        auto refused = [&](const std::string& set) {
            try {
                SweepPlan::make(e1, {SweepAxis::parse(set)}, 1);
            } catch (const SpecError& e) {
                return std::string(e.what());
            }
            return std::string();
        };
        QVERIFY2(refused("layers.h1.activaton=relu").find("has no 'activaton'") != std::string::npos,
                 refused("layers.h1.activaton=relu").c_str());
        const std::string bad = refused("training.batch_size=16,0");
        QVERIFY2(bad.find("--set training.batch_size=0: training: field 'batch_size' must be an integer from 1 to 65536") !=
                     std::string::npos,
                 bad.c_str());
        QVERIFY(refused("training.seed=1,2").find("--repeat") != std::string::npos);
    }

    // 2 values × 2 repeats: the table's mean ± std, hand-checked.
    void sweepResultsAreMeanAndSpreadOverRepeats() {
        const ModelSpec e1 = loadPreset("e1-lenet1988");
        const SweepPlan plan = SweepPlan::make(e1, {SweepAxis::parse("layers.h1.activation=tanh,relu")}, 2);
        std::vector<RunRow> rows;
        const double finals[4] = {0.94, 0.96, 0.60, 0.70};  // c0 r0, c0 r1, c1 r0, c1 r1
        for (int i = 0; i < 4; ++i) {
            RunRow r;
            r.sweep = plan.points[std::size_t(i)].key;
            r.status = run_status::kFinished;
            r.finalTestAccuracy = finals[i];
            rows.push_back(r);
        }
        const std::vector<SweepResult> results = sweepResults(plan, rows);
        QCOMPARE(results.size(), std::size_t(2));
        QVERIFY(std::abs(results[0].finalMetric.mean - 0.95) < 1e-12);
        QVERIFY(std::abs(results[0].finalMetric.std - 0.0141421356237) < 1e-9);  // √((0.01² + 0.01²)/1)
        QVERIFY(std::abs(results[1].finalMetric.mean - 0.65) < 1e-12);
        QVERIFY(std::abs(results[1].finalMetric.std - 0.0707106781187) < 1e-9);
        QVERIFY(!results[0].changeOfMean);
        QVERIFY(std::abs(*results[1].changeOfMean + 0.30) < 1e-12);
        QCOMPARE(results[1].finished, 2);
    }
};

QTEST_APPLESS_MAIN(TestRunLibrary)
#include "test_run_library.moc"
