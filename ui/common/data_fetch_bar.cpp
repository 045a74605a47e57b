#include "data_fetch_bar.h"

#include "dataset_download.h"

#include "engine/data/downloader.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>

namespace cnnwb::ui {

QString datasetTitle(const QString& datasetId) {
    if (datasetId == "mnist") return QStringLiteral("MNIST");
    if (datasetId == "cifar10") return QStringLiteral("CIFAR-10");
    return datasetId;
}

DataFetchBar::DataFetchBar(QWidget* parent)
    : QFrame(parent),
      label_(new QLabel(this)),
      progress_(new QProgressBar(this)),
      download_(new QPushButton(this)),
      choose_(new QPushButton(tr("Choose folder…"), this)),
      cancel_(new QPushButton(tr("Cancel"), this)),
      downloader_(new DatasetDownload(this)) {
    setFrameShape(QFrame::StyledPanel);
    label_->setWordWrap(true);
    choose_->setToolTip(tr("The folder that holds the data set's files (it is then the only place looked at)"));
    progress_->setTextVisible(true);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    layout->addWidget(label_, 1);
    layout->addWidget(progress_);
    layout->addWidget(download_);
    layout->addWidget(choose_);
    layout->addWidget(cancel_);
    chooseFolder = [this] {
        return QFileDialog::getExistingDirectory(this, tr("Folder with the %1 files").arg(datasetTitle(datasetId_)));
    };
    sourceFor = [](const QString& id) { return datasetSource(id.toStdString()); };
    connect(download_, &QPushButton::clicked, this, &DataFetchBar::startDownload);
    connect(cancel_, &QPushButton::clicked, downloader_, &DatasetDownload::cancel);
    connect(choose_, &QPushButton::clicked, this, [this] {
        const QString folder = chooseFolder ? chooseFolder() : QString();
        if (!folder.isEmpty()) emit folderChosen(folder);
    });
    connect(downloader_, &DatasetDownload::progressed, this, [this](const QString& file, qint64 done, qint64 total) {
        const QLocale locale;
        progress_->setRange(0, total > 0 ? 1000 : 0);
        if (total > 0) progress_->setValue(int(1000 * done / total));
        progress_->setFormat(total > 0 ? tr("%1: %2 of %3").arg(file, locale.formattedDataSize(done), locale.formattedDataSize(total))
                                       : tr("%1: %2").arg(file, locale.formattedDataSize(done)));
    });
    connect(downloader_, &DatasetDownload::finished, this, [this](const QString& folder, const QString& error) {
        if (!folder.isEmpty()) {
            label_->setText(tr("%1 downloaded into %2 and checked (MD5).").arg(datasetTitle(datasetId_), folder));
            emit downloaded(datasetId_, folder);
        } else if (!error.isEmpty()) {
            label_->setText(tr("The download failed: %1").arg(error));
        } else {
            label_->setText(tr("Download cancelled; what arrived is kept, and Download goes on from there."));
        }
        refreshButtons();
    });
    hide();
}

void DataFetchBar::offer(const QString& datasetId, const QString& dataDir) {
    if (!downloader_->isRunning()) {
        datasetId_ = datasetId;
        dataDir_ = dataDir;
        label_->setText(tr("Get %1 without a terminal: download it (checked with MD5) into %2, or choose the folder "
                           "that holds its files.")
                            .arg(datasetTitle(datasetId), dataDir.isEmpty() ? tr("the user cache") : dataDir));
    }
    refreshButtons();
    show();
}

void DataFetchBar::dismiss() {
    if (!downloader_->isRunning()) hide();
}

QString DataFetchBar::text() const { return label_->text(); }

void DataFetchBar::startDownload() {
    DatasetSource source;
    try {
        source = sourceFor(datasetId_);
    } catch (const std::exception& e) {
        label_->setText(QString::fromStdString(e.what()));
        return;
    }
    const QString where = dataDir_.isEmpty() ? tr("the user cache") : dataDir_;
    label_->setText(tr("Downloading %1 into %2 (checked with MD5)…").arg(datasetTitle(datasetId_), where));
    progress_->setRange(0, 0);
    progress_->setFormat(tr("connecting…"));
    downloader_->start(source, dataDir_);
    refreshButtons();
}

void DataFetchBar::refreshButtons() {
    const bool running = downloader_->isRunning();
    download_->setText(tr("Download %1").arg(datasetTitle(datasetId_)));
    download_->setVisible(!running);
    choose_->setVisible(!running);
    cancel_->setVisible(running);
    progress_->setVisible(running);
}

}  // namespace cnnwb::ui
