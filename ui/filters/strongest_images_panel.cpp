#include "strongest_images_panel.h"

#include "ui/common/sample_image.h"
#include "ui/common/tile_grid.h"

#include <QGridLayout>
#include <QLabel>
#include <QPainter>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace cnnwb::ui {

namespace {

constexpr int kPatchBox = 64;

// The patch with the image around it, enlarged in whole pixels, the patch outlined in red.
QImage outlinedCrop(const StrongPatch& p) {
    const QImage crop = sampleImage(reinterpret_cast<const std::uint8_t*>(p.crop.constData()), p.channels,
                                    p.context.height(), p.context.width());
    const int scale = std::max(1, kPatchBox / std::max(1, std::max(crop.width(), crop.height())));
    QImage shown = crop.scaled(crop.size() * scale, Qt::KeepAspectRatio, Qt::FastTransformation)
                       .convertToFormat(QImage::Format_RGB32);
    QPainter painter(&shown);
    painter.setPen(QPen(QColor(230, 40, 40), 1));
    const QRect patch = p.pixels.translated(-p.context.topLeft());
    painter.drawRect(QRect(patch.topLeft() * scale, patch.size() * scale).adjusted(0, 0, -1, -1));
    return shown;
}

}  // namespace

StrongestImagesPanel::StrongestImagesPanel(QWidget* parent)
    : QWidget(parent),
      heading_(new QLabel(this)),
      progress_(new QProgressBar(this)),
      stop_(new QPushButton(tr("Stop"), this)),
      rows_(new QWidget),
      rowsLayout_(new QGridLayout(rows_)) {
    heading_->setWordWrap(true);
    heading_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    progress_->setFormat(tr("%v of %m images"));
    stop_->setToolTip(tr("Stop scanning; the images scanned so far are shown"));
    auto* close = new QPushButton(tr("Close"), this);
    close->setToolTip(tr("Back to the kernels only"));
    connect(stop_, &QPushButton::clicked, this, &StrongestImagesPanel::stopRequested);
    connect(close, &QPushButton::clicked, this, &StrongestImagesPanel::closeRequested);
    auto* top = new QHBoxLayout;
    top->addWidget(heading_, 1);
    top->addWidget(progress_);
    top->addWidget(stop_);
    top->addWidget(close);
    rowsLayout_->setContentsMargins(0, 0, 0, 0);
    rowsLayout_->setColumnStretch(1, 1);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(rows_);
    scroll->setWidgetResizable(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(scroll, 1);
    progress_->hide();
    stop_->hide();
}

bool StrongestImagesPanel::isScanning() const { return !progress_->isHidden(); }

QString StrongestImagesPanel::headingText() const { return heading_->text(); }

void StrongestImagesPanel::clearRows() {
    qDeleteAll(rowWidgets_);
    rowWidgets_.clear();
    tiles_.clear();
}

void StrongestImagesPanel::showScanning(const QString& layer) {
    clearRows();
    images_ = {};
    heading_->setText(tr("Finding the images each filter of <b>%1</b> responds to most…").arg(layer.toHtmlEscaped()));
    progress_->setRange(0, 0);
    progress_->show();
    stop_->show();
}

void StrongestImagesPanel::showProgress(int done, int total) {
    progress_->setRange(0, total);
    progress_->setValue(done);
}

void StrongestImagesPanel::showFailure(const QString& message) {
    progress_->hide();
    stop_->hide();
    heading_->setText(tr("Could not find the strongest images: %1").arg(message.toHtmlEscaped()));
}

void StrongestImagesPanel::showImages(const StrongestImages& images) {
    images_ = images;
    progress_->hide();
    stop_->hide();
    clearRows();
    const QString part = dataPartText(images.part).toLower();
    heading_->setText(
        tr("<b>%1</b>: per filter, the %2 images it responds to most (each image's strongest value of the filter's map), "
           "showing the patch that value sees (outlined in red); %3 of %4 %5 images scanned%6; weights %7. Click a patch to open its image "
           "in Feature maps.")
            .arg(images.layer.toHtmlEscaped())
            .arg(images.filters.isEmpty() ? 0 : images.filters.front().size())
            .arg(images.scanned)
            .arg(images.total)
            .arg(part)
            .arg(images.complete() ? QString() : tr(" (stopped early)"))
            .arg(images.weights.toHtmlEscaped()));
    for (int f = 0; f < images.filters.size(); ++f) {
        auto* label = new QLabel(tr("kernel %1").arg(f + 1), rows_);
        auto* grid = new TileGrid(rows_);
        grid->setColumns(int(images.filters[f].size()));
        QList<TileGrid::Tile> tiles;
        for (const StrongPatch& p : images.filters[f])
            tiles.push_back({outlinedCrop(p),
                             QString::number(p.activation, 'g', 3),
                             tr("%1 image %2 (class %3): value %4 at row %5, column %6 of the map; the patch is rows "
                                "%7–%8, columns %9–%10 of the image")
                                 .arg(dataPartText(images.part))
                                 .arg(p.sample)
                                 .arg(p.label)
                                 .arg(p.activation, 0, 'g', 4)
                                 .arg(p.row + 1)
                                 .arg(p.column + 1)
                                 .arg(p.pixels.top() + 1)
                                 .arg(p.pixels.bottom() + 1)
                                 .arg(p.pixels.left() + 1)
                                 .arg(p.pixels.right() + 1),
                             {}});
        grid->setTiles(tiles, QSize(kPatchBox, kPatchBox));
        connect(grid, &TileGrid::tileClicked, this, [this, f](int index) {
            const StrongPatch& p = images_.filters[f][index];
            emit patchActivated(images_.part, p.sample, p.pixels,
                                tr("Outlined: the patch kernel %1 of %2 responds to most in this image (value %3).")
                                    .arg(f + 1)
                                    .arg(images_.layer)
                                    .arg(p.activation, 0, 'g', 4));
        });
        rowsLayout_->addWidget(label, f, 0, Qt::AlignTop);
        rowsLayout_->addWidget(grid, f, 1, Qt::AlignLeft | Qt::AlignTop);
        rowWidgets_ << label << grid;
        tiles_ << grid;
    }
    rowsLayout_->setRowStretch(int(images.filters.size()), 1);
}

}  // namespace cnnwb::ui
