// A data set image (raw 0..255 pixels, channel-major) as a QImage: grey for
// one channel, colour for three.
#pragma once

#include <QImage>

#include <cstdint>

namespace cnnwb {
struct Dataset;
}

namespace cnnwb::ui {

QImage sampleImage(const std::uint8_t* pixels, int channels, int height, int width);
QImage sampleImage(const Dataset& data, std::size_t index);

}  // namespace cnnwb::ui
