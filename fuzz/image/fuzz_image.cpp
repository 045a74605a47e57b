// Fuzz target: the image decoder and converter an image folder uses
// (decodeImage on the bytes, PNG or JPEG by their magic; then convertImage to
// 32×32 RGB as the default settings do, and to odd sizes with a crop in grey
// and a pad in RGB). The decoder's DataError is the expected outcome for bad
// input; a conversion of a decoded image has no reason to fail, so its
// DataError escapes and counts as a finding.
//
// Byte flips almost always break a PNG chunk's CRC, and libpng then stops at
// that chunk, so an input whose CRCs are wrong is decoded as it is (the CRC
// check is fuzzed too) and once more with its CRCs corrected: the mutated
// chunk contents reach the decoder. Invariants: a decoded image has
// 1..kMaxImagePixels pixels of 4 bytes; each conversion gives channels ×
// height × width bytes; an opaque image converted to its own size is its
// pixels unchanged. Seeds: corpus/ (generated, fuzz/README.md); past
// crashes: regressions/.
#include "common/fuzz_support.h"

#include "engine/data/image_convert.h"
#include "engine/data/image_decode.h"
#include "engine/errors.h"

#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <vector>

namespace {

using cnnwb::fuzz::require;

std::uint32_t bigEndian32(const std::uint8_t* p) {
    return std::uint32_t(p[0]) << 24 | std::uint32_t(p[1]) << 16 | std::uint32_t(p[2]) << 8 | std::uint32_t(p[3]);
}

// The input with every complete chunk's CRC recomputed, when it is a PNG and
// any CRC was wrong; nothing otherwise.
std::optional<std::vector<std::uint8_t>> withPngCrcsFixed(const std::uint8_t* data, std::size_t size) {
    static const std::uint8_t signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (size < 8 || std::memcmp(data, signature, 8) != 0) return std::nullopt;
    std::vector<std::uint8_t> fixed(data, data + size);
    bool changed = false;
    for (std::size_t at = 8; size - at >= 12;) {
        const std::uint64_t length = bigEndian32(data + at);
        if (length > size - at - 12) break;
        const std::size_t crcAt = at + 8 + std::size_t(length);
        const std::uint32_t crc =
            std::uint32_t(crc32(0, data + at + 4, uInt(4 + length)));  // over the type and the data
        if (bigEndian32(data + crcAt) != crc) {
            for (int i = 0; i < 4; ++i) fixed[crcAt + std::size_t(i)] = std::uint8_t(crc >> (24 - 8 * i));
            changed = true;
        }
        at = crcAt + 4;
    }
    if (!changed) return std::nullopt;
    return fixed;
}

cnnwb::ImageConversion conversion(int height, int width, cnnwb::ColorMode color, cnnwb::ResizeMode resize) {
    cnnwb::ImageConversion c;
    c.height = height;
    c.width = width;
    c.color = color;
    c.resize = resize;
    c.background = {10, 200, 30};
    return c;
}

void decodeAndConvert(const std::uint8_t* data, std::size_t size) {
    cnnwb::RgbaImage image;
    try {
        image = cnnwb::decodeImage(data, size, "fuzz-input");
    } catch (const cnnwb::DataError&) {
        return;
    }
    const std::uint64_t pixels = std::uint64_t(image.width) * std::uint64_t(image.height);
    require(image.width >= 1 && image.height >= 1, "decodeImage() returned an image without pixels");
    require(pixels <= cnnwb::kMaxImagePixels, "decodeImage() returned an image over kMaxImagePixels");
    require(image.rgba.size() == pixels * 4, "decodeImage() returned other than 4 bytes per pixel");

    using cnnwb::ColorMode;
    using cnnwb::ResizeMode;
    const cnnwb::ImageConversion conversions[] = {
        cnnwb::ImageConversion{},  // 32×32 RGB, stretched
        conversion(5, 9, ColorMode::Grayscale, ResizeMode::CropToAspect),
        conversion(9, 5, ColorMode::Rgb, ResizeMode::PadToAspect),
    };
    for (const auto& c : conversions) {
        const std::size_t channels = c.color == ColorMode::Grayscale ? 1 : 3;
        require(cnnwb::convertImage(image, c).size() == channels * std::size_t(c.height) * std::size_t(c.width),
                "convertImage() returned other than channels × height × width bytes");
    }

    if (image.width > 64 || image.height > 64) return;
    const auto same = cnnwb::convertImage(image, conversion(image.height, image.width, ColorMode::Rgb,
                                                            ResizeMode::Stretch));
    const std::size_t plane = std::size_t(pixels);
    for (std::size_t i = 0; i < plane; ++i) {
        const std::uint8_t* p = image.rgba.data() + 4 * i;
        if (p[3] != 255) continue;
        for (std::size_t c = 0; c < 3; ++c)
            require(same[c * plane + i] == p[c], "convertImage() to the image's own size changed an opaque pixel");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    cnnwb::fuzz::useOneThread();
    decodeAndConvert(data, size);
    if (const auto fixed = withPngCrcsFixed(data, size)) decodeAndConvert(fixed->data(), fixed->size());
    return 0;
}
