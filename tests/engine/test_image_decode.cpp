// Image decoding and conversion (image_decode.h, image_convert.h) on fixtures
// the test writes itself with libpng and libjpeg: every PNG layout (8-bit,
// 16-bit with and without gAMA, 1- and 2-bit, palette with tRNS, interlaced),
// JPEG baseline, progressive, arithmetic, greyscale, CMYK and YCCK refused;
// truncated, empty, text and lying files refused with the file named and
// nothing printed; writePng round trips. The conversion's compositing,
// greyscale, resampling, crop, pad and CHW layout are checked on images small
// enough to work out by hand. The fuzz seeds of fuzz/image/corpus come from
// here too (fuzzSeeds; CNNWB_IMAGE_SEEDS_DIR=fuzz/image/corpus writes them).
#include "test_data_hostile.h"
#include "test_data_util.h"

#include "engine/data/image_convert.h"
#include "engine/data/image_decode.h"

#include <QTemporaryDir>
#include <QTest>

#include <png.h>
// jpeglib.h needs size_t and FILE declared first.
#include <cstdio>
#include <jpeglib.h>
#include <zlib.h>

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <optional>

using namespace cnnwb;
using namespace testdata;
namespace fs = std::filesystem;

namespace {

const std::uint8_t* bytesOf(const Bytes& b) { return reinterpret_cast<const std::uint8_t*>(b.data()); }

RgbaImage decode(const Bytes& b) { return decodeImage(bytesOf(b), b.size(), "fixture"); }

// ---------------------------------------------------------------- PNG fixtures

struct PngFixture {
    int width = 0;
    int height = 0;
    int bitDepth = 8;
    int colorType = PNG_COLOR_TYPE_RGB;
    bool interlaced = false;
    std::vector<png_color> palette;
    std::vector<png_byte> paletteAlpha;  // tRNS of a palette image
    std::optional<double> gamma;         // a gAMA chunk when set
    std::vector<Bytes> rows;             // packed as in the file (16-bit big-endian, low bit depths MSB first)
};

void appendToBytes(png_structp png, png_bytep data, std::size_t n) {
    static_cast<Bytes*>(png_get_io_ptr(png))->append(reinterpret_cast<const char*>(data), n);
}

// With libpng's default error handling: the fixtures are valid, and a
// mistake in one aborts the suite loudly.
Bytes encodePng(const PngFixture& f) {
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    png_infop info = png_create_info_struct(png);
    Bytes out;
    png_set_write_fn(png, &out, appendToBytes, nullptr);
    png_set_IHDR(png, info, png_uint_32(f.width), png_uint_32(f.height), f.bitDepth, f.colorType,
                 f.interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    if (!f.palette.empty()) png_set_PLTE(png, info, f.palette.data(), int(f.palette.size()));
    if (!f.paletteAlpha.empty()) png_set_tRNS(png, info, f.paletteAlpha.data(), int(f.paletteAlpha.size()), nullptr);
    if (f.gamma) png_set_gAMA(png, info, *f.gamma);
    std::vector<png_bytep> rows;
    for (const Bytes& r : f.rows) rows.push_back(reinterpret_cast<png_bytep>(const_cast<char*>(r.data())));
    png_write_info(png, info);
    png_write_image(png, rows.data());  // all Adam7 passes when interlaced
    png_write_end(png, nullptr);
    png_destroy_write_struct(&png, &info);
    return out;
}

Bytes row8(std::initializer_list<int> samples) {
    Bytes b;
    for (int s : samples) b += char(s);
    return b;
}

Bytes row16(std::initializer_list<int> samples) {
    Bytes b;
    for (int s : samples) {
        b += char(s >> 8);
        b += char(s & 0xFF);
    }
    return b;
}

// Samples of `depth` bits (1, 2 or 4) packed most significant first.
Bytes packed(const std::vector<int>& samples, int depth) {
    Bytes b((samples.size() * std::size_t(depth) + 7) / 8, '\0');
    for (std::size_t i = 0; i < samples.size(); ++i) {
        const std::size_t bit = i * std::size_t(depth);
        b[bit / 8] = char(std::uint8_t(b[bit / 8]) | (samples[i] << (8 - depth - int(bit % 8))));
    }
    return b;
}

// Deterministic noise, which deflate and JPEG cannot squeeze much.
std::uint8_t noise(std::size_t i) { return std::uint8_t((i * 2654435761u) >> 13); }

Bytes noisyRgbPng(int width, int height) {
    PngFixture f{width, height};
    for (int y = 0; y < height; ++y) {
        Bytes r;
        for (int i = 0; i < width * 3; ++i) r += char(noise(std::size_t(y * width * 3 + i)));
        f.rows.push_back(r);
    }
    return encodePng(f);
}

void appendBigEndian(Bytes& b, std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) b += char((v >> shift) & 0xFF);
}

void appendChunk(Bytes& png, const char* type, const Bytes& data) {
    appendBigEndian(png, std::uint32_t(data.size()));
    const Bytes typed = std::string(type, 4) + data;
    png += typed;
    appendBigEndian(png, std::uint32_t(crc32(0, reinterpret_cast<const Bytef*>(typed.data()), uInt(typed.size()))));
}

// A PNG whose header claims width × height but whose image data is a few
// bytes: what a decompression bomb's header or a cut file looks like.
Bytes pngHeaderClaiming(std::uint32_t width, std::uint32_t height, int colorType = PNG_COLOR_TYPE_RGB) {
    Bytes png("\x89PNG\r\n\x1a\n", 8);
    Bytes ihdr;
    appendBigEndian(ihdr, width);
    appendBigEndian(ihdr, height);
    ihdr += char(8);
    ihdr += char(colorType);
    ihdr += Bytes(3, '\0');
    appendChunk(png, "IHDR", ihdr);
    appendChunk(png, "IDAT", Bytes("\x78\x9c\x63\x00\x00\x00\x01\x00\x01", 9));
    appendChunk(png, "IEND", "");
    return png;
}

// ---------------------------------------------------------------- JPEG fixtures

struct JpegFixture {
    int width = 16;
    int height = 16;
    J_COLOR_SPACE input = JCS_RGB;
    int components = 3;
    std::optional<J_COLOR_SPACE> stored;  // jpeg_set_colorspace
    bool progressive = false;
    bool arithmetic = false;
    bool noSubsampling = false;
    int restartRows = 0;
    int quality = 95;
    std::vector<std::uint8_t> pixels;  // interleaved, width × height × components
};

// A flat colour: one value per component.
JpegFixture flatJpeg(int width, int height, std::vector<std::uint8_t> colour, J_COLOR_SPACE input = JCS_RGB) {
    JpegFixture f;
    f.width = width;
    f.height = height;
    f.input = input;
    f.components = int(colour.size());
    for (int i = 0; i < width * height; ++i) f.pixels.insert(f.pixels.end(), colour.begin(), colour.end());
    return f;
}

Bytes encodeJpeg(const JpegFixture& f) {
    jpeg_compress_struct c;
    jpeg_error_mgr errors;
    c.err = jpeg_std_error(&errors);
    jpeg_create_compress(&c);
    unsigned char* buffer = nullptr;
    unsigned long size = 0;
    jpeg_mem_dest(&c, &buffer, &size);
    c.image_width = JDIMENSION(f.width);
    c.image_height = JDIMENSION(f.height);
    c.input_components = f.components;
    c.in_color_space = f.input;
    jpeg_set_defaults(&c);
    if (f.stored) jpeg_set_colorspace(&c, *f.stored);
    jpeg_set_quality(&c, f.quality, TRUE);
    if (f.progressive) jpeg_simple_progression(&c);
    if (f.arithmetic) c.arith_code = TRUE;
    if (f.noSubsampling)
        for (int i = 0; i < c.num_components; ++i) c.comp_info[i].h_samp_factor = c.comp_info[i].v_samp_factor = 1;
    c.restart_in_rows = f.restartRows;
    jpeg_start_compress(&c, TRUE);
    while (c.next_scanline < c.image_height) {
        JSAMPROW row = const_cast<JSAMPROW>(f.pixels.data() + std::size_t(c.next_scanline) * std::size_t(f.width) *
                                                                  std::size_t(f.components));
        jpeg_write_scanlines(&c, &row, 1);
    }
    jpeg_finish_compress(&c);
    Bytes out(reinterpret_cast<const char*>(buffer), size);
    std::free(buffer);
    jpeg_destroy_compress(&c);
    return out;
}

Bytes noisyJpeg(int width, int height, bool progressive) {
    JpegFixture f;
    f.width = width;
    f.height = height;
    f.progressive = progressive;
    for (int i = 0; i < width * height * 3; ++i) f.pixels.push_back(noise(std::size_t(i)));
    return encodeJpeg(f);
}

// ---------------------------------------------------------------- checks

std::array<int, 4> pixelAt(const RgbaImage& image, int x, int y) {
    const std::uint8_t* p = image.rgba.data() + (std::size_t(y) * std::size_t(image.width) + std::size_t(x)) * 4;
    return {p[0], p[1], p[2], p[3]};
}

QString pixelText(const std::array<int, 4>& p) {
    return QStringLiteral("(%1, %2, %3, %4)").arg(p[0]).arg(p[1]).arg(p[2]).arg(p[3]);
}

#define QCOMPARE_PIXEL(image, x, y, ...)                                                                    \
    do {                                                                                                    \
        const std::array<int, 4> expected_{__VA_ARGS__};                                                    \
        const std::array<int, 4> actual_ = pixelAt(image, x, y);                                            \
        QVERIFY2(actual_ == expected_, qPrintable(QStringLiteral("pixel (%1, %2) is %3, expected %4")       \
                                                      .arg(x)                                               \
                                                      .arg(y)                                               \
                                                      .arg(pixelText(actual_), pixelText(expected_))));     \
    } while (false)

// Every pixel within `tolerance` of `expected` (alpha exactly).
void verifyFlat(const RgbaImage& image, std::array<int, 4> expected, int tolerance) {
    for (int y = 0; y < image.height; ++y)
        for (int x = 0; x < image.width; ++x) {
            const auto p = pixelAt(image, x, y);
            bool close = p[3] == expected[3];
            for (int c = 0; c < 3; ++c) close = close && std::abs(p[c] - expected[c]) <= tolerance;
            QVERIFY2(close, qPrintable(QStringLiteral("pixel (%1, %2) is %3, expected %4 ± %5")
                                           .arg(x)
                                           .arg(y)
                                           .arg(pixelText(p), pixelText(expected))
                                           .arg(tolerance)));
        }
}

RgbaImage rgbaImage(int width, int height, std::vector<std::uint8_t> rgba) {
    RgbaImage image;
    image.width = width;
    image.height = height;
    image.rgba = std::move(rgba);
    return image;
}

RgbaImage constantImage(int width, int height, std::array<std::uint8_t, 4> colour) {
    RgbaImage image;
    image.width = width;
    image.height = height;
    for (int i = 0; i < width * height; ++i)
        for (std::uint8_t v : colour) image.rgba.push_back(v);
    return image;
}

ImageConversion conversion(int height, int width, ColorMode color = ColorMode::Rgb,
                           ResizeMode resize = ResizeMode::Stretch, std::array<std::uint8_t, 3> background = {0, 0, 0}) {
    ImageConversion c;
    c.height = height;
    c.width = width;
    c.color = color;
    c.resize = resize;
    c.background = background;
    return c;
}

// The value at channel c, row y, column x of a CHW result of height × width.
int chw(const std::vector<std::uint8_t>& pixels, int height, int width, int c, int y, int x) {
    return pixels[(std::size_t(c) * std::size_t(height) + std::size_t(y)) * std::size_t(width) + std::size_t(x)];
}

// A BMP (BITMAPINFOHEADER): 24-bit rows of {r, g, b} top to bottom, or 8-bit
// indices into `palette` ({r, g, b} each); stored bottom-up, rows padded to 4 bytes.
Bytes encodeBmp(int width, int height, const std::vector<std::array<int, 3>>& pixels, int bits = 24,
                const std::vector<std::array<int, 3>>& palette = {}, std::int32_t claimedHeight = 0) {
    auto u16 = [](Bytes& b, unsigned v) { b += char(v & 0xff), b += char((v >> 8) & 0xff); };
    auto u32 = [](Bytes& b, std::uint32_t v) {
        for (int i = 0; i < 4; ++i) b += char((v >> (8 * i)) & 0xff);
    };
    const int rowBytes = ((width * bits / 8) + 3) / 4 * 4;
    const std::uint32_t offset = 14 + 40 + std::uint32_t(palette.size()) * 4;
    Bytes b = "BM";
    u32(b, offset + std::uint32_t(rowBytes * height));
    u32(b, 0);
    u32(b, offset);
    u32(b, 40);
    u32(b, std::uint32_t(width));
    u32(b, std::uint32_t(claimedHeight ? claimedHeight : height));
    u16(b, 1);
    u16(b, unsigned(bits));
    u32(b, 0);  // BI_RGB
    u32(b, std::uint32_t(rowBytes * height));
    u32(b, 2835), u32(b, 2835);
    u32(b, std::uint32_t(palette.size())), u32(b, 0);
    for (const auto& c : palette) b += char(c[2]), b += char(c[1]), b += char(c[0]), b += char(0);
    for (int y = height - 1; y >= 0; --y) {
        Bytes row;
        for (int x = 0; x < width; ++x) {
            const auto& p = pixels[std::size_t(y * width + x)];
            if (bits == 8) row += char(p[0]);
            else row += char(p[2]), row += char(p[1]), row += char(p[0]);
        }
        row.resize(std::size_t(rowBytes), '\0');
        b += row;
    }
    return b;
}

// What `f` writes to the process's stderr (file descriptor 2, where the C
// libraries print), caught through a file.
Bytes stderrDuring(const fs::path& capture, const std::function<void()>& f) {
    std::fflush(stderr);
    const int saved = ::dup(2);
    const int fd = ::open(capture.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(fd, 2);
    ::close(fd);
    auto restore = [&] {
        std::fflush(stderr);
        ::dup2(saved, 2);
        ::close(saved);
    };
    try {
        f();
    } catch (...) {
        restore();
        throw;
    }
    restore();
    return readAll(capture);
}

}  // namespace

class TestImageDecode : public QObject {
    Q_OBJECT

private:
    QTemporaryDir tmp_;
    fs::path path(const std::string& name) const { return fs::path(tmp_.path().toStdString()) / name; }

private slots:
    void initTestCase() { QVERIFY(tmp_.isValid()); }

