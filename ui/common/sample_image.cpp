#include "sample_image.h"

#include "engine/data/dataset.h"

namespace cnnwb::ui {

QImage sampleImage(const std::uint8_t* pixels, int channels, int height, int width) {
    const std::size_t plane = std::size_t(height) * std::size_t(width);
    if (channels == 1) {
        QImage image(width, height, QImage::Format_Grayscale8);
        for (int y = 0; y < height; ++y) std::copy_n(pixels + std::size_t(y) * width, width, image.scanLine(y));
        return image;
    }
    QImage image(width, height, QImage::Format_RGB32);
    for (int y = 0; y < height; ++y) {
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
        for (int x = 0; x < width; ++x) {
            const std::size_t at = std::size_t(y) * width + x;
            const int r = pixels[at];
            const int g = channels > 1 ? pixels[plane + at] : r;
            const int b = channels > 2 ? pixels[2 * plane + at] : r;
            line[x] = qRgb(r, g, b);
        }
    }
    return image;
}

QImage sampleImage(const Dataset& data, std::size_t index) {
    return sampleImage(data.samplePixels(index), data.sampleShape.c, data.sampleShape.h, data.sampleShape.w);
}

}  // namespace cnnwb::ui
