// Sessions on disk: save → open gives back the spec, settings, weights,
// history and seed exactly (and the engine's loader reads the same file, as
// `cnnwb evaluate` does); a session with no training yet saves fine; damaged,
// newer and foreign files are refused with a message and the open session is
// left exactly as it was.
#include "gui_test_support.h"

#include "ui/session/recent_files.h"
#include "ui/session/session_io.h"

#include "engine/presets.h"
#include "engine/session_file.h"

#include <QFile>
#include <QUndoStack>

using namespace cnnwb;
using namespace cnnwb::ui;
using namespace cnnwb::ui::test;

namespace {

// A session as a finished run leaves it: real weights of the network, a
// history with train/validation/test scores, optimizer state, its own seed.
Session trainedSession() {
    Session s;
    s.spec = loadPreset("e1-lenet1988");
    s.spec.training.epochs = 3;
    s.spec.data.validationSplit = 0.1;
    s.seed = 4242;
    Network net = s.spec.buildNetwork();
    net.setup(s.seed);
    captureWeights(net, s);
    for (int e = 1; e <= 2; ++e) {
        for (int b = 1; b <= 3; ++b)
            s.history.batches.push_back({e, b, 3, 1.0 / (e * b + 0.3), 0.1 * b + 0.01 * e, 1234.5678 + b, 0.1 * (e * 3 + b)});
        EpochStats es;
        es.epoch = e;
        es.train = {0.123456789012345 / e, 0.9 + 0.01 * e};
        es.validation = Score{0.2 / e, 0.85 + 0.013 * e};
        if (e == 2) es.test = Score{0.19, 0.8765432109876};
        es.seconds = 12.345678 * e;
        es.imagesPerSecond = 4567.891;
        s.history.epochs.push_back(es);
    }
    s.optimizerState = {{"iterations", 6}, {"slots", Json::object()}};
    s.status = "finished";
    return s;
}

void writeBytes(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(bytes);
}

}  // namespace

