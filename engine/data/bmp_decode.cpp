#include "bmp_decode.h"

#include "../errors.h"

#include <stb_image.h>

#include <climits>
#include <cstdlib>
#include <memory>

namespace cnnwb {

namespace {

std::uint32_t littleEndian(const std::uint8_t* p, int bytes) {
    std::uint32_t v = 0;
    for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | p[i];
    return v;
}

// stb_image reads past the end of a file as zeros, so a BMP cut short would
// decode "fine" with black rows: the pixel array the header describes must
// be in the file, and uncompressed, which is what stb reads.
void checkPixelArrayIsWhole(const std::uint8_t* b, std::size_t size, const std::string& name) {
    if (size < 26) throw DataError(name + ": corrupt or truncated BMP (the header is cut short)");
    const std::uint32_t offset = littleEndian(b + 10, 4), header = littleEndian(b + 14, 4);
    std::uint64_t width = 0, height = 0, bits = 0, compression = 0;
    if (header == 12) {  // OS/2 BITMAPCOREHEADER
        width = littleEndian(b + 18, 2), height = littleEndian(b + 20, 2), bits = littleEndian(b + 24, 2);
    } else {
        if (size < 34) throw DataError(name + ": corrupt or truncated BMP (the header is cut short)");
        width = std::uint64_t(std::abs(std::int64_t(std::int32_t(littleEndian(b + 18, 4)))));
        height = std::uint64_t(std::abs(std::int64_t(std::int32_t(littleEndian(b + 22, 4)))));
        bits = littleEndian(b + 28, 2), compression = littleEndian(b + 30, 4);
    }
    // Uncompressed (BI_RGB) or with colour masks (BI_BITFIELDS) only: stb
    // would take an unknown compression value for "none" and decode zeros.
    if (compression == 1 || compression == 2)
        throw DataError(name + ": an RLE-compressed BMP, which is not read here; save it uncompressed or as PNG");
    if (compression != 0 && compression != 3)
        throw DataError(name + ": corrupt or unsupported BMP (compression type " + std::to_string(compression) +
                        "; only uncompressed BMPs are read)");
    const std::uint64_t rowBytes = (width * bits + 31) / 32 * 4;
    const std::uint64_t needed = std::uint64_t(offset) + rowBytes * height;
    if (needed > size)
        throw DataError(name + ": corrupt or truncated BMP: its header describes " + std::to_string(needed) +
                        " bytes, the file holds " + std::to_string(size));
}

}  // namespace

RgbaImage decodeBmp(const std::uint8_t* bytes, std::size_t size, const std::string& name) {
    if (size > std::size_t(INT_MAX)) throw DataError(name + ": the BMP file is too large");
    checkPixelArrayIsWhole(bytes, size, name);
    int width = 0, height = 0, components = 0;
    // The header alone first: a BMP that claims a huge size is refused before stb allocates for it.
    if (!stbi_info_from_memory(bytes, int(size), &width, &height, &components))
        throw DataError(name + ": corrupt or unsupported BMP (" + stbi_failure_reason() + ")");
    if (width <= 0 || height <= 0 || std::uint64_t(width) * std::uint64_t(height) > kMaxImagePixels)
        throw DataError(name + ": the BMP claims " + std::to_string(width) + "×" + std::to_string(height) +
                        " pixels; an image is at most " + std::to_string(kMaxImagePixels) + " pixels here");
    int w = 0, h = 0, n = 0;
    const std::unique_ptr<stbi_uc, void (*)(void*)> pixels(stbi_load_from_memory(bytes, int(size), &w, &h, &n, 4),
                                                           stbi_image_free);
    if (!pixels) throw DataError(name + ": corrupt or truncated BMP (" + stbi_failure_reason() + ")");
    if (w != width || h != height) throw DataError(name + ": corrupt BMP (its size changed while decoding)");
    RgbaImage image;
    image.width = w;
    image.height = h;
    image.rgba.assign(pixels.get(), pixels.get() + std::size_t(w) * std::size_t(h) * 4);
    return image;
}

}  // namespace cnnwb
