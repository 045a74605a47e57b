#include "autosave.h"

#include "ui/document/experiment_document.h"
#include "session_io.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <filesystem>

namespace cnnwb::ui {

namespace {

const char* kPrefix = "autosave-";
const char* kSuffix = ".cnnwb";

}  // namespace

Autosave::Autosave(ExperimentDocument* document, const QString& directory, QObject* parent)
    : QObject(parent), document_(document), directory_(directory), timer_(new QTimer(this)) {
    connect(timer_, &QTimer::timeout, this, [this] { writeIfChanged(); });
}

Autosave::~Autosave() { waitForWrite(); }

QString Autosave::lockFileFor(const QString& slot) const {
    QString lock = slot;
    lock.chop(int(qstrlen(kSuffix)));
    return lock + ".lock";
}

void Autosave::start(int intervalMs) {
    QDir().mkpath(directory_);
    slotFile_ = QDir(directory_).filePath(QStringLiteral("%1%2%3").arg(kPrefix).arg(QCoreApplication::applicationPid()).arg(kSuffix));
    lock_ = std::make_unique<QLockFile>(lockFileFor(slotFile_));
    lock_->setStaleLockTime(0);  // held for the whole run: only a dead owner makes it stale
    if (!lock_->tryLock(100)) emit failed(tr("Cannot lock the autosave slot %1").arg(slotFile_));
    timer_->start(intervalMs);
}

bool Autosave::writeIfChanged() {
    if (finished_ || slotFile_.isEmpty() || !document_->isModified()) return false;
    if (document_->revision() == writtenRevision_) return false;
    if (writer_) return false;  // the previous write is still going; the next tick catches up
    Session session;
    try {
        session = sessionFromDocument(*document_);
    } catch (const std::exception&) {
        return false;  // invalid model: keep the last valid autosave
    }
    const quint64 revision = document_->revision();
    const std::filesystem::path path(QFile::encodeName(slotFile_).toStdString());
    auto error = std::make_shared<QString>();
    writer_ = QThread::create([session = std::move(session), path, error] {
        try {
            saveSession(session, path);
        } catch (const std::exception& e) {
            *error = QString::fromStdString(e.what());
        }
    });
    connect(writer_, &QThread::finished, this, [this, revision, error] {
        writer_->deleteLater();
        writer_ = nullptr;
        if (error->isEmpty()) {
            writtenRevision_ = revision;
            emit written(slotFile_);
        } else {
            emit failed(*error);
        }
    });
    writer_->start(QThread::LowPriority);
    return true;
}

void Autosave::waitForWrite() {
    if (!writer_) return;
    writer_->wait();
    // Deliver the finished() bookkeeping now rather than at the next event loop turn.
    QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
}

QList<Autosave::Orphan> Autosave::orphans() const {
    QList<Orphan> out;
    const QDir dir(directory_);
    const QStringList names = dir.entryList({QStringLiteral("%1*%2").arg(kPrefix, kSuffix)}, QDir::Files);
    for (const QString& name : names) {
        const QString file = dir.filePath(name);
        if (file == slotFile_) continue;
        QLockFile probe(lockFileFor(file));
        probe.setStaleLockTime(0);
        if (!probe.tryLock(0)) continue;  // its window is still running
        probe.unlock();
        out.push_back({file, QFileInfo(file).lastModified()});
    }
    std::sort(out.begin(), out.end(), [](const Orphan& a, const Orphan& b) { return a.modified > b.modified; });
    return out;
}

void Autosave::discard(const QString& file) {
    QFile::remove(file);
    QFile::remove(file + ".saving");  // a write cut short by the crash
}

void Autosave::clearSlot() {
    waitForWrite();
    if (!slotFile_.isEmpty()) discard(slotFile_);
    writtenRevision_ = 0;
}

void Autosave::finishCleanly() {
    finished_ = true;
    timer_->stop();
    waitForWrite();
    if (!slotFile_.isEmpty()) discard(slotFile_);
    if (lock_) lock_->unlock();
}

}  // namespace cnnwb::ui
