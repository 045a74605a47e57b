#include "autosave.h"

#include "ui/document/experiment_document.h"
#include "session_io.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QRandomGenerator>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <filesystem>
#include <utility>

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
    // Time, then 64 random bits: sorts by age, and no two windows ever share a name.
    const QString name = QStringLiteral("%1%2-%3%4")
                             .arg(kPrefix, QDateTime::currentDateTimeUtc().toString("yyyyMMdd-HHmmss"))
                             .arg(QRandomGenerator::system()->generate64(), 16, 16, QLatin1Char('0'))
                             .arg(kSuffix);
    slotFile_ = QDir(directory_).filePath(name);
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
        session = sessionFromDocument(*document_);  // a model with an error goes in as a draft
    } catch (const std::exception& e) {
        emit failed(QString::fromStdString(e.what()));
        return false;
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
            if (!adopted_.isEmpty()) discard(std::exchange(adopted_, QString()));  // its content is safe in our slot now
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
    QFile::remove(originFile(file));
    // Writes cut short by the crash leave "<slot>.saving-<pid>-<n>" beside it.
    const QFileInfo info(file);
    for (const QString& partial : info.dir().entryList({info.fileName() + ".saving-*"}, QDir::Files))
        QFile::remove(info.dir().filePath(partial));
}

QString Autosave::keepAside(const QString& file) {
    QString kept = file + ".unreadable";
    for (int n = 2; QFile::exists(kept); ++n) kept = file + QStringLiteral(".unreadable-%1").arg(n);
    if (!QFile::rename(file, kept)) return file;
    QFile::rename(originFile(file), originFile(kept));
    return kept;
}

QString Autosave::originFile(const QString& slot) { return slot + ".origin"; }

void Autosave::adopt(const QString& orphan) {
    adopted_ = orphan;
    writeIfChanged();
}

void Autosave::clearSlot() {
    waitForWrite();
    if (!slotFile_.isEmpty()) discard(slotFile_);
    if (!adopted_.isEmpty()) discard(std::exchange(adopted_, QString()));  // saved by the person: safe
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
