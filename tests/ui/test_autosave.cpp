// Autosave: a modified session is written to the cache slot on a worker
// thread; a clean exit removes it; a slot left by a crashed window (its lock
// not held) is offered back on the next start, with the file it came from,
// and deleted only once the new window's slot holds it; a slot whose window
// still runs is never offered; a slot that cannot be read is kept aside; a
// model with an error is autosaved as a draft and comes back as it was left.
#include "gui_test_support.h"

#include "ui/session/autosave.h"
#include "ui/session/session_io.h"

#include "engine/presets.h"
#include "engine/session_file.h"

#include <QDir>
#include <QFile>
#include <QLockFile>
#include <QSignalSpy>
#include <QStatusBar>
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

    void anInvalidModelIsAutosavedAsADraft() {
        TestWindow w;
        QVERIFY(w->openPreset("e1-lenet1988"));
        Autosave* a = w->autosave();
        w.doc()->setLayerField(3, "units", Json(100));
        w.doc()->setLayerField(1, "kernel_size", Json(40));  // larger than the 28×28 input
        QVERIFY(!w.doc()->analysis().valid());
        QVERIFY(a->writeIfChanged());
        a->waitForWrite();
        const Session s = loadSession(QFile::encodeName(a->slotFile()).toStdString());
        COMPARE_JSON(s.draft, w.doc()->specJson());
        COMPARE_JSON(s.spec.toJson(), loadPreset("e1-lenet1988").toJson());  // the last valid spec beside it

        // A window started after a crash gets the model back as it was left, error included.
        TestWindow next;
        QFile::copy(a->slotFile(), QDir(next.autosaveDir.path()).filePath("autosave-20260101-000000-00000000000000aa.cnnwb"));
        next.log->recoverAnswer = true;
        QVERIFY(next->offerRecovery());
        COMPARE_JSON(next.doc()->specJson(), w.doc()->specJson());
        QVERIFY(!next.doc()->analysis().valid());
    }

    void slotNamesNeverRepeat() {
        TestWindow a, b;
        QVERIFY(a->autosave()->slotFile() != b->autosave()->slotFile());
        const QString pid = QString::number(QCoreApplication::applicationPid());
        QVERIFY2(!QFileInfo(a->autosave()->slotFile()).fileName().contains("-" + pid + "."),
                 qPrintable(a->autosave()->slotFile()));
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
        w->autosave()->waitForWrite();
        QVERIFY(QFile::exists(w->autosave()->slotFile()));  // now this window's own slot holds it
        QVERIFY(!QFile::exists(orphan));                     // and only then the orphan goes
        QVERIFY(!QFile::exists(orphan + ".origin"));
    }

    // If the new slot cannot be written, the recovered orphan stays on disk.
    void aRecoveredOrphanStaysUntilItsContentIsWrittenAgain() {
        TestWindow w;
        const QString orphan = QDir(w.autosaveDir.path()).filePath("autosave-20260101-000000-00000000000000bb.cnnwb");
        writeSessionFile(orphan, loadPreset("e3-cnn"));
        QVERIFY(QDir().mkpath(w->autosave()->slotFile()));  // a folder where the slot would go: the write fails
        QSignalSpy failures(w->autosave(), &Autosave::failed);
        w.log->recoverAnswer = true;
        QVERIFY(w->offerRecovery());
        w->autosave()->waitForWrite();
        QCOMPARE(failures.count(), 1);
        QVERIFY(QFile::exists(orphan));
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

    void aSlotThatCannotBeReadIsKeptAsideAndReported() {
        TestWindow w;
        w->show();
        const QString orphan = QDir(w.autosaveDir.path()).filePath("autosave-999996.cnnwb");
        QFile f(orphan);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("CNNWB-SESSION 1\n\x40");
        f.close();
        QVERIFY(!w->offerRecovery());
        QCOMPARE(w.log->recoverAsked, 0);
        QVERIFY(!QFile::exists(orphan));
        QVERIFY(QFile::exists(orphan + ".unreadable"));  // never deleted
        QVERIFY2(w->statusBar()->currentMessage().contains("could not be read"), qPrintable(w->statusBar()->currentMessage()));
        QVERIFY(w->autosave()->orphans().isEmpty());  // and not offered again
    }
};

QTEST_MAIN(TestAutosave)
#include "test_autosave.moc"