    // ------------------------------------------------------------ PNG layouts

    void pngRgb8() {
        PngFixture f{3, 2};
        f.rows = {row8({255, 0, 0, 0, 255, 0, 0, 0, 255}), row8({1, 2, 3, 100, 150, 200, 254, 253, 252})};
        const RgbaImage image = decode(encodePng(f));
        QCOMPARE(image.width, 3);
        QCOMPARE(image.height, 2);
        QCOMPARE(image.rgba.size(), std::size_t(3 * 2 * 4));
        QCOMPARE_PIXEL(image, 0, 0, 255, 0, 0, 255);
        QCOMPARE_PIXEL(image, 2, 0, 0, 0, 255, 255);
        QCOMPARE_PIXEL(image, 1, 1, 100, 150, 200, 255);
        QCOMPARE_PIXEL(image, 2, 1, 254, 253, 252, 255);
    }

    void pngRgbaKeepsStraightAlpha() {
        PngFixture f{2, 1, 8, PNG_COLOR_TYPE_RGB_ALPHA};
        f.rows = {row8({200, 100, 50, 128, 10, 20, 30, 0})};
        const RgbaImage image = decode(encodePng(f));
        QCOMPARE_PIXEL(image, 0, 0, 200, 100, 50, 128);  // not premultiplied (that would be 100, 50, 25)
        QCOMPARE_PIXEL(image, 1, 0, 10, 20, 30, 0);      // colour kept under alpha 0
    }

