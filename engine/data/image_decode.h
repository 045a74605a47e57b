// Decodes the PNG, JPEG and BMP files of an image folder into 8-bit RGBA, and
// writes 8-bit PNGs (the generated data sets of `cnnwb data make`). The format
// is told by the content's magic bytes, never by the file name. Images come
// from anywhere, so every bad input is a DataError naming the file: a file or
// image over the caps below is refused before anything big is allocated, the
// pixel buffer grows only as decoded rows arrive (a header that lies about
// the size costs nothing), truncated or corrupt data is an error rather than
// a half-grey picture, and libpng/libjpeg never print to stderr or exit().
// Safe to call from several threads at once (each call has its own decoder).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace cnnwb {

struct RgbaImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgba;  // 4 bytes per pixel, row-major, straight (not premultiplied) alpha
};

// Bigger files are refused before reading.
inline constexpr std::uint64_t kMaxImageFileBytes = std::uint64_t(64) << 20;
// Bigger images are refused before allocating (decompression bombs): 256 MiB of RGBA at most.
inline constexpr std::uint64_t kMaxImagePixels = std::uint64_t(8192) * 8192;

// Decodes PNG (bit depths 1..16; palette, grey, grey+alpha, RGB, RGBA;
// interlaced or not; 16-bit scaled to 8 bits without any gamma correction)
// through libpng, or JPEG (baseline, progressive, arithmetic; greyscale or
// YCbCr/RGB) through libjpeg-turbo, chosen by the content's magic bytes, not
// by a name, or uncompressed BMP (palette to 32 bits; through stb_image; an
// RLE-compressed BMP is refused with a message). Opaque
// formats get alpha 255. CMYK/YCCK JPEGs are refused with a
// message that says so and what to do (save as RGB). Anything else, truncated
// or corrupt data included: DataError "<name>: ...". `name` is used in
// messages only.
RgbaImage decodeImage(const std::uint8_t* bytes, std::size_t size, const std::string& name);

// Checks that `path` is a regular file (requireRegularFile) of at most
// kMaxImageFileBytes, reads and decodes it. Messages name the path.
RgbaImage readImageFile(const std::filesystem::path& path);

// Writes an 8-bit PNG: channels 1 = grey, 3 = RGB, 4 = RGBA; pixels row-major,
// interleaved (HWC). No gamma or colour-space chunks: the bytes are the
// values. Throws DataError naming the path (bad arguments included). Quick
// enough for thousands of small files (a 32×32 RGB file in well under a
// millisecond).
void writePng(const std::filesystem::path& path, const std::uint8_t* pixels, int width, int height, int channels);

}  // namespace cnnwb
