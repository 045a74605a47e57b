#include "kernel_images.h"

#include <algorithm>

namespace cnnwb::ui {

bool hasColourView(const KernelBank& bank) { return bank.inputChannels == 3 && bank.rows > 0; }

QImage kernelImage(const KernelBank& bank, int k) {
    QImage image(bank.columns, bank.rows, QImage::Format_RGB32);
    const qsizetype n = qsizetype(bank.channels) * bank.rows * bank.columns;
    const float* w = bank.values.constData() + bank.offset(k, 0);
    const auto [lo, hi] = std::minmax_element(w, w + n);
    const float span = *hi - *lo > 0 ? *hi - *lo : 1.0f;
    auto level = [&](float v) { return std::clamp(int((v - *lo) / span * 255.0f + 0.5f), 0, 255); };
    const int source = bank.sourceChannel(k);
    for (int r = 0; r < bank.rows; ++r) {
        for (int x = 0; x < bank.columns; ++x) {
            if (bank.channels == 3) {
                image.setPixel(x, r, qRgb(level(bank.at(k, 0, r, x)), level(bank.at(k, 1, r, x)), level(bank.at(k, 2, r, x))));
            } else {
                const int l = level(bank.at(k, 0, r, x));
                image.setPixel(x, r, qRgb(source == 0 ? l : 0, source == 1 ? l : 0, source == 2 ? l : 0));
            }
        }
    }
    return image;
}

}  // namespace cnnwb::ui
