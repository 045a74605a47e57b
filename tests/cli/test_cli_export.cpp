// `cnnwb export SOURCE --pytorch DIR` and `cnnwb runs import DIR` run as a
// user would: a preset becomes a project folder; a history in train.py's
// format (GENERATED here: no Python in the test command) comes back as a run
// of the library with its parent and tag; mistakes get a message and an exit
// code, and nothing is written for them.
#include "cli_process.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

class TestCliExport : public QObject {
    Q_OBJECT
private:
    QTemporaryDir tmp_;

private slots:
    void aPresetBecomesAProjectAndItsRunComesBack() {
        const QString runs = tmp_.path() + "/runs", project = tmp_.path() + "/e4h";
        const CliResult r = runCli({"export", "e4-h", "--pytorch", project}, runs);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("python3 train.py --check"), qPrintable(r.out));
        for (const char* name : {"model.py", "train.py", "workbench.py", "config.json", "weights.json", "check.json"})
            QVERIFY2(QFile::exists(project + "/" + name), name);

        // What train.py would write after one epoch under torchrun with 2 processes.
        QFile configFile(project + "/config.json");
        QVERIFY(configFile.open(QIODevice::ReadOnly));
        const QJsonObject config = QJsonDocument::fromJson(configFile.readAll()).object();
        QDir().mkpath(project + "/run");
        QFile history(project + "/run/history.jsonl");
        QVERIFY(history.open(QIODevice::WriteOnly));
        QJsonObject spec = config["spec"].toObject();  // one epoch planned, one done: finished
        QJsonObject training = spec["training"].toObject();
        training["epochs"] = 1;
        spec["training"] = training;
        const QJsonObject header{{"run", QJsonObject{{"spec", spec}, {"parent", config["source"]},
                                                     {"world_size", 2}, {"device", "cpu"}, {"torch", "1.13"},
                                                     {"seed", 1}}}};
        history.write(QJsonDocument(header).toJson(QJsonDocument::Compact) + "\n");
        history.write(R"({"batch": {"epoch": 1, "batch": 1, "batches_per_epoch": 1, "loss": 2.3, "accuracy": 0.1,)"
                      R"( "images_per_second": 50, "elapsed_seconds": 1, "learning_rate": 0.1}})" "\n");
        history.write(R"({"epoch": {"epoch": 1, "train": {"loss": 2.3, "accuracy": 0.1}, "test": {"loss": 2.2,)"
                      R"( "accuracy": 0.125}, "seconds": 3, "images_per_second": 50}})" "\n");
        history.write(R"({"end": {"status": "finished"}})" "\n");
        history.close();

        const CliResult imported = runCli({"runs", "import", project + "/run"}, runs);
        QVERIFY2(imported.code == 0, qPrintable(imported.err));
        QVERIFY2(imported.out.contains("(finished, 1 epochs, parent preset e4-h)"), qPrintable(imported.out));
        const CliResult listed = runCli({"runs", "list", "--json"}, runs);
        const QJsonArray rows = QJsonDocument::fromJson(listed.out.toUtf8()).array();
        QCOMPARE(rows.size(), 1);
        const QJsonObject row = rows[0].toObject();
        QVERIFY2(row["tags"].toArray().contains("pytorch"), qPrintable(listed.out));
        QCOMPARE(row["final_test_accuracy"].toDouble(), 0.125);
        QVERIFY2(row["machine"].toString().contains("PyTorch 1.13, 2 processes"), qPrintable(listed.out));
    }

    void aPresetBecomesAnOnnxModelWithTheEnginesOutputsBeside() {
        const QString runs = tmp_.path() + "/runs3", file = tmp_.path() + "/e4h.onnx";
        const CliResult r = runCli({"export", "e4-h", "--onnx", file, "--check-images", "20"}, runs);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("ONNX opset 13"), qPrintable(r.out));
        QVERIFY2(r.out.contains("on mnist-test, the first 20"), qPrintable(r.out));
        QVERIFY(QFile::exists(file) && QFile::exists(file + ".check.json") && QFile::exists(file + ".check.bin"));
        QFile check(file + ".check.json");
        QVERIFY(check.open(QIODevice::ReadOnly));
        const QJsonArray tensors = QJsonDocument::fromJson(check.readAll()).object()["tensors"].toArray();
        QCOMPARE(tensors.size(), 3);  // input, labels, output
        QCOMPARE(tensors[2].toObject()["shape"].toArray()[1].toInt(), 10);
    }

    void mistakesAreNamed() {
        const QString runs = tmp_.path() + "/runs2", project = tmp_.path() + "/nothing";
        CliResult r = runCli({"export", "e1-lenet1988"}, runs);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("give one source and either --pytorch DIR or --onnx FILE"), qPrintable(r.err));
        r = runCli({"export", "e1-lenet1988", "--pytorch", project, "--onnx", project + ".onnx"}, runs);
        QCOMPARE(r.code, 2);
        r = runCli({"export", "e1-lenet1988", "--pytorch", project, "--check-images", "10"}, runs);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("--check-images goes with --onnx"), qPrintable(r.err));
        QVERIFY(!QFile::exists(project));
        r = runCli({"export", "no-such-preset", "--pytorch", project}, runs);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("'no-such-preset' is not a preset"), qPrintable(r.err));
        QVERIFY(!QFile::exists(project));
        r = runCli({"runs", "import", tmp_.path() + "/nowhere"}, runs);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("nowhere/history.jsonl"), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestCliExport)
#include "test_cli_export.moc"
