// Turns a decoded image (image_decode.h) into one sample of a data set: alpha
// composited over a background, greyscale or RGB, resized to the settings'
// height × width, laid out channel-major (CHW) like Dataset::pixels. The
// options are those of Keras' image_dataset_from_directory (color_mode,
// crop_to_aspect_ratio, pad_to_aspect_ratio); the resampling is Pillow's
// antialiased BILINEAR, which torchvision's Resize(antialias=True) also
// follows, so a large photo shrunk to 32×32 is averaged, not aliased.
#pragma once

#include "image_decode.h"

#include <array>
#include <cstdint>
#include <vector>

namespace cnnwb {

enum class ColorMode { Grayscale, Rgb };                        // Keras color_mode "grayscale" / "rgb"
enum class ResizeMode { Stretch, CropToAspect, PadToAspect };  // Keras: default, crop_to_aspect_ratio, pad_to_aspect_ratio

struct ImageConversion {
    int height = 32;
    int width = 32;
    ColorMode color = ColorMode::Rgb;
    ResizeMode resize = ResizeMode::Stretch;
    std::array<std::uint8_t, 3> background{0, 0, 0};  // alpha is composited over it; PadToAspect pads with it
};

// The largest height or width a conversion may ask for.
inline constexpr int kMaxConvertedSide = 4096;

// Throws DataError unless height and width are 1..kMaxConvertedSide.
void checkImageConversion(const ImageConversion& conversion);

// Composites alpha over the background, converts to the colour mode (grey =
// ITU-R 601 luma 0.299 R + 0.587 G + 0.114 B), resizes to height × width and
// returns channel-major (CHW) bytes, channels × height × width (the layout of
// Dataset::pixels, see dataset.h). Values are rounded once, at the end.
//
// Resampling: separable triangle (bilinear) filter whose support widens by
// the downscale factor (antialiased, as Pillow's BILINEAR and torchvision's
// antialias=True). Note that this is not a box filter: halving blends in a
// little of the neighbouring pixels too (a 4 → 2 pixel row takes 3/7, 3/7
// and 1/7 of the first three), exactly as Pillow does. Same size = exact
// identity. CropToAspect: the largest centred region with the target aspect
// ratio (sizes and offset truncated, as Keras), then resize. PadToAspect:
// resize to fit inside keeping the aspect ratio (size rounded), centred, the
// rest filled with the background. Deterministic, no threads inside (the
// caller decodes files in parallel); memory beyond the result stays small
// whatever the image's shape.
//
// Throws DataError on a bad conversion (checkImageConversion) or an image
// whose size and pixel bytes disagree.
std::vector<std::uint8_t> convertImage(const RgbaImage& image, const ImageConversion& conversion);

}  // namespace cnnwb
