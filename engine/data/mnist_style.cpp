#include "mnist_style.h"

#include "image_convert.h"

#include "../errors.h"

#include <algorithm>
#include <cmath>

namespace cnnwb {

std::vector<std::uint8_t> mnistStyleDigit(const std::vector<std::uint8_t>& grey, int height, int width) {
    if (height < 1 || width < 1 || height > kMaxConvertedSide || width > kMaxConvertedSide ||
        grey.size() != std::size_t(height) * std::size_t(width))
        throw DataError("a drawn digit must be 1 to " + std::to_string(kMaxConvertedSide) + " pixels a side with one byte "
                        "per pixel; got " + std::to_string(height) + "×" + std::to_string(width) + " and " +
                        std::to_string(grey.size()) + " bytes");
    std::vector<std::uint8_t> out(std::size_t(kMnistSide) * kMnistSide, 0);
    int top = height, bottom = -1, left = width, right = -1;
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            if (grey[std::size_t(y) * width + x]) {
                top = std::min(top, y);
                bottom = std::max(bottom, y);
                left = std::min(left, x);
                right = std::max(right, x);
            }
    if (bottom < 0) return out;  // nothing drawn

    // The ink's box, scaled to fit 20×20 with its aspect kept (the long side 20).
    RgbaImage box;
    box.width = right - left + 1;
    box.height = bottom - top + 1;
    for (int y = top; y <= bottom; ++y)
        for (int x = left; x <= right; ++x) {
            const std::uint8_t v = grey[std::size_t(y) * width + x];
            box.rgba.insert(box.rgba.end(), {v, v, v, 255});
        }
    const double scale = double(kMnistDigitBox) / std::max(box.width, box.height);
    ImageConversion c;
    c.height = std::clamp(int(std::lround(box.height * scale)), 1, kMnistDigitBox);
    c.width = std::clamp(int(std::lround(box.width * scale)), 1, kMnistDigitBox);
    c.color = ColorMode::Grayscale;
    const std::vector<std::uint8_t> digit = convertImage(box, c);

    // Centre of mass of the scaled digit, moved to the centre of the field.
    double mass = 0, cy = 0, cx = 0;
    for (int y = 0; y < c.height; ++y)
        for (int x = 0; x < c.width; ++x) {
            const double v = digit[std::size_t(y) * c.width + x];
            mass += v;
            cy += v * y;
            cx += v * x;
        }
    const int offsetY = mass > 0 ? int(std::lround(kMnistSide / 2.0 - 0.5 - cy / mass)) : (kMnistSide - c.height) / 2;
    const int offsetX = mass > 0 ? int(std::lround(kMnistSide / 2.0 - 0.5 - cx / mass)) : (kMnistSide - c.width) / 2;
    for (int y = 0; y < c.height; ++y)
        for (int x = 0; x < c.width; ++x) {
            const int ty = y + offsetY, tx = x + offsetX;
            if (ty >= 0 && ty < kMnistSide && tx >= 0 && tx < kMnistSide)
                out[std::size_t(ty) * kMnistSide + tx] = digit[std::size_t(y) * c.width + x];
        }
    return out;
}

}  // namespace cnnwb
