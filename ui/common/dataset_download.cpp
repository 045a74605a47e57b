#include "dataset_download.h"

#include <QThread>

namespace cnnwb::ui {

DatasetDownload::DatasetDownload(QObject* parent) : QObject(parent) {}

DatasetDownload::~DatasetDownload() {
    if (!thread_) return;
    *cancel_ = true;
    thread_->wait();
    delete thread_;
}

bool DatasetDownload::start(const DatasetSource& source, const QString& dataDir) {
    if (thread_) return false;
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    cancel_ = cancel;
    const std::string dir = dataDir.toStdString();
    // The destructor joins the thread, so `this` outlives it.
    thread_ = QThread::create([this, source, dir, cancel] {
        DownloadOptions options;
        options.progress = [this, cancel, posted = std::uint64_t(0)](const DownloadProgress& p) mutable {
            // A report per 256 KiB is plenty for a bar, and keeps the event queue short.
            if (p.bytesDone < posted + (256u << 10) && p.bytesDone != p.bytesTotal) return !cancel->load();
            posted = p.bytesDone;
            const QString file = QString::fromStdString(p.file);
            const auto done = qint64(p.bytesDone), total = qint64(p.bytesTotal);
            QMetaObject::invokeMethod(this, [this, file, done, total] { emit progressed(file, done, total); },
                                      Qt::QueuedConnection);
            return !cancel->load();
        };
        options.cancelRequested = [cancel] { return cancel->load(); };
        QString folder, error;
        try {
            folder = QString::fromStdString(downloadDataset(source, dir, options).string());
        } catch (const DownloadCancelled&) {
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        QMetaObject::invokeMethod(this, [this, folder, error] {
            join();
            emit finished(folder, error);
        }, Qt::QueuedConnection);
    });
    thread_->start();
    return true;
}

void DatasetDownload::join() {
    thread_->wait();
    delete thread_;
    thread_ = nullptr;
}

void DatasetDownload::cancel() {
    if (cancel_) *cancel_ = true;
}

}  // namespace cnnwb::ui
