#include "augmentation_preview.h"

#include "ui/common/sample_image.h"
#include "ui/common/tile_grid.h"

#include "engine/data/augmentation.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace cnnwb::ui {

namespace {
constexpr int kTileSize = 64;
}

QString augmentationText(const Augmentation& g) {
    QStringList parts;
    if (g.rotationRange > 0) parts << QObject::tr("rotation ±%1°").arg(g.rotationRange);
    if (g.widthShiftRange > 0) parts << QObject::tr("width shift ±%1 %").arg(100 * g.widthShiftRange);
    if (g.heightShiftRange > 0) parts << QObject::tr("height shift ±%1 %").arg(100 * g.heightShiftRange);
    if (g.horizontalFlip) parts << QObject::tr("horizontal flip");
    if (g.channelShiftRange > 0) parts << QObject::tr("channel shift ±%1").arg(g.channelShiftRange);
    return parts.isEmpty() ? QObject::tr("off") : parts.join(", ");
}

AugmentationPreview::AugmentationPreview(QWidget* parent)
    : QWidget(parent), label_(new QLabel(this)), grid_(new TileGrid), redraw_(new QPushButton(tr("New draw"), this)) {
    label_->setWordWrap(true);
    label_->setObjectName("augmentationText");
    redraw_->setToolTip(tr("Draw the 8 augmented versions again with a new seed (a click on them does the same)"));
    grid_->setToolTip(tr("Click to draw again with a new seed"));
    grid_->setColumns(1 + kCopies);
    auto* row = new QHBoxLayout;
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(grid_, 0, Qt::AlignLeft | Qt::AlignTop);
    row->addWidget(redraw_, 0, Qt::AlignTop);
    row->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(label_);
    layout->addLayout(row);
    connect(redraw_, &QPushButton::clicked, this, &AugmentationPreview::redraw);
    connect(grid_, &TileGrid::tileClicked, this, [this] { redraw(); });
    show();
}

void AugmentationPreview::setAugmentation(const Augmentation& settings) {
    settings_ = settings;
    show();
}

void AugmentationPreview::setImage(const std::uint8_t* pixels, Shape shape, const QString& caption) {
    pixels_.assign(pixels, pixels + shape.size());
    shape_ = shape;
    caption_ = caption;
    show();
}

void AugmentationPreview::clearImage() {
    pixels_.clear();
    show();
}

void AugmentationPreview::redraw() {
    ++seed_;
    show();
}

QString AugmentationPreview::text() const { return label_->text(); }

void AugmentationPreview::show() {
    const bool on = settings_.any();
    grid_->setVisible(on && !pixels_.empty());
    redraw_->setVisible(on && !pixels_.empty());
    if (!on) {
        label_->setText(tr("Augmentation: off for this experiment. Experiment → Settings turns on rotation, shifts, "
                           "flips and channel shifts; this preview then shows what training draws."));
        return;
    }
    if (pixels_.empty()) {
        label_->setText(tr("Augmentation: %1. Right-click an image to see its augmented versions.")
                            .arg(augmentationText(settings_)));
        return;
    }
    label_->setText(tr("Augmentation: %1 — %2 and %3 versions as training draws them (draw %4; right-click another "
                       "image to preview it)")
                        .arg(augmentationText(settings_), caption_)
                        .arg(kCopies)
                        .arg(seed_));
    const std::vector<std::uint8_t> copies = augmentedCopies(pixels_.data(), shape_, settings_, seed_, 0, kCopies);
    QList<TileGrid::Tile> tiles;
    tiles.push_back({sampleImage(pixels_.data(), shape_.c, shape_.h, shape_.w), tr("original"), caption_, {}});
    for (int i = 0; i < kCopies; ++i)
        tiles.push_back({sampleImage(copies.data() + std::size_t(i) * shape_.size(), shape_.c, shape_.h, shape_.w),
                         QString::number(i + 1), tr("augmented version %1 of draw %2").arg(i + 1).arg(seed_), {}});
    grid_->setTiles(tiles, QSize(kTileSize, kTileSize));
}

}  // namespace cnnwb::ui
