// Autosave: a modified session is written to the cache slot on a worker
// thread; a clean exit removes it; a slot left by a crashed window (its lock
// not held) is offered back on the next start, with the file it came from;
// a slot whose window still runs is never offered.
#include "gui_test_support.h"

#include "ui/session/autosave.h"
#include "ui/session/session_io.h"

#include "engine/presets.h"
#include "engine/session_file.h"

#include <QDir>
#include <QFile>
#include <QLockFile>
#include <QTextStream>

using namespace cnnwb;
using namespace cnnwb::ui;
using namespace cnnwb::ui::test;

namespace {

void writeSessionFile(const QString& path, const ModelSpec& spec) {
    Session s;
    s.spec = spec;
    s.seed = spec.training.seed;
    s.status = "new";
    saveSession(s, QFile::encodeName(path).toStdString());
}

}  // namespace

class TestAutosave : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { isolateEnvironment(); }

    void aModifiedSessionIsWrittenAndACleanExitRemovesIt() {
        TestWindow w;
        w->show();
        QVERIFY(w->openPreset("e1-lenet1988"));
        Autosave* a = w->autosave();
        QVERIFY(!a->writeIfChanged());  // nothing to save yet
        w.doc()->setLayerField(3, "units", Json(100));
        QVERIFY(a->writeIfChanged());
        a->waitForWrite();
        QVERIFY(QFile::exists(a->slotFile()));
        const Session s = loadSession(QFile::encodeName(a->slotFile()).toStdString());
        COMPARE_JSON(s.spec.toJson(), w.doc()->specJson());
        QVERIFY(!a->writeIfChanged());  // same revision: no second write

        w.log->unsavedAnswer = UnsavedChoice::Discard;
        QVERIFY(w->close());
        QVERIFY(!QFile::exists(a->slotFile()));
        QVERIFY(QDir(w.autosaveDir.path()).entryList({"autosave-*"}, QDir::Files).isEmpty());
    }

    void savingRemovesTheSlot() {
        QTemporaryDir dir;
        TestWindow w;
        QVERIFY(w->openPreset("e1-lenet1988"));
        w.doc()->setLayerField(3, "units", Json(100));
        QVERIFY(w->autosave()->writeIfChanged());
        w->autosave()->waitForWrite();
        QVERIFY(QFile::exists(w->autosave()->slotFile()));
        QVERIFY(w->saveTo(dir.filePath("saved.cnnwb")));
        QVERIFY(!QFile::exists(w->autosave()->slotFile()));  // a crash now has nothing newer to offer
    }

    void anInvalidModelKeepsTheLastValidAutosave() {
        TestWindow w;
        QVERIFY(w->openPreset("e1-lenet1988"));
        Autosave* a = w->autosave();
        w.doc()->setLayerField(3, "units", Json(100));
        QVERIFY(a->writeIfChanged());
        a->waitForWrite();
        w.doc()->setLayerField(1, "kernel_size", Json(40));
        QVERIFY(!a->writeIfChanged());
        const Session s = loadSession(QFile::encodeName(a->slotFile()).toStdString());
        COMPARE_JSON(s.spec.layers[3]["units"], Json(100));
    }

    void aCrashedWindowsAutosaveIsOfferedAndRecovered() {
        TestWindow w;
        // What a crashed window leaves: its slot and origin, and a lock nobody holds.
        const QString orphan = QDir(w.autosaveDir.path()).filePath("autosave-999999.cnnwb");
        ModelSpec spec = loadPreset("e3-cnn");
        spec.layers[1]["filters"] = 8;
        writeSessionFile(orphan, spec);
        {
            QFile origin(orphan + ".origin");
            QVERIFY(origin.open(QIODevice::WriteOnly));
            QTextStream(&origin) << "/home/someone/e3-variant.cnnwb";
        }
        w.log->recoverAnswer = true;
        QVERIFY(w->offerRecovery());
        QCOMPARE(w.log->recoverAsked, 1);
        COMPARE_JSON(w.doc()->specJson(), spec.toJson());
        QVERIFY(w.doc()->isModified());  // only in the autosave so far: closing must ask
        QCOMPARE(w.doc()->filePath(), QString("/home/someone/e3-variant.cnnwb"));
        QVERIFY(!QFile::exists(orphan));
        w->autosave()->waitForWrite();
        QVERIFY(QFile::exists(w->autosave()->slotFile()));  // now this window's own slot holds it
    }

    void declinedRecoveryDeletesTheOrphan() {
        TestWindow w;
        QVERIFY(w->openPreset("e1-lenet1988"));
        const Json before = w.doc()->specJson();
        const QString orphan = QDir(w.autosaveDir.path()).filePath("autosave-999998.cnnwb");
        writeSessionFile(orphan, loadPreset("e3-cnn"));
        w.log->recoverAnswer = false;
        QVERIFY(!w->offerRecovery());
        QCOMPARE(w.log->recoverAsked, 1);
        QVERIFY(!QFile::exists(orphan));
        COMPARE_JSON(w.doc()->specJson(), before);
    }

    void aRunningWindowsSlotIsNotOffered() {
        TestWindow w;
        const QString slot = QDir(w.autosaveDir.path()).filePath("autosave-999997.cnnwb");
        writeSessionFile(slot, loadPreset("e3-cnn"));
        QLockFile held(QDir(w.autosaveDir.path()).filePath("autosave-999997.lock"));
        QVERIFY(held.tryLock(0));  // another window, alive
        QVERIFY(w->autosave()->orphans().isEmpty());
        QVERIFY(!w->offerRecovery());
        QCOMPARE(w.log->recoverAsked, 0);
        QVERIFY(QFile::exists(slot));
    }

    void aSlotCutShortByTheCrashIsDroppedQuietly() {
        TestWindow w;
        const QString orphan = QDir(w.autosaveDir.path()).filePath("autosave-999996.cnnwb");
        QFile f(orphan);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("CNNWB-SESSION 1\n\x40");
        f.close();
        QVERIFY(!w->offerRecovery());
        QCOMPARE(w.log->recoverAsked, 0);
        QVERIFY(!QFile::exists(orphan));
    }
};

QTEST_MAIN(TestAutosave)
#include "test_autosave.moc"
