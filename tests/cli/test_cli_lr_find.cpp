// `cnnwb lr-find` run as a user would: on a generated image folder the JSON
// result holds the rising rates, the losses and a suggestion inside the
// range, and the text output ends with the command that uses it; ranges that
// are not ranges are refused with exit 2 and the option named.
#include "cli_process.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

class TestCliLrFind : public QObject {
    Q_OBJECT
private:
    QTemporaryDir tmp_;
    QString folder_, spec_;

private slots:
    void initTestCase() {
        folder_ = tmp_.path() + "/shapes";
        const CliResult made = runCli({"data", "make", "shapes-rgb", folder_, "--train", "300", "--test", "20"});
        QVERIFY2(made.code == 0, qPrintable(made.err));
        spec_ = tmp_.path() + "/tiny.json";
        QFile f(spec_);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"format": "cnn-workbench-model", "version": 1, "name": "tiny colour",
            "layers": [{"type": "Input", "shape": [32, 32, 3]}, {"type": "Flatten"},
                       {"type": "Dense", "units": 10, "activation": "softmax"}],
            "training": {"optimizer": {"type": "SGD", "learning_rate": 0.01}, "batch_size": 16},
            "data": {"dataset": "folder", "image_size": [32, 32], "color_mode": "rgb"}})");
    }

    void printsTheCurveAndASuggestion() {
        const CliResult r = runCli({"lr-find", spec_, "--data-folder", folder_, "--start", "1e-5", "--end", "100",
                                 "--steps", "60", "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        const QJsonArray points = o["points"].toArray();
        QVERIFY2(points.size() >= 10 && points.size() <= 60, qPrintable(r.out.left(300)));
        QCOMPARE(points.first().toObject()["rate"].toDouble(), 1e-5);
        for (int i = 1; i < points.size(); ++i)
            QVERIFY(points[i].toObject()["rate"].toDouble() > points[i - 1].toObject()["rate"].toDouble());
        const double suggested = o["suggested_rate"].toDouble();
        QVERIFY2(suggested > 1e-5 && suggested < 100, qPrintable(r.out.left(300)));
        QVERIFY(!o["stopped_because"].toString().isEmpty());

        const CliResult text = runCli({"lr-find", spec_, "--data-folder", folder_, "--start", "1e-5", "--end", "100",
                                    "--steps", "60"});
        QVERIFY2(text.code == 0, qPrintable(text.err));
        QVERIFY2(text.out.contains("<- suggested") && text.out.contains("suggested learning rate") &&
                     text.out.contains("--set training.optimizer.learning_rate="),
                 qPrintable(text.out));
    }

    void rangesThatAreNotRangesAreRefused() {
        CliResult r = runCli({"lr-find", spec_, "--start", "1", "--end", "0.1"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("end rate must be larger than the start rate"), qPrintable(r.err));
        r = runCli({"lr-find", spec_, "--steps", "2"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("steps must be 3 to 100000; got 2"), qPrintable(r.err));
        r = runCli({"lr-find", spec_, "--start", "soon"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("--start must be a number"), qPrintable(r.err));
        r = runCli({"lr-find"});
        QCOMPARE(r.code, 2);
    }
};

QTEST_GUILESS_MAIN(TestCliLrFind)
#include "test_cli_lr_find.moc"