    void pngGrey8() {
        PngFixture f{3, 1, 8, PNG_COLOR_TYPE_GRAY};
        f.rows = {row8({0, 77, 255})};
        const RgbaImage image = decode(encodePng(f));
        QCOMPARE_PIXEL(image, 0, 0, 0, 0, 0, 255);
        QCOMPARE_PIXEL(image, 1, 0, 77, 77, 77, 255);
        QCOMPARE_PIXEL(image, 2, 0, 255, 255, 255, 255);
    }

    void pngGreyAlpha8() {
        PngFixture f{2, 1, 8, PNG_COLOR_TYPE_GRAY_ALPHA};
        f.rows = {row8({90, 200, 13, 0})};
        const RgbaImage image = decode(encodePng(f));
        QCOMPARE_PIXEL(image, 0, 0, 90, 90, 90, 200);
        QCOMPARE_PIXEL(image, 1, 0, 13, 13, 13, 0);
    }

    void pngPaletteWithTransparency() {
        PngFixture f{5, 1, 2, PNG_COLOR_TYPE_PALETTE};
        f.palette = {{10, 20, 30}, {200, 100, 0}, {0, 128, 255}};
        f.paletteAlpha = {0, 128};  // index 2 and beyond: opaque
        f.rows = {packed({0, 1, 2, 1, 0}, 2)};
        const RgbaImage image = decode(encodePng(f));
        QCOMPARE(image.width, 5);
        QCOMPARE_PIXEL(image, 0, 0, 10, 20, 30, 0);
        QCOMPARE_PIXEL(image, 1, 0, 200, 100, 0, 128);
        QCOMPARE_PIXEL(image, 2, 0, 0, 128, 255, 255);
        QCOMPARE_PIXEL(image, 3, 0, 200, 100, 0, 128);
        QCOMPARE_PIXEL(image, 4, 0, 10, 20, 30, 0);
    }

    void pngPaletteWithoutTransparencyIsOpaque() {
        PngFixture f{2, 1, 8, PNG_COLOR_TYPE_PALETTE};
        f.palette = {{1, 2, 3}, {4, 5, 6}};
        f.rows = {row8({1, 0})};
        const RgbaImage image = decode(encodePng(f));
        QCOMPARE_PIXEL(image, 0, 0, 4, 5, 6, 255);
        QCOMPARE_PIXEL(image, 1, 0, 1, 2, 3, 255);
    }

