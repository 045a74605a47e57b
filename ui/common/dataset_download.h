// Downloads a built-in data set (engine/data/downloader.h: mirrors, resume,
// MD5 check) on a thread of its own, reporting progress to the GUI thread;
// cancel() stops it within a chunk (the partial file is kept for a resume).
#pragma once

#include "engine/data/downloader.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

class QThread;

namespace cnnwb::ui {

class DatasetDownload : public QObject {
    Q_OBJECT
public:
    explicit DatasetDownload(QObject* parent = nullptr);
    ~DatasetDownload() override;  // cancels and waits for the thread

    // Into `dataDir`/`source.id` (empty: the user cache). False while one runs.
    bool start(const DatasetSource& source, const QString& dataDir);
    void cancel();
    bool isRunning() const { return thread_ != nullptr; }

signals:
    void progressed(const QString& file, qint64 bytesDone, qint64 bytesTotal);
    // Ended: `folder` where the files are (empty when it failed or was
    // cancelled), `error` why not (empty when cancelled or done).
    void finished(const QString& folder, const QString& error);

private:
    void join();

    QThread* thread_ = nullptr;
    std::shared_ptr<std::atomic<bool>> cancel_;
};

}  // namespace cnnwb::ui
