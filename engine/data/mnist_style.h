// A digit drawn by hand made into an image like MNIST's, the way MNIST was
// made (LeCun, Cortes & Burges): the ink's bounding box is scaled, keeping
// its aspect ratio and anti-aliased, to fit a 20×20 box, then placed in a
// 28×28 field so that its centre of mass sits at the field's centre. The
// "Draw a digit" window feeds the result to the model.
#pragma once

#include <cstdint>
#include <vector>

namespace cnnwb {

inline constexpr int kMnistSide = 28;
inline constexpr int kMnistDigitBox = 20;

// `grey`: height × width, 0 = background, 255 = ink. Returns 28×28 bytes in
// the same sense; all zero when nothing is drawn. Throws DataError when
// `grey` is not height × width or a side is not 1..4096.
std::vector<std::uint8_t> mnistStyleDigit(const std::vector<std::uint8_t>& grey, int height, int width);

}  // namespace cnnwb
