#include "activation_images.h"

#include <algorithm>
#include <cmath>

namespace cnnwb::ui {

int greyLevel(float v, float lo, float hi) {
    if (!(hi > lo) || !std::isfinite(v)) return 128;
    return std::clamp(int(std::lround((v - lo) / (hi - lo) * 255.0f)), 0, 255);
}

static QImage greyImage(const float* v, int height, int width, qsizetype count) {
    QImage image(width, height, QImage::Format_Grayscale8);
    image.fill(255);
    const auto [lo, hi] = std::minmax_element(v, v + count);
    for (qsizetype i = 0; i < count; ++i) image.scanLine(int(i / width))[i % width] = uchar(greyLevel(v[i], *lo, *hi));
    return image;
}

QList<QImage> featureMapImages(const ActivationMap& map) {
    QList<QImage> images;
    const qsizetype plane = qsizetype(map.height) * map.width;
    for (int c = 0; c < map.channels; ++c)
        images << greyImage(map.values.constData() + c * plane, map.height, map.width, plane);
    return images;
}

QImage vectorImage(const ActivationMap& map, int rowLength) {
    const qsizetype n = map.values.size();
    const int width = int(std::min<qsizetype>(n, rowLength));
    const int height = int((n + width - 1) / std::max(1, width));
    if (n == 0) return {};
    return greyImage(map.values.constData(), height, width, n);
}

}  // namespace cnnwb::ui
