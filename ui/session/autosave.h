// Autosave of the open session to the cache directory, and recovery after a
// crash. Each running window owns one slot, "autosave-<time>-<random>.cnnwb"
// (never a PID: those repeat in containers and after reboots), guarded by a
// QLockFile held while it runs. A slot whose lock nobody holds belongs to a
// process that ended without a clean exit (a clean exit deletes its slot), so
// it is offered back on the next start.
//
// Writing happens on a worker thread from a copy of the session, so a large
// set of weights never stalls the window. A model with an error is written
// too, as the session's draft. Nothing is lost on the way: a recovered slot
// is deleted only once this window's own slot holds its content, and a slot
// that cannot be read is kept aside (renamed *.unreadable), never deleted.
#pragma once

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>

#include <memory>

class QLockFile;
class QThread;
class QTimer;

namespace cnnwb::ui {

class ExperimentDocument;

class Autosave : public QObject {
    Q_OBJECT
public:
    struct Orphan {
        QString file;
        QDateTime modified;
    };

    // `directory` is usually QStandardPaths::CacheLocation.
    Autosave(ExperimentDocument* document, const QString& directory, QObject* parent = nullptr);
    ~Autosave() override;

    // Takes this window's slot and starts the timer (default every 30 s).
    void start(int intervalMs = 30000);
    // Writes now if the document changed since the last write; returns true
    // when a write was started. waitForWrite() blocks until it is done (tests, exit).
    bool writeIfChanged();
    void waitForWrite();
    QString slotFile() const { return slotFile_; }

    // Slots of windows that did not exit cleanly, newest first.
    QList<Orphan> orphans() const;
    // Deletes an orphaned slot (declined), with its side files.
    static void discard(const QString& file);
    // Renames a slot that cannot be read out of the way ("….cnnwb.unreadable")
    // and returns its new name, so it is neither offered again nor lost.
    static QString keepAside(const QString& file);
    // The side file that remembers which file a slot's session came from.
    static QString originFile(const QString& slot);
    // Takes over a recovered orphan: it is deleted after this window's next
    // successful write (which starts now), not before.
    void adopt(const QString& orphan);

    // Once the session is saved there is nothing to recover: the slot goes.
    void clearSlot();
    // On a clean exit: no slot left behind, so nothing is offered next time.
    void finishCleanly();

signals:
    void written(const QString& file);
    void failed(const QString& message);

private:
    QString lockFileFor(const QString& slot) const;

    ExperimentDocument* document_;
    QString directory_;
    QString slotFile_;
    std::unique_ptr<QLockFile> lock_;
    QTimer* timer_;
    QThread* writer_ = nullptr;
    quint64 writtenRevision_ = 0;
    QString adopted_;  // a recovered orphan waiting for this slot's next write
    bool finished_ = false;
};

}  // namespace cnnwb::ui
