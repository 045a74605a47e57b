// The data browser's augmentation preview: one image and 8 augmented
// versions of it, drawn through the training path (augmentedCopies) with the
// experiment's augmentation settings, so what it shows is what the model is
// shown. A click on the pictures (or New draw) draws again with the next
// seed. When augmentation is off it says so and where to turn it on.
#pragma once

#include "engine/model_spec.h"

#include <QWidget>

#include <cstdint>
#include <vector>

class QLabel;
class QPushButton;

namespace cnnwb::ui {

class TileGrid;

class AugmentationPreview : public QWidget {
    Q_OBJECT
public:
    static constexpr int kCopies = 8;

    explicit AugmentationPreview(QWidget* parent = nullptr);

    void setAugmentation(const Augmentation& settings);
    // The image to preview: raw 0..255 pixels (channel-major) of `shape`, copied.
    void setImage(const std::uint8_t* pixels, Shape shape, const QString& caption);
    void clearImage();
    // Draws the copies again with the next seed.
    void redraw();

    std::uint32_t seed() const { return seed_; }
    TileGrid* grid() const { return grid_; }
    QString text() const;

private:
    void show();

    Augmentation settings_;
    std::vector<std::uint8_t> pixels_;
    Shape shape_;
    QString caption_;
    std::uint32_t seed_ = 1;
    QLabel* label_;
    TileGrid* grid_;
    QPushButton* redraw_;
};

// "rotation ±15°, width shift ±10 %, horizontal flip": the settings in words ("off" when none).
QString augmentationText(const Augmentation& settings);

}  // namespace cnnwb::ui