    void pngOneAndTwoBitGrey() {
        // 10 pixels: the second byte of each row is partly padding.
        PngFixture one{10, 2, 1, PNG_COLOR_TYPE_GRAY};
        const std::vector<int> bits{1, 0, 1, 1, 0, 0, 0, 1, 1, 0};
        one.rows = {packed(bits, 1), packed({0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 1)};
        const RgbaImage a = decode(encodePng(one));
        QCOMPARE(a.width, 10);
        QCOMPARE(a.height, 2);
        for (int x = 0; x < 10; ++x) {
            const int v = bits[std::size_t(x)] ? 255 : 0;
            QCOMPARE_PIXEL(a, x, 0, v, v, v, 255);
        }
        QCOMPARE_PIXEL(a, 8, 1, 0, 0, 0, 255);
        QCOMPARE_PIXEL(a, 9, 1, 255, 255, 255, 255);

        PngFixture two{4, 1, 2, PNG_COLOR_TYPE_GRAY};
        two.rows = {packed({0, 1, 2, 3}, 2)};
        const RgbaImage b = decode(encodePng(two));
        QCOMPARE_PIXEL(b, 0, 0, 0, 0, 0, 255);
        QCOMPARE_PIXEL(b, 1, 0, 85, 85, 85, 255);
        QCOMPARE_PIXEL(b, 2, 0, 170, 170, 170, 255);
        QCOMPARE_PIXEL(b, 3, 0, 255, 255, 255, 255);
    }

    // 16-bit samples are scaled straight to 8 bits, whatever gAMA says: no
    // gamma correction ever happens, with the chunk or without.
    void pngGrey16ScalesWithoutGamma_data() {
        QTest::addColumn<bool>("withGamma");
        QTest::newRow("no gAMA") << false;
        QTest::newRow("gAMA 1.0") << true;
    }
    void pngGrey16ScalesWithoutGamma() {
        QFETCH(bool, withGamma);
        PngFixture f{5, 1, 16, PNG_COLOR_TYPE_GRAY};
        if (withGamma) f.gamma = 1.0;
        f.rows = {row16({0, 32768, 65535, 25700, 257})};
        const Bytes png = encodePng(f);
        QCOMPARE(png.find("gAMA") != Bytes::npos, withGamma);
        const RgbaImage image = decode(png);
        QCOMPARE_PIXEL(image, 0, 0, 0, 0, 0, 255);
        QCOMPARE_PIXEL(image, 1, 0, 128, 128, 128, 255);
        QCOMPARE_PIXEL(image, 2, 0, 255, 255, 255, 255);
        QCOMPARE_PIXEL(image, 3, 0, 100, 100, 100, 255);  // 100 × 257
        QCOMPARE_PIXEL(image, 4, 0, 1, 1, 1, 255);
    }

    void pngRgb16Scales() {
        PngFixture f{2, 1, 16, PNG_COLOR_TYPE_RGB};
        f.rows = {row16({65535, 32768, 0, 25700, 257, 65280})};
        const RgbaImage image = decode(encodePng(f));
        QCOMPARE_PIXEL(image, 0, 0, 255, 128, 0, 255);
        QCOMPARE_PIXEL(image, 1, 0, 100, 1, 254, 255);

        PngFixture alpha{1, 1, 16, PNG_COLOR_TYPE_RGB_ALPHA};
        alpha.rows = {row16({65535, 0, 25700, 32768})};
        QCOMPARE_PIXEL(decode(encodePng(alpha)), 0, 0, 255, 0, 100, 128);
    }

    void pngInterlaced() {
        // 11×9 covers all seven Adam7 passes and partial 8×8 blocks.
        PngFixture f{11, 9, 8, PNG_COLOR_TYPE_RGB_ALPHA};
        f.interlaced = true;
        for (int y = 0; y < 9; ++y) {
            Bytes r;
            for (int x = 0; x < 11; ++x) r += row8({x * 20, y * 25, (x * y) % 256, 255 - x - y});
            f.rows.push_back(r);
        }
        const RgbaImage image = decode(encodePng(f));
        QCOMPARE(image.width, 11);
        QCOMPARE(image.height, 9);
        for (int y = 0; y < 9; ++y)
            for (int x = 0; x < 11; ++x) QCOMPARE_PIXEL(image, x, y, x * 20, y * 25, (x * y) % 256, 255 - x - y);
    }

    // ------------------------------------------------------------ JPEG

    void jpegBaselineRgb() {
        const RgbaImage image = decode(encodeJpeg(flatJpeg(16, 8, {200, 100, 50})));
        QCOMPARE(image.width, 16);
        QCOMPARE(image.height, 8);
        verifyFlat(image, {200, 100, 50, 255}, 3);
    }

    void jpegProgressive() {
        JpegFixture f = flatJpeg(24, 16, {30, 160, 220});
        f.progressive = true;
        const Bytes jpeg = encodeJpeg(f);
        QVERIFY(jpeg.find("\xff\xc2") != Bytes::npos);  // SOF2: progressive
        verifyFlat(decode(jpeg), {30, 160, 220, 255}, 3);

        // Halves: the scans must land in the right place.
        JpegFixture halves;
        halves.width = 32;
        halves.height = 16;
        halves.progressive = true;
        halves.quality = 100;
        halves.noSubsampling = true;
        for (int y = 0; y < 16; ++y)
            for (int x = 0; x < 32; ++x)
                for (int c = 0; c < 3; ++c) halves.pixels.push_back(x < 16 ? 20 : 230);
        const RgbaImage image = decode(encodeJpeg(halves));
        QVERIFY(std::abs(pixelAt(image, 3, 5)[0] - 20) <= 4);
        QVERIFY(std::abs(pixelAt(image, 28, 10)[1] - 230) <= 4);
    }

    void jpegGreyscale() {
        const Bytes jpeg = encodeJpeg(flatJpeg(8, 8, {77}, JCS_GRAYSCALE));
        verifyFlat(decode(jpeg), {77, 77, 77, 255}, 2);
    }

    void jpegArithmeticAndRestartMarkers() {
        JpegFixture arithmetic = flatJpeg(16, 16, {90, 60, 30});
        arithmetic.arithmetic = true;
        verifyFlat(decode(encodeJpeg(arithmetic)), {90, 60, 30, 255}, 3);
        JpegFixture restarts = flatJpeg(16, 32, {90, 60, 30});
        restarts.restartRows = 1;
        verifyFlat(decode(encodeJpeg(restarts)), {90, 60, 30, 255}, 3);
    }

    void cmykJpegRefused_data() {
        QTest::addColumn<bool>("ycck");
        QTest::newRow("CMYK") << false;
        QTest::newRow("YCCK") << true;
    }
    void cmykJpegRefused() {
        QFETCH(bool, ycck);
        JpegFixture f = flatJpeg(8, 8, {0, 50, 100, 0}, JCS_CMYK);
        if (ycck) f.stored = JCS_YCCK;
        writeRaw(path("print.jpg"), encodeJpeg(f));
        const QString msg = dataErrorOf([&] { readImageFile(path("print.jpg")); });
        QVERIFY_CONTAINS(msg, "print.jpg");
        QVERIFY_CONTAINS(msg, "CMYK");
        QVERIFY_CONTAINS(msg, "save it as RGB");
    }

    // ------------------------------------------------------------ bad files

    void truncatedPngNamesTheFile() {
        const Bytes png = noisyRgbPng(32, 32);
        writeRaw(path("cut.png"), png.substr(0, png.size() / 2));
        QString msg = dataErrorOf([&] { readImageFile(path("cut.png")); });
        QVERIFY_CONTAINS(msg, QString::fromStdString(path("cut.png").string()) + ": ");
        QVERIFY_CONTAINS(msg, "PNG");
        QVERIFY_CONTAINS(msg, "truncated");

        // Cut in the header, and within the signature.
        msg = dataErrorOf([&] { decodeImage(bytesOf(png), 20, "head.png"); });
        QVERIFY_CONTAINS(msg, "head.png: corrupt or truncated PNG");
        msg = dataErrorOf([&] { decodeImage(bytesOf(png), 5, "sig.png"); });
        QVERIFY_CONTAINS(msg, "sig.png: corrupt or truncated PNG");

        // A flipped bit in the image data: zlib's or the CRC's complaint.
        Bytes damaged = png;
        damaged[damaged.find("IDAT") + 40] ^= 0x10;
        msg = dataErrorOf([&] { decodeImage(bytesOf(damaged), damaged.size(), "flip.png"); });
        QVERIFY_CONTAINS(msg, "flip.png: corrupt or truncated PNG: ");
    }

    void truncatedJpegNamesTheFile_data() {
        QTest::addColumn<bool>("progressive");
        QTest::newRow("baseline") << false;
        QTest::newRow("progressive") << true;
    }
    void truncatedJpegNamesTheFile() {
        QFETCH(bool, progressive);
        const Bytes jpeg = noisyJpeg(64, 64, progressive);
        writeRaw(path("cut.jpg"), jpeg.substr(0, jpeg.size() * 6 / 10));
        QString msg = dataErrorOf([&] { readImageFile(path("cut.jpg")); });
        QVERIFY_CONTAINS(msg, QString::fromStdString(path("cut.jpg").string()) + ": corrupt or truncated JPEG");
        QVERIFY_CONTAINS(msg, "truncated");

        msg = dataErrorOf([&] { decodeImage(bytesOf(jpeg), 100, "head.jpg"); });
        QVERIFY_CONTAINS(msg, "head.jpg: corrupt or truncated JPEG");
        msg = dataErrorOf([&] { decodeImage(bytesOf(jpeg), 2, "soi.jpg"); });
        QVERIFY_CONTAINS(msg, "soi.jpg: corrupt or truncated JPEG");
    }

    // ------------------------------------------------------------ BMP (stb_image)

    void bmp24And8Bit() {
        const std::vector<std::array<int, 3>> px{{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {10, 20, 30}, {200, 150, 100}, {1, 2, 3}};
        writeRaw(path("six.bmp"), encodeBmp(3, 2, px));
        RgbaImage image = readImageFile(path("six.bmp"));
        QCOMPARE(image.width, 3);
        QCOMPARE(image.height, 2);
        for (std::size_t i = 0; i < px.size(); ++i) {
            for (int c = 0; c < 3; ++c) QCOMPARE(int(image.rgba[i * 4 + std::size_t(c)]), px[i][std::size_t(c)]);
            QCOMPARE(int(image.rgba[i * 4 + 3]), 255);  // opaque
        }
        // 8-bit palette: indices 0..2 into three colours.
        const std::vector<std::array<int, 3>> palette{{9, 8, 7}, {100, 0, 50}, {0, 255, 255}};
        writeRaw(path("palette.bmp"), encodeBmp(2, 2, {{0, 0, 0}, {1, 0, 0}, {2, 0, 0}, {1, 0, 0}}, 8, palette));
        image = readImageFile(path("palette.bmp"));
        QCOMPARE(image.width, 2);
        const int expected[4] = {0, 1, 2, 1};
        for (int i = 0; i < 4; ++i)
            for (int c = 0; c < 3; ++c)
                QCOMPARE(int(image.rgba[std::size_t(i * 4 + c)]), palette[std::size_t(expected[i])][std::size_t(c)]);
    }

    void hostileBmpsAreRefused() {
        // A header that claims 100,000 × 100,000 pixels: refused before decoding.
        const Bytes huge = encodeBmp(1, 1, {{1, 2, 3}}, 24, {}, 100000);
        Bytes claimed = huge;
        for (int i = 0; i < 4; ++i) claimed[18 + std::size_t(i)] = char((100000 >> (8 * i)) & 0xff);  // width too
        QString msg = dataErrorOf([&] { decodeImage(bytesOf(claimed), claimed.size(), "bomb.bmp"); });
        QVERIFY2(msg.startsWith("bomb.bmp: "), qPrintable(msg));
        QVERIFY2(msg.contains("BMP"), qPrintable(msg));
        // Truncated pixel rows.
        Bytes cut = encodeBmp(8, 8, std::vector<std::array<int, 3>>(64, {5, 6, 7}));
        cut.resize(cut.size() - 100);
        msg = dataErrorOf([&] { decodeImage(bytesOf(cut), cut.size(), "cut.bmp"); });
        QVERIFY_CONTAINS(msg, "cut.bmp: corrupt or truncated BMP");
        // Compressed: RLE said so; an unknown compression value (stb would decode zeros for it) refused.
        for (const auto& [value, expected] : {std::pair<std::uint32_t, const char*>{1, "an RLE-compressed BMP"},
                                              {0xC1000000u, "corrupt or unsupported BMP (compression type 3238002688"}}) {
            Bytes packed = encodeBmp(2, 2, std::vector<std::array<int, 3>>(4, {1, 2, 3}));
            for (int i = 0; i < 4; ++i) packed[30 + std::size_t(i)] = char((value >> (8 * i)) & 0xff);
            msg = dataErrorOf([&] { decodeImage(bytesOf(packed), packed.size(), "packed.bmp"); });
            QVERIFY_CONTAINS(msg, QString("packed.bmp: ") + expected);
        }
        // "BM" and nothing else.
        msg = dataErrorOf([&] { decodeImage(bytesOf(Bytes("BM")), 2, "two.bmp"); });
        QVERIFY_CONTAINS(msg, "two.bmp: corrupt or truncated BMP (the header is cut short)");
    }

    void notAnImage() {
        writeRaw(path("notes.png"), "hello, world\n");
        QString msg = dataErrorOf([&] { readImageFile(path("notes.png")); });
        QVERIFY_CONTAINS(msg, "notes.png: not a PNG, JPEG or BMP image (starts with 68 65 6c 6c 6f 2c 20 77 \"hello, w\")");

        writeRaw(path("empty.jpg"), "");
        msg = dataErrorOf([&] { readImageFile(path("empty.jpg")); });
        QVERIFY_CONTAINS(msg, "empty.jpg: the file is empty");

        writeRaw(path("binary.png"), Bytes("\x00\x01\xfe", 3));
        msg = dataErrorOf([&] { readImageFile(path("binary.png")); });
        QVERIFY_CONTAINS(msg, "binary.png: not a PNG, JPEG or BMP image (starts with 00 01 fe)");

        writeRaw(path("anim.png"), Bytes("GIF89a\x01\x00\x01\x00\x00\x00\x00;", 14));
        msg = dataErrorOf([&] { readImageFile(path("anim.png")); });
        QVERIFY_CONTAINS(msg, "anim.png: is a GIF file");

        // A PNG sent through a text-mode transfer (CRLF → LF).
        Bytes mangled = noisyRgbPng(4, 4);
        mangled.erase(4, 1);
        msg = dataErrorOf([&] { decodeImage(bytesOf(mangled), mangled.size(), "ftp.png"); });
        QVERIFY_CONTAINS(msg, "ftp.png: a PNG whose signature is damaged");
    }

    void notARegularFileOrTooBig() {
        QString msg = dataErrorOf([&] { readImageFile(path("missing.png")); });
        QVERIFY_CONTAINS(msg, "missing.png: file not found");
        fs::create_directories(path("folder.png"));
        msg = dataErrorOf([&] { readImageFile(path("folder.png")); });
        QVERIFY_CONTAINS(msg, "folder.png: is a folder");
        if (makeFifo(path("pipe.png"))) {
            const TimedError fifo = dataErrorReadingFifo(path("pipe.png"), [&] { readImageFile(path("pipe.png")); });
            QVERIFY_CONTAINS(fifo.message, "pipe.png: is a named pipe");
            QVERIFY(fifo.seconds < 2);
        }
        // Sparse: refused by its size before a byte is read.
        std::ofstream(path("huge.png"), std::ios::binary) << "\x89PNG\r\n\x1a\n";
        fs::resize_file(path("huge.png"), kMaxImageFileBytes + 1);
        msg = dataErrorOf([&] { readImageFile(path("huge.png")); });
        QVERIFY_CONTAINS(msg, "huge.png: is larger than 64 MiB");
    }

    // A header claiming a huge image is refused from the header alone, before
    // the pixels are allocated.
    void hugePngHeaderRefusedBeforeAllocating() {
        QString msg = dataErrorOf([&] { decode(pngHeaderClaiming(100000, 100000)); });
        QVERIFY_CONTAINS(msg, "fixture: the image is 100000×100000 pixels; expected at most 67108864 pixels (8192×8192)");
        msg = dataErrorOf([&] { decode(pngHeaderClaiming(2000000, 1)); });
        QVERIFY_CONTAINS(msg, "1000000 on a side");
        // Within the caps but not within the data: deflate cannot hold
        // 8192×8192 RGB in a few dozen bytes, so the file is cut short.
        msg = dataErrorOf([&] { decode(pngHeaderClaiming(8192, 8192)); });
        QVERIFY_CONTAINS(msg, "fixture: the PNG is truncated: a 8192×8192 image cannot fit in");
    }

    void hugeJpegHeaderRefused() {
        // SOF0's height and width of a small JPEG patched to 65000×65000.
        Bytes jpeg = encodeJpeg(flatJpeg(8, 8, {1, 2, 3}));
        const std::size_t sof = jpeg.find("\xff\xc0");
        QVERIFY(sof != Bytes::npos);
        for (std::size_t at : {sof + 5, sof + 7}) {
            jpeg[at] = char(0xFD);
            jpeg[at + 1] = char(0xE8);
        }
        const QString msg = dataErrorOf([&] { decode(jpeg); });
        QVERIFY_CONTAINS(msg, "fixture: the image is 65000×65000 pixels; expected at most");
    }

    // Thousands of tiny progressive scans would make a small file decode for
    // minutes: past 1000 scans the file is refused. A few dozen repeated
    // scans (a harmless oddity) still decode.
    void jpegWithThousandsOfScansRefused() {
        JpegFixture f = flatJpeg(16, 16, {10, 200, 30});
        f.progressive = true;
        const Bytes jpeg = encodeJpeg(f);
        const std::size_t lastScan = jpeg.rfind("\xff\xda");
        const std::size_t end = jpeg.rfind("\xff\xd9");
        QVERIFY(lastScan != Bytes::npos && end != Bytes::npos && lastScan < end);
        const Bytes scan = jpeg.substr(lastScan, end - lastScan);
        auto withRepeats = [&](int repeats) {
            Bytes b = jpeg.substr(0, end);
            for (int i = 0; i < repeats; ++i) b += scan;
            return b + jpeg.substr(end);
        };
        verifyFlat(decode(withRepeats(40)), {10, 200, 30, 255}, 3);
        const QString msg = dataErrorOf([&] { decode(withRepeats(2000)); });
        QVERIFY_CONTAINS(msg, "fixture: corrupt or truncated JPEG: more than 1000 scans");
    }

    // libpng and libjpeg print warnings to stderr by default: not here. A
    // damaged ancillary chunk and junk bytes between JPEG markers are
    // harmless, decode, and print nothing; errors print nothing either.
    void librariesPrintNothing() {
        PngFixture f{2, 1, 8, PNG_COLOR_TYPE_GRAY};
        f.rows = {row8({1, 2})};
        Bytes png = encodePng(f);
        Bytes text;
        appendChunk(text, "tEXt", Bytes("Comment\0hi", 10));
        text[text.size() - 1] ^= 0x01;  // bad CRC: a warning, the chunk dropped
        png.insert(33, text);            // after IHDR
        Bytes jpeg = encodeJpeg(flatJpeg(8, 8, {10, 20, 30}));
        jpeg.insert(jpeg.find("\xff\xda"), Bytes("\x00\x00", 2));  // "2 extraneous bytes before marker 0xda"
        const Bytes cut = noisyJpeg(16, 16, false).substr(0, 400);

        const Bytes printed = stderrDuring(path("stderr.txt"), [&] {
            QCOMPARE_PIXEL(decode(png), 1, 0, 2, 2, 2, 255);
            verifyFlat(decode(jpeg), {10, 20, 30, 255}, 3);
            QVERIFY_CONTAINS(dataErrorOf([&] { decode(cut); }), "truncated");
            QVERIFY_CONTAINS(dataErrorOf([&] { decode(png.substr(0, 60)); }), "truncated");
        });
        QCOMPARE(printed, Bytes());
    }

    // ------------------------------------------------------------ writePng

    void writePngRoundTrip_data() {
        QTest::addColumn<int>("channels");
        QTest::newRow("grey") << 1;
        QTest::newRow("RGB") << 3;
        QTest::newRow("RGBA") << 4;
    }
    void writePngRoundTrip() {
        QFETCH(int, channels);
        const int width = 7, height = 5;
        std::vector<std::uint8_t> pixels;
        for (int i = 0; i < width * height * channels; ++i) pixels.push_back(noise(std::size_t(i)));
        const fs::path file = path("round-" + std::to_string(channels) + ".png");
        writePng(file, pixels.data(), width, height, channels);
        const RgbaImage image = readImageFile(file);
        QCOMPARE(image.width, width);
        QCOMPARE(image.height, height);
        for (int y = 0; y < height; ++y)
            for (int x = 0; x < width; ++x) {
                const std::uint8_t* p = pixels.data() + (std::size_t(y) * width + std::size_t(x)) * std::size_t(channels);
                const std::array<int, 4> expected =
                    channels == 1 ? std::array<int, 4>{p[0], p[0], p[0], 255}
                    : channels == 3 ? std::array<int, 4>{p[0], p[1], p[2], 255}
                                    : std::array<int, 4>{p[0], p[1], p[2], p[3]};
                QCOMPARE_PIXEL(image, x, y, expected[0], expected[1], expected[2], expected[3]);
            }
        // The bytes are the values: no gamma or colour-space chunk.
        const Bytes written = readAll(file);
        QCOMPARE(written.find("gAMA"), Bytes::npos);
        QCOMPARE(written.find("sRGB"), Bytes::npos);
    }

    void writePngErrorsNameThePath() {
        const std::uint8_t pixels[12] = {};
        QString msg = dataErrorOf([&] { writePng(path("no-such-folder/x.png"), pixels, 2, 2, 3); });
        QVERIFY_CONTAINS(msg, "no-such-folder/x.png: cannot create the PNG file");
        msg = dataErrorOf([&] { writePng(path("two.png"), pixels, 2, 2, 2); });
        QVERIFY_CONTAINS(msg, "two.png: cannot write a PNG of 2 channels; expected 1 (grey), 3 (RGB) or 4 (RGBA)");
        msg = dataErrorOf([&] { writePng(path("zero.png"), pixels, 0, 2, 3); });
        QVERIFY_CONTAINS(msg, "zero.png: cannot write a PNG of 0×2 pixels");
        QVERIFY(!fs::exists(path("two.png")));
        // A folder in the way is reported, and left alone.
        fs::create_directories(path("taken.png"));
        msg = dataErrorOf([&] { writePng(path("taken.png"), pixels, 2, 2, 3); });
        QVERIFY_CONTAINS(msg, "taken.png: cannot create the PNG file");
        QVERIFY(fs::is_directory(path("taken.png")));
    }

    // ------------------------------------------------------------ convertImage

    void sameSizeIsIdentity() {
        std::vector<std::uint8_t> rgba;
        for (int i = 0; i < 3 * 2 * 4; ++i) rgba.push_back(i % 4 == 3 ? 255 : noise(std::size_t(i)));
        const RgbaImage image = rgbaImage(3, 2, rgba);
        const auto rgb = convertImage(image, conversion(2, 3));
        QCOMPARE(rgb.size(), std::size_t(3 * 2 * 3));
        const auto grey = convertImage(image, conversion(2, 3, ColorMode::Grayscale));
        QCOMPARE(grey.size(), std::size_t(2 * 3));
        for (int y = 0; y < 2; ++y)
            for (int x = 0; x < 3; ++x) {
                const auto p = pixelAt(image, x, y);
                for (int c = 0; c < 3; ++c) QCOMPARE(chw(rgb, 2, 3, c, y, x), p[std::size_t(c)]);
                QCOMPARE(chw(grey, 2, 3, 0, y, x), int(std::lround(0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2])));
            }
        // Every resize mode is the identity at the same size.
        for (ResizeMode mode : {ResizeMode::CropToAspect, ResizeMode::PadToAspect})
            QCOMPARE(convertImage(image, conversion(2, 3, ColorMode::Rgb, mode)), rgb);
    }

    void constantStaysConstant_data() {
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        QTest::addColumn<int>("toHeight");
        QTest::addColumn<int>("toWidth");
        QTest::newRow("37x23 to 32x32") << 37 << 23 << 32 << 32;
        QTest::newRow("1000x3 to 5x80") << 1000 << 3 << 5 << 80;
        QTest::newRow("1x1 to 64x48") << 1 << 1 << 64 << 48;
        QTest::newRow("7x300 to 3x3") << 7 << 300 << 3 << 3;
        QTest::newRow("1x100000 to 32x32") << 1 << 100000 << 32 << 32;
        QTest::newRow("28x28 to 32x32") << 28 << 28 << 32 << 32;
    }
    void constantStaysConstant() {
        QFETCH(int, width);
        QFETCH(int, height);
        QFETCH(int, toHeight);
        QFETCH(int, toWidth);
        const std::array<std::uint8_t, 3> colour{123, 45, 255};
        const RgbaImage image = constantImage(width, height, {colour[0], colour[1], colour[2], 255});
        const int grey = int(std::lround(0.299 * 123 + 0.587 * 45 + 0.114 * 255));
        for (ResizeMode mode : {ResizeMode::Stretch, ResizeMode::CropToAspect, ResizeMode::PadToAspect}) {
            const auto rgb = convertImage(image, conversion(toHeight, toWidth, ColorMode::Rgb, mode, colour));
            QCOMPARE(rgb.size(), std::size_t(3 * toHeight * toWidth));
            for (std::size_t i = 0; i < rgb.size(); ++i) QCOMPARE(int(rgb[i]), int(colour[i / std::size_t(toHeight * toWidth)]));
            const auto g = convertImage(image, conversion(toHeight, toWidth, ColorMode::Grayscale, mode, colour));
            for (std::uint8_t v : g) QCOMPARE(int(v), grey);
        }
    }

    // Pillow's BILINEAR (what this resampling is) is a triangle as wide as
    // two output pixels, not a box: halving a 4×4 image of four flat 2×2
    // blocks gives each output 6/7 of its own block and 1/7 of the next one
    // along each axis: 36/49 of the block, 6/49 of each side neighbour and
    // 1/49 of the diagonal one.
    void halvingBlocksAsPillow() {
        const int block[2][2] = {{0, 70}, {140, 210}};
        std::vector<std::uint8_t> rgba;
        for (int y = 0; y < 4; ++y)
            for (int x = 0; x < 4; ++x) {
                const int v = block[y / 2][x / 2];
                rgba.insert(rgba.end(), {std::uint8_t(v), std::uint8_t(255 - v), 9, 255});
            }
        const auto out = convertImage(rgbaImage(4, 4, rgba), conversion(2, 2));
        QCOMPARE(out.size(), std::size_t(3 * 2 * 2));
        // (36·0 + 6·70 + 6·140 + 210) / 49 = 30, and so on.
        QCOMPARE(chw(out, 2, 2, 0, 0, 0), 30);
        QCOMPARE(chw(out, 2, 2, 0, 0, 1), 80);
        QCOMPARE(chw(out, 2, 2, 0, 1, 0), 130);
        QCOMPARE(chw(out, 2, 2, 0, 1, 1), 180);
        QCOMPARE(chw(out, 2, 2, 1, 0, 0), 225);
        QCOMPARE(chw(out, 2, 2, 2, 1, 1), 9);
        // The mean is kept: (30 + 80 + 130 + 180) / 4 = (0 + 70 + 140 + 210) / 4.
    }

    // A one-pixel checkerboard shrunk 4× averages to grey instead of aliasing
    // to black or white, as point sampling or an unwidened bilinear would.
    void downscaleAveragesRatherThanAliases() {
        std::vector<std::uint8_t> rgba;
        for (int y = 0; y < 16; ++y)
            for (int x = 0; x < 16; ++x) {
                const std::uint8_t v = (x + y) % 2 ? 200 : 0;
                rgba.insert(rgba.end(), {v, v, v, 255});
            }
        const auto out = convertImage(rgbaImage(16, 16, rgba), conversion(4, 4, ColorMode::Grayscale));
        for (std::uint8_t v : out) QVERIFY2(v >= 97 && v <= 103, qPrintable(QString::number(v)));
        // A 1000×1000 photo-like image to 32×32: each output is the mean of
        // its region, give or take the triangle's weighting.
        const int side = 1000;
        std::vector<std::uint8_t> big(std::size_t(side) * side * 4);
        for (int y = 0; y < side; ++y)
            for (int x = 0; x < side; ++x) {
                std::uint8_t* p = big.data() + (std::size_t(y) * side + std::size_t(x)) * 4;
                p[0] = p[1] = p[2] = ((x / 3 + y / 3) % 2) ? 255 : 0;
                p[3] = 255;
            }
        const auto small = convertImage(rgbaImage(side, side, big), conversion(32, 32, ColorMode::Grayscale));
        for (std::uint8_t v : small) QVERIFY2(v >= 117 && v <= 138, qPrintable(QString::number(v)));
    }

    void greyIsLuma() {
        const RgbaImage image = rgbaImage(3, 1, {255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255});
        const auto grey = convertImage(image, conversion(1, 3, ColorMode::Grayscale));
        QCOMPARE(grey, (std::vector<std::uint8_t>{76, 150, 29}));
    }

    void alphaCompositedOverBackground() {
        const RgbaImage image = rgbaImage(3, 1, {200, 100, 50, 0, 200, 100, 50, 128, 200, 100, 50, 255});
        const auto out = convertImage(image, conversion(1, 3, ColorMode::Rgb, ResizeMode::Stretch, {10, 20, 30}));
        // Transparent: the background. Half: (200·128 + 10·127) / 255 = 105.4, ...
        QCOMPARE(out, (std::vector<std::uint8_t>{10, 105, 200, 20, 60, 100, 30, 40, 50}));
        const auto grey = convertImage(image, conversion(1, 3, ColorMode::Grayscale, ResizeMode::Stretch, {10, 20, 30}));
        QCOMPARE(int(grey[0]), int(std::lround(0.299 * 10 + 0.587 * 20 + 0.114 * 30)));
        QCOMPARE(int(grey[2]), int(std::lround(0.299 * 200 + 0.587 * 100 + 0.114 * 50)));
    }

    void cropToAspectKeepsTheCentre() {
        // 4 wide, 2 high; the outer columns are marked red.
        std::vector<std::uint8_t> rgba;
        for (int y = 0; y < 2; ++y)
            for (int x = 0; x < 4; ++x) {
                if (x == 0 || x == 3) rgba.insert(rgba.end(), {255, 0, 0, 255});
                else rgba.insert(rgba.end(), {0, std::uint8_t(10 * x + y), 100, 255});
            }
        const RgbaImage image = rgbaImage(4, 2, rgba);
        const auto out = convertImage(image, conversion(2, 2, ColorMode::Rgb, ResizeMode::CropToAspect));
        QCOMPARE(out, (std::vector<std::uint8_t>{0, 0, 0, 0, 10, 20, 11, 21, 100, 100, 100, 100}));
        // Cropped, then resized: still no red, and the centre's green.
        const auto big = convertImage(image, conversion(8, 8, ColorMode::Rgb, ResizeMode::CropToAspect));
        for (int i = 0; i < 64; ++i) QCOMPARE(int(big[std::size_t(i)]), 0);
        // Tall images lose their top and bottom.
        const RgbaImage tall = rgbaImage(1, 3, {9, 9, 9, 255, 50, 60, 70, 255, 9, 9, 9, 255});
        QCOMPARE(convertImage(tall, conversion(1, 1, ColorMode::Rgb, ResizeMode::CropToAspect)),
                 (std::vector<std::uint8_t>{50, 60, 70}));
    }

    void padToAspectFillsWithBackground() {
        const std::array<std::uint8_t, 3> bg{9, 8, 7};
        // 2 wide, 4 high into 4×4: columns 0 and 3 are background.
        std::vector<std::uint8_t> rgba;
        for (int i = 0; i < 8; ++i) rgba.insert(rgba.end(), {std::uint8_t(100 + i), 50, 60, 255});
        const auto out = convertImage(rgbaImage(2, 4, rgba), conversion(4, 4, ColorMode::Rgb, ResizeMode::PadToAspect, bg));
        for (int y = 0; y < 4; ++y) {
            for (int c = 0; c < 3; ++c) {
                QCOMPARE(chw(out, 4, 4, c, y, 0), int(bg[std::size_t(c)]));
                QCOMPARE(chw(out, 4, 4, c, y, 3), int(bg[std::size_t(c)]));
            }
            QCOMPARE(chw(out, 4, 4, 0, y, 1), 100 + 2 * y);  // the image itself, unscaled
            QCOMPARE(chw(out, 4, 4, 0, y, 2), 101 + 2 * y);
            QCOMPARE(chw(out, 4, 4, 2, y, 2), 60);
        }
        // 4 wide, 2 high: rows 0 and 3 are background; in grey, the background's luma.
        const auto wide = convertImage(constantImage(4, 2, {200, 200, 200, 255}),
                                       conversion(4, 4, ColorMode::Grayscale, ResizeMode::PadToAspect, bg));
        const int bgGrey = int(std::lround(0.299 * 9 + 0.587 * 8 + 0.114 * 7));
        QCOMPARE(wide, (std::vector<std::uint8_t>{std::uint8_t(bgGrey), std::uint8_t(bgGrey), std::uint8_t(bgGrey),
                                                  std::uint8_t(bgGrey), 200, 200, 200, 200, 200, 200, 200, 200,
                                                  std::uint8_t(bgGrey), std::uint8_t(bgGrey), std::uint8_t(bgGrey),
                                                  std::uint8_t(bgGrey)}));
        // Resized to fit: 10×5 into 4×4 becomes 4×2 in rows 1..2.
        const auto fitted = convertImage(constantImage(10, 5, {1, 2, 3, 255}),
                                         conversion(4, 4, ColorMode::Rgb, ResizeMode::PadToAspect, bg));
        QCOMPARE(chw(fitted, 4, 4, 0, 0, 0), 9);
        QCOMPARE(chw(fitted, 4, 4, 0, 1, 0), 1);
        QCOMPARE(chw(fitted, 4, 4, 2, 2, 3), 3);
        QCOMPARE(chw(fitted, 4, 4, 1, 3, 3), 8);
    }

    void channelMajorLayout() {
        // One row, two pixels: CHW puts each channel's two values together.
        const RgbaImage image = rgbaImage(2, 1, {1, 2, 3, 255, 4, 5, 6, 255});
        QCOMPARE(convertImage(image, conversion(1, 2)), (std::vector<std::uint8_t>{1, 4, 2, 5, 3, 6}));
    }

    void badConversionOrImage() {
        const RgbaImage image = constantImage(2, 2, {1, 2, 3, 255});
        QString msg = dataErrorOf([&] { convertImage(image, conversion(0, 32)); });
        QVERIFY_CONTAINS(msg, "image conversion: height 0 is out of range; expected 1..4096");
        msg = dataErrorOf([&] { convertImage(image, conversion(32, 4097)); });
        QVERIFY_CONTAINS(msg, "image conversion: width 4097 is out of range; expected 1..4096");
        RgbaImage wrong = image;
        wrong.rgba.pop_back();
        msg = dataErrorOf([&] { convertImage(wrong, conversion(32, 32)); });
        QVERIFY_CONTAINS(msg, "image conversion: a 2×2 image with 15 bytes of pixels");
        msg = dataErrorOf([&] { convertImage(RgbaImage{}, conversion(32, 32)); });
        QVERIFY_CONTAINS(msg, "a 0×0 image");
    }

    // Decoding and conversion together, as the image folder uses them.
    void decodeThenConvert() {
        writePng(path("flat.png"), std::vector<std::uint8_t>(40 * 30 * 3, 77).data(), 40, 30, 3);
        const auto out = convertImage(readImageFile(path("flat.png")), conversion(32, 32, ColorMode::Grayscale));
        QCOMPARE(out, std::vector<std::uint8_t>(32 * 32, 77));
    }

    // ------------------------------------------------------------ fuzz seeds

    // The seeds of fuzz/image/corpus: one small file of each kind above. Each
    // is checked to be small and to decode (or, for CMYK, to be refused);
    // CNNWB_IMAGE_SEEDS_DIR=<folder> writes them there.
    void fuzzSeeds() {
        std::map<std::string, Bytes> seeds;
        {
            PngFixture f{8, 6};
            for (int y = 0; y < 6; ++y) {
                Bytes r;
                for (int x = 0; x < 8; ++x) r += row8({x * 30, y * 40, 128});
                f.rows.push_back(r);
            }
            seeds["png-rgb8-8x6.png"] = encodePng(f);
            PngFixture g{9, 7, 8, PNG_COLOR_TYPE_RGB_ALPHA};
            g.interlaced = true;
            for (int y = 0; y < 7; ++y) {
                Bytes r;
                for (int x = 0; x < 9; ++x) r += row8({x * 25, 255 - y * 30, x * y, (x + y) * 16});
                g.rows.push_back(r);
            }
            seeds["png-rgba8-interlaced-9x7.png"] = encodePng(g);
            PngFixture grey{4, 2, 8, PNG_COLOR_TYPE_GRAY};
            grey.rows = {row8({0, 77, 150, 255}), row8({1, 2, 3, 4})};
            seeds["png-grey8-4x2.png"] = encodePng(grey);
            PngFixture ga{3, 1, 8, PNG_COLOR_TYPE_GRAY_ALPHA};
            ga.rows = {row8({90, 200, 13, 0, 255, 128})};
            seeds["png-grey-alpha8-3x1.png"] = encodePng(ga);
            PngFixture pal{5, 2, 2, PNG_COLOR_TYPE_PALETTE};
            pal.palette = {{10, 20, 30}, {200, 100, 0}, {0, 128, 255}};
            pal.paletteAlpha = {0, 128};
            pal.rows = {packed({0, 1, 2, 1, 0}, 2), packed({2, 2, 1, 0, 0}, 2)};
            seeds["png-palette2-trns-5x2.png"] = encodePng(pal);
            PngFixture bit{10, 2, 1, PNG_COLOR_TYPE_GRAY};
            bit.rows = {packed({1, 0, 1, 1, 0, 0, 0, 1, 1, 0}, 1), packed({0, 1, 0, 1, 0, 1, 0, 1, 0, 1}, 1)};
            seeds["png-grey1-10x2.png"] = encodePng(bit);
            PngFixture g16{5, 1, 16, PNG_COLOR_TYPE_GRAY};
            g16.rows = {row16({0, 32768, 65535, 25700, 257})};
            seeds["png-grey16-5x1.png"] = encodePng(g16);
            PngFixture rgb16{2, 2, 16, PNG_COLOR_TYPE_RGB_ALPHA};
            rgb16.gamma = 1.0;
            rgb16.rows = {row16({65535, 32768, 0, 65535, 25700, 257, 65280, 32768}),
                          row16({1, 2, 3, 4, 60000, 50000, 40000, 0})};
            seeds["png-rgba16-gama-2x2.png"] = encodePng(rgb16);
        }
        {
            seeds["jpeg-baseline-rgb-16x8.jpg"] = encodeJpeg(flatJpeg(16, 8, {200, 100, 50}));
            JpegFixture progressive;
            progressive.width = 24;
            progressive.height = 16;
            progressive.progressive = true;
            progressive.quality = 75;
            for (int y = 0; y < 16; ++y)
                for (int x = 0; x < 24; ++x)
                    progressive.pixels.insert(progressive.pixels.end(),
                                              {std::uint8_t(x * 10), std::uint8_t(y * 15), std::uint8_t(x < 12 ? 20 : 230)});
            seeds["jpeg-progressive-24x16.jpg"] = encodeJpeg(progressive);
            seeds["jpeg-grey-8x8.jpg"] = encodeJpeg(flatJpeg(8, 8, {77}, JCS_GRAYSCALE));
            JpegFixture arithmetic = flatJpeg(16, 16, {90, 60, 30});
            arithmetic.arithmetic = true;
            seeds["jpeg-arithmetic-16x16.jpg"] = encodeJpeg(arithmetic);
            JpegFixture restarts = flatJpeg(8, 24, {90, 60, 30});
            restarts.restartRows = 1;
            restarts.noSubsampling = true;
            seeds["jpeg-restarts-444-8x24.jpg"] = encodeJpeg(restarts);
            seeds["jpeg-cmyk-8x8.jpg"] = encodeJpeg(flatJpeg(8, 8, {0, 50, 100, 0}, JCS_CMYK));
        }
        const char* folder = std::getenv("CNNWB_IMAGE_SEEDS_DIR");
        for (const auto& [name, bytes] : seeds) {
            QVERIFY2(bytes.size() < 2048, qPrintable(QString::fromStdString(name)));
            if (name.find("cmyk") != std::string::npos)
                QVERIFY_CONTAINS(dataErrorOf([&] { decode(bytes); }), "CMYK");
            else
                QVERIFY(decode(bytes).width > 0);
            if (folder && *folder) writeRaw(fs::path(folder) / name, bytes);
        }
    }
};

QTEST_GUILESS_MAIN(TestImageDecode)
#include "test_image_decode.moc"
