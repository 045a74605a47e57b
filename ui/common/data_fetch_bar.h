// Shown under a "data not found" message: how to get the data without a
// terminal. "Download MNIST" fetches it with the MD5-checked downloader
// (progress, Cancel); "Choose folder…" names the folder that holds it
// (from then on the only place looked at). Emits what happened; whoever
// owns the data folder applies it and loads again.
#pragma once

#include "engine/data/downloader.h"

#include <QFrame>

#include <functional>

class QLabel;
class QProgressBar;
class QPushButton;

namespace cnnwb::ui {

class DatasetDownload;

class DataFetchBar : public QFrame {
    Q_OBJECT
public:
    explicit DataFetchBar(QWidget* parent = nullptr);

    // Offers `datasetId` ("mnist", "cifar10"), downloading into `dataDir`
    // (empty: the user cache, where the search looks).
    void offer(const QString& datasetId, const QString& dataDir);
    void dismiss();  // hides it, unless a download is in progress (its progress stays in view)

    QString datasetId() const { return datasetId_; }
    QString text() const;
    QPushButton* downloadButton() const { return download_; }
    QPushButton* chooseButton() const { return choose_; }
    QPushButton* cancelButton() const { return cancel_; }
    DatasetDownload* download() const { return downloader_; }

    // Asks for a folder (a dialog by default; tests answer instead).
    std::function<QString()> chooseFolder;
    // Where a data set comes from (the engine's mirrors by default; tests serve it locally).
    std::function<DatasetSource(const QString& datasetId)> sourceFor;

signals:
    void folderChosen(const QString& folder);
    // The download finished: the data set is in `folder`.
    void downloaded(const QString& datasetId, const QString& folder);

private:
    void startDownload();
    void refreshButtons();

    QString datasetId_;
    QString dataDir_;
    QLabel* label_;
    QProgressBar* progress_;
    QPushButton* download_;
    QPushButton* choose_;
    QPushButton* cancel_;
    DatasetDownload* downloader_;
};

// "MNIST", "CIFAR-10": a data set id as people write it.
QString datasetTitle(const QString& datasetId);

}  // namespace cnnwb::ui