class TestSessionFiles : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { isolateEnvironment(); }

    void saveThenOpenRoundTripsEverything() {
        QTemporaryDir dir;
        const QString path = dir.filePath("run.cnnwb");
        const Session original = trainedSession();
        {
            TestWindow w;
            loadSessionInto(*w.doc(), original, QString());
            QVERIFY(w->saveTo(path));
            QVERIFY(w.log->errors.isEmpty());
        }
        TestWindow w2;
        QVERIFY(w2->openFile(path));
        const Session& r = w2.doc()->record();
        COMPARE_JSON(w2.doc()->specJson(), original.spec.toJson());
        QCOMPARE(r.seed, original.seed);
        QCOMPARE(r.status, original.status);
        COMPARE_JSON(r.optimizerState, original.optimizerState);
        QCOMPARE(r.weights.size(), original.weights.size());
        QVERIFY(r.weights == original.weights);  // bit for bit
        COMPARE_JSON(historyToJson(r.history), historyToJson(original.history));
        QCOMPARE(r.history.epochs[1].test->accuracy, 0.8765432109876);
        QVERIFY(!r.history.epochs[0].test.has_value());
        QCOMPARE(w2.doc()->filePath(), QFileInfo(path).absoluteFilePath());
        QVERIFY(!w2.doc()->isModified());

        // The engine reads the same file directly, as `cnnwb evaluate` does.
        const Session direct = loadSession(QFile::encodeName(path).toStdString());
        QVERIFY(direct.weights == original.weights);
        Network net = direct.spec.buildNetwork();
        net.setup(1);
        restoreWeights(direct, net);
    }

    void aSessionWithoutTrainingSavesWithoutWeights() {
        QTemporaryDir dir;
        const QString path = dir.filePath("fresh.cnnwb");
        TestWindow w;
        QVERIFY(w->openPreset("e3-mlp"));
        QVERIFY(w->saveTo(path));
        const Session s = loadSession(QFile::encodeName(path).toStdString());
        QVERIFY(s.weights.empty());
        QVERIFY(s.history.epochs.empty() && s.history.batches.empty());
        QCOMPARE(s.status, std::string("new"));
        QCOMPARE(s.seed, s.spec.training.seed);
        COMPARE_JSON(s.spec.toJson(), w.doc()->specJson());
    }

    void titleShowsFileAndModifiedMark() {
        QTemporaryDir dir;
        const QString path = dir.filePath("titled.cnnwb");
        TestWindow w;
        QVERIFY(w->openPreset("e1-lenet1988"));
        QVERIFY(w->windowTitle().contains("[*]"));
        QVERIFY(!w->isWindowModified());
        w.doc()->setLayerField(3, "units", Json(100));
        QVERIFY(w->isWindowModified());
        QVERIFY(w->saveTo(path));
        QVERIFY(w->windowTitle().startsWith("titled.cnnwb[*]"));
        QVERIFY(!w->isWindowModified());
        QCOMPARE(RecentFiles().files().value(0), QFileInfo(path).absoluteFilePath());
        w.doc()->undoStack()->undo();  // back before the save point is a change too
        QVERIFY(w->isWindowModified());
    }

    void badFilesAreRefusedAndTheSessionKept_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not a session") << QByteArray("hello, I am a text file\n") << "not a CNN Workbench session";
        QTest::newRow("empty") << QByteArray() << "not a CNN Workbench session";
        QTest::newRow("newer version") << QByteArray("CNNWB-SESSION 99\n") << "newer";
        QTest::newRow("header cut") << QByteArray("CNNWB-SESSION 1\n\x10\x00\x00\x00\x00\x00\x00\x00{\"a\"", 28)
                                    << "damaged";
        QTest::newRow("header garbage") << QByteArray("CNNWB-SESSION 1\n\x04\x00\x00\x00\x00\x00\x00\x00}}}}", 28)
                                        << "damaged";
    }
    void badFilesAreRefusedAndTheSessionKept() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString path = dir.filePath("bad.cnnwb");
        writeBytes(path, bytes);

        TestWindow w;
        QVERIFY(w->openPreset("e1-lenet1988"));
        w.doc()->setLayerField(3, "units", Json(100));
        const Json before = w.doc()->specJson();
        QVERIFY(!w->openFile(path));
        QCOMPARE(w.log->errors.size(), 1);
        QVERIFY2(w.log->errors[0].contains(expected), qPrintable(w.log->errors[0]));
        QCOMPARE(w.log->unsavedAsked, 0);  // refused before anything was put at stake
        COMPARE_JSON(w.doc()->specJson(), before);
        QVERIFY(w.doc()->isModified());
        QVERIFY(w.doc()->undoStack()->canUndo());
    }

    void aTruncatedRealSessionIsRefused() {
        QTemporaryDir dir;
        const QString path = dir.filePath("cut.cnnwb");
        {
            TestWindow w;
            loadSessionInto(*w.doc(), trainedSession(), QString());
            QVERIFY(w->saveTo(path));
        }
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.resize(f.size() - 1000));  // a copy cut short
        f.close();
        TestWindow w;
        QVERIFY(w->openPreset("e2-lenet"));
        const Json before = w.doc()->specJson();
        QVERIFY(!w->openFile(path));
        QVERIFY2(w.log->errors.value(0).contains("damaged"), qPrintable(w.log->errors.value(0)));
        COMPARE_JSON(w.doc()->specJson(), before);
    }

    // An edit that makes the model invalid is still work: it is saved as a draft beside the
    // last valid model and reopens as it was left, error included.
    void anInvalidModelIsSavedAsADraftAndReopensWithItsError() {
        QTemporaryDir dir;
        const QString path = dir.filePath("draft.cnnwb");
        Json draftLayers;
        {
            TestWindow w;
            QVERIFY(w->openPreset("e1-lenet1988"));
            w.doc()->setLayerField(1, "kernel_size", Json(40));
            QVERIFY(!w.doc()->analysis().valid());
            draftLayers = w.layers()->layers();
            QVERIFY(w->saveTo(path));
            QVERIFY(w.log->errors.isEmpty());
            QVERIFY(!w.doc()->isModified());
            QVERIFY(!QFile::exists(path + ".saving"));
        }
        const Session saved = loadSession(path.toStdString(), false);
        QVERIFY(saved.draft.is_object());
        TestWindow w;
        QVERIFY(w->openFile(path));
        COMPARE_JSON(w.layers()->layers(), draftLayers);
        QVERIFY(!w.doc()->analysis().valid());
        QVERIFY2(w.doc()->analysis().error.contains("larger than"), qPrintable(w.doc()->analysis().error));
    }

    void aSpecFileOpensAsAnUnsavedSession() {
        QTemporaryDir dir;
        const QString path = dir.filePath("model.json");
        writeBytes(path, QByteArray::fromStdString(loadPreset("e4-h").toJson().dump(2)));
        TestWindow w;
        QVERIFY(w->openFile(path));
        QVERIFY(w.doc()->filePath().isEmpty());  // Save asks where the session goes
        COMPARE_JSON(w.doc()->specJson(), loadPreset("e4-h").toJson());
    }
};

QTEST_MAIN(TestSessionFiles)
#include "test_session_files.moc"
