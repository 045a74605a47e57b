// Closing (or replacing) a modified session asks Save / Discard / Cancel,
// and each answer does what it says; an unmodified session closes silently.
#include "gui_test_support.h"

#include "engine/session_file.h"

#include <QFile>

using namespace cnnwb;
using namespace cnnwb::ui;
using namespace cnnwb::ui::test;

class TestUnsavedPrompt : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { isolateEnvironment(); }

    void anUnmodifiedSessionClosesWithoutAsking() {
        TestWindow w;
        w->show();
        QVERIFY(w->openPreset("e1-lenet1988"));
        QVERIFY(w->close());
        QCOMPARE(w.log->unsavedAsked, 0);
    }

    void cancelKeepsTheWindowAndTheEdits() {
        TestWindow w;
        w->show();
        QVERIFY(w->openPreset("e1-lenet1988"));
        w.doc()->setLayerField(3, "units", Json(100));
        w.log->unsavedAnswer = UnsavedChoice::Cancel;
        QVERIFY(!w->close());
        QCOMPARE(w.log->unsavedAsked, 1);
        QVERIFY(w->isVisible());
        QVERIFY(w.doc()->isModified());
        COMPARE_JSON(w.layers()->layer(3)["units"], Json(100));
    }

    void discardCloses() {
        TestWindow w;
        w->show();
        QVERIFY(w->openPreset("e1-lenet1988"));
        w.doc()->setLayerField(3, "units", Json(100));
        w.log->unsavedAnswer = UnsavedChoice::Discard;
        QVERIFY(w->close());
        QCOMPARE(w.log->unsavedAsked, 1);
    }

    void saveAsksForAFileThenCloses() {
        QTemporaryDir dir;
        TestWindow w;
        w->show();
        QVERIFY(w->openPreset("e1-lenet1988"));
        w.doc()->setLayerField(3, "units", Json(100));
        w.log->unsavedAnswer = UnsavedChoice::Save;
        w.log->saveAnswer = dir.filePath("closing.cnnwb");
        QVERIFY(w->close());
        const Session s = loadSession(QFile::encodeName(w.log->saveAnswer).toStdString());
        COMPARE_JSON(s.spec.layers[3]["units"], Json(100));
    }

    void saveCancelledInTheFileDialogKeepsTheWindow() {
        TestWindow w;
        w->show();
        QVERIFY(w->openPreset("e1-lenet1988"));
        w.doc()->setLayerField(3, "units", Json(100));
        w.log->unsavedAnswer = UnsavedChoice::Save;
        w.log->saveAnswer.clear();
        QVERIFY(!w->close());
        QVERIFY(w.doc()->isModified());
    }

    void openingAPresetOverEditsAsksToo() {
        TestWindow w;
        QVERIFY(w->openPreset("e1-lenet1988"));
        w.doc()->setLayerField(3, "units", Json(100));
        w.log->unsavedAnswer = UnsavedChoice::Cancel;
        QVERIFY(!w->openPreset("e3-cnn"));
        COMPARE_JSON(w.layers()->layer(3)["units"], Json(100));
        w.log->unsavedAnswer = UnsavedChoice::Discard;
        QVERIFY(w->openPreset("e3-cnn"));
        QCOMPARE(w.log->unsavedAsked, 2);
        QVERIFY(!w.doc()->isModified());
    }
};

QTEST_MAIN(TestUnsavedPrompt)
#include "test_unsaved_prompt.moc"
