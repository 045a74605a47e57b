// The command line records every run (`cnnwb train`), with its parent and
// what changed; `--continue` goes on from a stored run; `cnnwb sweep` runs
// the product of values over seeds, prints the table, and an interrupted
// sweep started again skips what finished; `cnnwb runs` lists, compares,
// tags, exports and reindexes. Runs the real `cnnwb` binary on real MNIST
// (CNNWB_DATA; fails, never skips, without it), a few batches per run.
#include "engine/runs/run_library.h"

#include "ui/test_support_training.h"

#include "cli_process.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

using namespace cnnwb;

namespace {

// Runs once (a macro argument may be evaluated twice).
#define VERIFY_RUN(expression)                                         \
    do {                                                               \
        const CliResult r_ = (expression);                                \
        QVERIFY2(r_.code == 0, qPrintable(r_.err + r_.out));           \
    } while (0)

}  // namespace

class TestCliRuns : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QVERIFY(cnnwb::testing::requireMnist()); }

    void trainRecordsTheRunWithItsParentAndChanges() {
        QTemporaryDir dir;
        const CliResult r = runCli({"train", "e1-lenet1988", "--epochs", "1", "--max-batches", "20", "--set",
                                "layers.h1.activation=relu", "--json"},
                               dir.path());
        VERIFY_RUN(r);
        const Json final = Json::parse(r.out.trimmed().split('\n').last().toStdString());
        const std::string id = final["run_id"];
        RunLibrary library(dir.path().toStdString());
        const RunRow row = library.find(id);
        QCOMPARE(QString::fromStdString(row.parent.kind), QString("preset"));
        QCOMPARE(QString::fromStdString(row.parent.id), QString("e1-lenet1988"));
        QCOMPARE(row.changes, (std::vector<std::string>{"training.epochs: 10 → 1", "h1.activation: tanh → relu"}));
        QCOMPARE(QString::fromStdString(row.status), QString("finished"));
        QCOMPARE(row.epochsDone, 1);
        QVERIFY(!library.load(id).weights.empty());

        // Continue it: a new run, its parent the first, the epochs grown.
        const CliResult more = runCli({"train", QString::fromStdString(id), "--continue", "--epochs", "1", "--max-batches",
                                   "20", "--json"},
                                  dir.path());
        VERIFY_RUN(more);
        const std::string next = Json::parse(more.out.trimmed().split('\n').last().toStdString())["run_id"];
        const RunRow second = library.find(next);
        QCOMPARE(QString::fromStdString(second.parent.kind), QString("run"));
        QCOMPARE(second.parent.id, id);
        QCOMPARE(second.changes, (std::vector<std::string>{"training.epochs: 1 → 2"}));
        QCOMPARE(second.epochsDone, 2);
        const Session first = library.load(id), continued = library.load(next);
        // The curve continues: the first epoch's batches are the first run's.
        QCOMPARE(continued.history.batches.size(), 2 * first.history.batches.size());
        for (std::size_t i = 0; i < first.history.batches.size(); ++i)
            QVERIFY(continued.history.batches[i].loss == first.history.batches[i].loss);

        // A finished run needs --epochs to continue; a bad setting is refused with the loader's words.
        const CliResult finished = runCli({"train", QString::fromStdString(next), "--continue"}, dir.path());
        QCOMPARE(finished.code, 1);
        QVERIFY2(finished.err.contains("give --epochs N"), qPrintable(finished.err));
        const CliResult bad = runCli({"train", "e1-lenet1988", "--set", "training.batch_size=0"}, dir.path());
        QCOMPARE(bad.code, 1);
        QVERIFY2(bad.err.contains("training: field 'batch_size' must be an integer from 1 to 65536; got the integer 0"),
                 qPrintable(bad.err));
        QCOMPARE(library.list().size(), std::size_t(2));  // nothing recorded for a refused run
    }

    // 2 values × 2 seeds: 4 runs and a table of mean ± std; started again,
    // the sweep skips the runs that finished.
    void sweepRunsTheProductAndResumes() {
        QTemporaryDir dir;
        const QStringList args{"sweep", "e1-crossentropy", "--set", "layers.h3.enabled=true,false", "--repeat", "2",
                               "--epochs", "1", "--max-batches", "15", "--json"};
        const CliResult r = runCli(args, dir.path());
        VERIFY_RUN(r);
        const QStringList lines = r.out.trimmed().split('\n');
        int runs = 0;
        for (const QString& l : lines) runs += Json::parse(l.toStdString()).value("event", "") == "run";
        QCOMPARE(runs, 4);
        const Json results = Json::parse(lines.last().toStdString());
        QCOMPARE(results["results"].size(), std::size_t(2));
        // The table's numbers are the runs' own, averaged by hand here.
        RunLibrary library(dir.path().toStdString());
        const std::vector<RunRow> rows = library.list();
        QCOMPARE(rows.size(), std::size_t(4));
        for (int c = 0; c < 2; ++c) {
            std::vector<double> finals;
            for (const RunRow& row : rows)
                if (row.sweep.find("/c" + std::to_string(c) + "/") != std::string::npos) finals.push_back(*row.finalTestAccuracy);
            QCOMPARE(finals.size(), std::size_t(2));
            const double mean = (finals[0] + finals[1]) / 2;
            const double std = std::abs(finals[0] - finals[1]) / std::sqrt(2.0);
            QVERIFY(std::abs(results["results"][c]["final_mean"].get<double>() - mean) < 1e-12);
            QVERIFY(std::abs(results["results"][c]["final_std"].get<double>() - std) < 1e-12);
        }
        const CliResult again = runCli(args, dir.path());
        VERIFY_RUN(again);
        QCOMPARE(again.out.count("\"skipped\""), 4);
        QCOMPARE(library.list().size(), std::size_t(4));
        // A bad value is refused before any run starts.
        const CliResult bad = runCli({"sweep", "e1-crossentropy", "--set", "layers.h2.units=64,-1", "--epochs", "1"}, dir.path());
        QCOMPARE(bad.code, 1);
        QVERIFY2(bad.err.contains("--set layers.h2.units=-1:"), qPrintable(bad.err));
        QCOMPARE(library.list().size(), std::size_t(4));
    }

    // Ctrl-C stops the sweep after the current batch (that run is kept, as
    // stopped); started again it does not repeat the runs that finished.
    void anInterruptedSweepGoesOnWhereItStopped() {
        QTemporaryDir dir;
        const QStringList args{"sweep", "e1-crossentropy", "--set", "training.batch_size=16,32", "--repeat", "2",
                               "--epochs", "1", "--max-batches", "400", "--json"};
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("CNNWB_RUNS", dir.path());
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(CNNWB_CLI), args);
        QVERIFY(p.waitForStarted());
        // Wait for the first run to finish, then interrupt the second.
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += p.readAllStandardOutput()).contains("\"event\":\"run\""), 120000);
        ::kill(pid_t(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(120000));
        QCOMPARE(p.exitCode(), 130);
        RunLibrary library(dir.path().toStdString());
        const std::vector<RunRow> before = library.list();
        int finished = 0, stopped = 0;
        for (const RunRow& r : before) (r.status == "finished" ? finished : stopped) += 1;
        QVERIFY(finished >= 1);
        QCOMPARE(stopped, 1);  // the interrupted run is kept

        const CliResult rest = runCli(args, dir.path());
        VERIFY_RUN(rest);
        QCOMPARE(rest.out.count("\"skipped\""), finished);
        int total = 0;
        for (const RunRow& r : library.list()) total += r.status == "finished";
        QCOMPARE(total, 4);
    }

    void runsCommandsListCompareTagExportReindex() {
        QTemporaryDir dir, out;
        VERIFY_RUN(runCli({"sweep", "e1-crossentropy", "--set", "layers.h2.units=192,96", "--epochs", "1",
                           "--max-batches", "10", "--json"},
                          dir.path()));
        const CliResult list = runCli({"runs", "list", "--json"}, dir.path());
        VERIFY_RUN(list);
        const Json rows = Json::parse(list.out.toStdString());
        QCOMPARE(rows.size(), std::size_t(2));
        const QString a = QString::fromStdString(rows[0]["id"]), b = QString::fromStdString(rows[1]["id"]);
        const CliResult compare = runCli({"runs", "compare", a, b}, dir.path());
        VERIFY_RUN(compare);
        QVERIFY2(compare.out.contains("layers.h2.units") && compare.out.contains("96") &&
                     compare.out.contains("Settings that differ (1)"),
                 qPrintable(compare.out));
        VERIFY_RUN(runCli({"runs", "tag", a, "baseline"}, dir.path()));
        VERIFY_RUN(runCli({"runs", "note", a, "the", "first", "one"}, dir.path()));
        RunLibrary library(dir.path().toStdString());
        QCOMPARE(library.find(a.toStdString()).tags, (std::vector<std::string>{"baseline"}));
        QCOMPARE(QString::fromStdString(library.find(a.toStdString()).note), QString("the first one"));
        VERIFY_RUN(runCli({"runs", "export", out.path(), a, b}, dir.path()));
        QVERIFY(QFile::exists(out.filePath(a + "-batches.csv")));
        QVERIFY(QFile::exists(out.filePath(b + ".json")));
        QFile settings(out.filePath("settings.csv"));
        QVERIFY(settings.open(QIODevice::ReadOnly));
        QVERIFY(settings.readAll().contains("layers.h2.units"));
        QFile batches(out.filePath(a + "-batches.csv"));
        QVERIFY(batches.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = batches.readAll().split('\n');
        QVERIFY(lines[1].contains("smoothed: exponential, weight 0.98, bias-corrected"));
        QCOMPARE(lines.size() - 4, 10);  // two comment lines, a header, 10 batches, a final newline
        VERIFY_RUN(runCli({"runs", "rm", a}, dir.path()));
        QCOMPARE(library.list().size(), std::size_t(1));
        const CliResult reindex = runCli({"runs", "reindex", "--json"}, dir.path());
        VERIFY_RUN(reindex);
        QCOMPARE(Json::parse(reindex.out.toStdString())["trashed"].get<int>(), 1);
    }
};

QTEST_GUILESS_MAIN(TestCliRuns)
#include "test_cli_runs.moc"
