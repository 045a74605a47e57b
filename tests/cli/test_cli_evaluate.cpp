// `cnnwb evaluate RUN --confusion` run as a user would, on a short E4-h run on
// the real MNIST: the matrix counts every test image once, its diagonal is
// the accuracy the run recorded, precision and recall are its columns and
// rows, the mistakes are wrong and surest first; a run is found by id or by
// file; what is not a trained run, and options out of range, are refused.
#include "cli_process.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

class TestCliEvaluate : public QObject {
    Q_OBJECT
private:
    QTemporaryDir tmp_;
    QString runs_, session_, runId_;
    double recordedTestAccuracy_ = -1;

private slots:
    void initTestCase() {
        runs_ = tmp_.path() + "/runs";
        session_ = tmp_.path() + "/e4h.cnnwb";
        const CliResult r = runCli({"train", "e4-h", "--epochs", "1", "--max-batches", "40", "--threads", "2", "--out",
                                    session_, "--json"},
                                   runs_);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject final = QJsonDocument::fromJson(r.out.trimmed().split('\n').last().toUtf8()).object();
        recordedTestAccuracy_ = final["test_accuracy"].toDouble(-1);
        runId_ = final["run_id"].toString();
        QVERIFY2(recordedTestAccuracy_ > 0.5 && !runId_.isEmpty(), qPrintable(r.out.right(400)));
    }

    void theMatrixCountsEveryImageAndAgreesWithTheRun() {
        const CliResult r = runCli({"evaluate", runId_.left(15), "--confusion", "--json", "--mistakes", "25"}, runs_);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(o["test_images"].toInt(), 10000);
        QCOMPARE(o["test_accuracy"].toDouble(), recordedTestAccuracy_);
        const QJsonArray matrix = o["confusion"].toArray();
        QCOMPARE(matrix.size(), 10);
        std::vector<long long> columns(10, 0), rows(10, 0);
        long long total = 0, diagonal = 0;
        for (int t = 0; t < 10; ++t)
            for (int p = 0; p < 10; ++p) {
                const long long n = matrix[t].toArray()[p].toInteger();
                total += n;
                rows[std::size_t(t)] += n;
                columns[std::size_t(p)] += n;
                if (t == p) diagonal += n;
            }
        QCOMPARE(total, 10000);
        QCOMPARE(double(diagonal) / 10000, recordedTestAccuracy_);
        QCOMPARE(rows[0], 980);  // MNIST's test set holds 980 zeros and 1135 ones
        QCOMPARE(rows[1], 1135);
        const QJsonArray perClass = o["per_class"].toArray();
        for (int c = 0; c < 10; ++c) {
            const QJsonObject m = perClass[c].toObject();
            const double hits = matrix[c].toArray()[c].toDouble();
            QCOMPARE(m["recall"].toDouble(), hits / double(rows[std::size_t(c)]));
            if (columns[std::size_t(c)] > 0) QCOMPARE(m["precision"].toDouble(), hits / double(columns[std::size_t(c)]));
        }
        const QJsonArray mistakes = o["mistakes"].toArray();
        QCOMPARE(o["mistakes_total"].toInteger(), 10000 - diagonal);
        QCOMPARE(mistakes.size(), std::min<qsizetype>(25, 10000 - diagonal));
        for (int i = 0; i < mistakes.size(); ++i) {
            const QJsonObject m = mistakes[i].toObject();
            QVERIFY(m["true"].toString() != m["predicted"].toString());
            QCOMPARE(m["top"].toArray()[0].toObject()["class"].toString(), m["predicted"].toString());
            if (i) QVERIFY(m["confidence"].toDouble() <= mistakes[i - 1].toObject()["confidence"].toDouble());
        }
    }

    void theSessionFileGivesTheSameText() {
        const CliResult byId = runCli({"evaluate", runId_, "--confusion"}, runs_);
        const CliResult byFile = runCli({"evaluate", session_, "--confusion"}, runs_);
        QVERIFY2(byId.code == 0 && byFile.code == 0, qPrintable(byId.err + byFile.err));
        QVERIFY2(byFile.out.contains("confusion matrix (rows: true class, columns: predicted class)") &&
                     byFile.out.contains("macro F1") && byFile.out.contains("surest mistakes"),
                 qPrintable(byFile.out));
        // Everything after the first line (which names the source) is the same.
        QCOMPARE(byId.out.section('\n', 1), byFile.out.section('\n', 1));
    }

    void theValidationPartIsScoredToo() {
        const CliResult r = runCli({"evaluate", session_, "--part", "validation", "--json"}, runs_);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).object()["validation_images"].toInt(), 10000);
    }

    void whatIsNotATrainedRunIsRefused() {
        CliResult r = runCli({"evaluate", "e4-h"}, runs_);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("e4-h holds no trained weights"), qPrintable(r.err));
        r = runCli({"evaluate", session_, "--part", "everything"}, runs_);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("--part must be test, validation or training"), qPrintable(r.err));
        r = runCli({"evaluate", session_, "--mistakes", "-3"}, runs_);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("--mistakes must be an integer"), qPrintable(r.err));
        r = runCli({"evaluate", "no-such-run"}, runs_);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("no-such-run"), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestCliEvaluate)
#include "test_cli_evaluate.moc"
