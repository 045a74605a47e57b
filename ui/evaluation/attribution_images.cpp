#include "attribution_images.h"

#include "ui/filters/diverging_palette.h"

#include <QColor>

#include <algorithm>
#include <cmath>

namespace cnnwb::ui {

namespace {

// 0..1 → black, red, yellow, white.
QColor hot(double t) {
    t = std::clamp(t, 0.0, 1.0);
    const int r = int(std::lround(255 * std::min(1.0, 3 * t)));
    const int g = int(std::lround(255 * std::clamp(3 * t - 1, 0.0, 1.0)));
    const int b = int(std::lround(255 * std::clamp(3 * t - 2, 0.0, 1.0)));
    return {r, g, b};
}

double largest(const std::vector<float>& values) {
    double m = 0;
    for (float v : values) m = std::max(m, double(std::abs(v)));
    return m;
}

}  // namespace

QImage heatImage(const std::vector<float>& values, int height, int width) {
    QImage image(width, height, QImage::Format_RGB32);
    const double top = largest(values);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            image.setPixelColor(x, y, hot(top > 0 ? values[std::size_t(y * width + x)] / top : 0));
    return image;
}

QImage camOverlay(const QImage& base, const std::vector<float>& cam, int camHeight, int camWidth) {
    QImage image = base.convertToFormat(QImage::Format_RGB32);
    const double top = largest(cam);
    if (camHeight <= 0 || camWidth <= 0) return image;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const int cy = std::min(camHeight - 1, y * camHeight / image.height());
            const int cx = std::min(camWidth - 1, x * camWidth / image.width());
            const QColor heat = hot(top > 0 ? cam[std::size_t(cy * camWidth + cx)] / top : 0);
            const QColor grey = image.pixelColor(x, y);
            image.setPixelColor(x, y, QColor((grey.red() + heat.red()) / 2, (grey.green() + heat.green()) / 2,
                                             (grey.blue() + heat.blue()) / 2));
        }
    return image;
}

QImage divergingImage(const std::vector<float>& values, int height, int width) {
    QImage image(width, height, QImage::Format_RGB32);
    const double top = largest(values);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            image.setPixelColor(x, y, divergingColour(values[std::size_t(y * width + x)], top > 0 ? top : 1));
    return image;
}

}  // namespace cnnwb::ui
