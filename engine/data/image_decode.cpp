// PNG through libpng's classic API, JPEG through libjpeg(-turbo), PNG writing
// through libpng; see image_decode.h.
//
// Both C libraries report errors by longjmp. A longjmp must never cross a C++
// object with a non-trivial destructor, so every call into them happens in a
// small "phase" function (pngReadHeader, jpegReadRows, ...) whose frame holds
// nothing but setjmp and plain C data reached through one pointer. The
// decoder's state is a trivially destructible struct in the calling C++
// function, which owns the C++ objects (the pixel vector, the clean-up guard)
// and sits above the setjmp frame, so they are never jumped over. A phase
// returns false after a jump and the caller throws DataError with the message
// the library left in the struct. No local of a phase function is changed
// between its setjmp and a jump and read afterwards, so none needs `volatile`.
#include "image_decode.h"

#include "bmp_decode.h"

#include "../errors.h"
#include "compressed_file.h"

#include <png.h>

// jpeglib.h needs size_t and FILE declared before it, and jerror.h needs
// jpeglib.h's configuration (which warning codes exist).
#include <cstdio>
#include <jpeglib.h>
#include <jerror.h>

#include <algorithm>
#include <cerrno>
#include <csetjmp>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <system_error>

namespace cnnwb {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMessageBytes = 320;

// The pixel buffer grows by about this much at a time as rows are decoded, so
// a file whose header promises a big image but whose data ends early costs
// memory in proportion to the data it actually holds.
constexpr std::size_t kGrowthBytes = std::size_t(4) << 20;

// Deflate never compresses better than 1032:1, so a PNG whose packed pixel
// data would need more than this many times its whole size is truncated:
// refused before its rows are allocated.
constexpr std::uint64_t kMaxDeflateRatio = 1032;

// A progressive JPEG has about ten scans; thousands of tiny ones are a known
// way to make a small file decode for minutes (libjpeg-turbo's djpeg has a
// -maxscans option against the same).
constexpr int kMaxJpegScans = 1000;

// libjpeg's working memory (a progressive 8192×8192 colour image keeps about
// 400 MB of coefficients); beyond it libjpeg stops with an error instead.
constexpr long kMaxJpegMemory = 512L << 20;

std::string sizeText(std::uint64_t width, std::uint64_t height) {
    return std::to_string(width) + "×" + std::to_string(height);
}

// Longer sides are refused too: libpng's row buffers follow the width alone
// (and this is libpng's own default limit).
constexpr std::uint64_t kMaxImageSide = 1'000'000;

// Throws DataError unless the image is within kMaxImagePixels and kMaxImageSide.
void checkImageSize(const std::string& name, std::uint64_t width, std::uint64_t height) {
    if (width * height <= kMaxImagePixels && width <= kMaxImageSide && height <= kMaxImageSide) return;
    throw DataError(name + ": the image is " + sizeText(width, height) + " pixels; expected at most " +
                    std::to_string(kMaxImagePixels) + " pixels (8192×8192) and " + std::to_string(kMaxImageSide) +
                    " on a side: scale it down first");
}

// Makes room for `bytes` of pixels, at most doubling the capacity and never
// past `total`, so the buffer follows the decoded rows without overshooting.
void growTo(std::vector<std::uint8_t>& pixels, std::size_t bytes, std::size_t total) {
    if (bytes > pixels.capacity()) pixels.reserve(std::min(total, std::max(bytes, 2 * pixels.capacity())));
    pixels.resize(bytes);
}

// Rows per growth step for rows of `rowBytes`.
std::size_t rowsPerStep(std::size_t rowBytes) { return std::max<std::size_t>(1, kGrowthBytes / rowBytes); }

// ---------------------------------------------------------------- PNG reading

struct PngReader {
    png_structp png = nullptr;
    png_infop info = nullptr;
    const std::uint8_t* data = nullptr;
    std::size_t size = 0;
    std::size_t offset = 0;
    png_uint_32 width = 0;
    png_uint_32 height = 0;
    int bitDepth = 0;
    int colorType = 0;
    int interlace = 0;
    bool hasTransparency = false;  // a tRNS chunk: expands to an alpha channel
    int passes = 1;
    std::size_t rowBytes = 0;  // after the transforms: width × 4
    char message[kMessageBytes] = {};
};

struct PngReadGuard {
    PngReader& r;
    ~PngReadGuard() { png_destroy_read_struct(&r.png, r.info ? &r.info : nullptr, nullptr); }
};

void pngReadFailed(png_structp png, png_const_charp message) {
    auto* r = static_cast<PngReader*>(png_get_error_ptr(png));
    std::snprintf(r->message, sizeof r->message, "%s", message ? message : "unknown libpng error");
    png_longjmp(png, 1);
}

// Warnings (a damaged ancillary chunk, an odd gAMA) change nothing we use:
// dropped, never printed.
void pngWarningIgnored(png_structp, png_const_charp) {}

void pngReadFromMemory(png_structp png, png_bytep out, std::size_t n) {
    auto* r = static_cast<PngReader*>(png_get_io_ptr(png));
    if (n > r->size - r->offset) png_error(png, "the file ends before the image does (truncated)");
    std::memcpy(out, r->data + r->offset, n);
    r->offset += n;
}

constexpr png_alloc_size_t kMaxPngChunkBytes = png_alloc_size_t(8) << 20;
constexpr png_uint_32 kMaxPngAncillaryChunks = 1000;

// Phase: the signature and every chunk up to the image data.
bool pngReadHeader(PngReader* r) {
    if (setjmp(png_jmpbuf(r->png))) return false;
    png_set_read_fn(r->png, r, pngReadFromMemory);
    // libpng's own cap on the sides would pre-empt checkImageSize, whose
    // message says what the limits are.
    png_set_user_limits(r->png, 0x7fffffffU, 0x7fffffffU);
    // Ancillary chunks (text, ICC profiles) are capped: a header claiming a
    // 1.8 GB tEXt chunk must not make libpng allocate it (found by fuzzing).
    png_set_chunk_malloc_max(r->png, kMaxPngChunkBytes);
    png_set_chunk_cache_max(r->png, kMaxPngAncillaryChunks);
    png_read_info(r->png, r->info);
    png_get_IHDR(r->png, r->info, &r->width, &r->height, &r->bitDepth, &r->colorType, &r->interlace, nullptr,
                 nullptr);
    r->hasTransparency = png_get_valid(r->png, r->info, PNG_INFO_tRNS) != 0;
    return true;
}

// Phase: every layout becomes 8-bit RGBA. No gamma transform is ever set, so
// values are the file's: 16-bit samples are scaled (65535 → 255, 32768 → 128)
// whatever a gAMA or sRGB chunk says.
bool pngSetUpRows(PngReader* r) {
    if (setjmp(png_jmpbuf(r->png))) return false;
    png_set_expand(r->png);     // palette → RGB, grey below 8 bits → 8, tRNS → alpha
    png_set_scale_16(r->png);   // 16 → 8 bits, rounded
    png_set_gray_to_rgb(r->png);
    if (!(r->colorType & PNG_COLOR_MASK_ALPHA) && !r->hasTransparency)
        png_set_add_alpha(r->png, 0xFF, PNG_FILLER_AFTER);
    r->passes = png_set_interlace_handling(r->png);
    png_read_update_info(r->png, r->info);
    r->rowBytes = png_get_rowbytes(r->png, r->info);
    return true;
}

// Phase: `count` rows of one pass into consecutive rows at `pixels`.
bool pngReadRows(PngReader* r, std::uint8_t* pixels, png_uint_32 count) {
    if (setjmp(png_jmpbuf(r->png))) return false;
    for (png_uint_32 y = 0; y < count; ++y) png_read_row(r->png, pixels + std::size_t(y) * r->rowBytes, nullptr);
    return true;
}

int pngChannels(int colorType) {
    switch (colorType) {
    case PNG_COLOR_TYPE_GRAY_ALPHA: return 2;
    case PNG_COLOR_TYPE_RGB: return 3;
    case PNG_COLOR_TYPE_RGB_ALPHA: return 4;
    default: return 1;  // grey, palette
    }
}

RgbaImage decodePng(const std::uint8_t* bytes, std::size_t size, const std::string& name) {
    PngReader r;
    r.data = bytes;
    r.size = size;
    r.png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &r, pngReadFailed, pngWarningIgnored);
    if (!r.png) throw DataError(name + ": cannot start the PNG decoder (out of memory?)");
    PngReadGuard guard{r};
    r.info = png_create_info_struct(r.png);
    if (!r.info) throw DataError(name + ": cannot start the PNG decoder (out of memory?)");
    auto failed = [&]() -> DataError { return DataError(name + ": corrupt or truncated PNG: " + r.message); };

    if (!pngReadHeader(&r)) throw failed();
    checkImageSize(name, r.width, r.height);  // before libpng allocates its row buffers
    const std::uint64_t pixels = std::uint64_t(r.width) * r.height;
    const std::uint64_t packedBytes = pixels * std::uint64_t(pngChannels(r.colorType) * r.bitDepth) / 8;
    if (packedBytes > std::uint64_t(size) * kMaxDeflateRatio)
        throw DataError(name + ": the PNG is truncated: a " + sizeText(r.width, r.height) + " image cannot fit in " +
                        std::to_string(size) + " bytes even at deflate's best compression");

    if (!pngSetUpRows(&r)) throw failed();
    if (r.rowBytes != std::size_t(r.width) * 4)
        throw DataError(name + ": the PNG decoder delivered rows of " + std::to_string(r.rowBytes) +
                        " bytes; expected 4 per pixel (RGBA)");

    RgbaImage image;
    image.width = int(r.width);
    image.height = int(r.height);
    const std::size_t total = std::size_t(pixels) * 4;
    if (r.passes > 1) {
        // Adam7 interlacing spreads every pass over the whole picture, so the
        // rows are needed at once (the size was checked against the data above).
        image.rgba.resize(total);
        for (int pass = 0; pass < r.passes; ++pass)
            if (!pngReadRows(&r, image.rgba.data(), r.height)) throw failed();
        return image;
    }
    const std::size_t step = rowsPerStep(r.rowBytes);
    for (std::size_t y = 0; y < r.height; y += step) {
        const std::size_t rows = std::min<std::size_t>(step, r.height - y);
        growTo(image.rgba, (y + rows) * r.rowBytes, total);
        if (!pngReadRows(&r, image.rgba.data() + y * r.rowBytes, png_uint_32(rows))) throw failed();
    }
    return image;
}

// ---------------------------------------------------------------- JPEG reading

struct JpegReader {
    jpeg_decompress_struct cinfo;
    jpeg_error_mgr errors;
    jpeg_progress_mgr progress;
    std::jmp_buf jump;
    JSAMPARRAY row;  // one RGB row, in libjpeg's own memory pool
    char message[kMessageBytes];
};

struct JpegReadGuard {
    JpegReader& r;
    ~JpegReadGuard() { jpeg_destroy_decompress(&r.cinfo); }  // does nothing before jpeg_create_decompress
};

JpegReader* readerOf(j_common_ptr cinfo) { return static_cast<JpegReader*>(cinfo->client_data); }

[[noreturn]] void jpegFailed(j_common_ptr cinfo) {
    JpegReader* r = readerOf(cinfo);
    char text[JMSG_LENGTH_MAX] = {};
    (*cinfo->err->format_message)(cinfo, text);
    const int code = cinfo->err->msg_code;
    if (code == JERR_NO_BACKING_STORE)
        std::snprintf(r->message, sizeof r->message, "decoding it would take more than %ld MiB of memory",
                      kMaxJpegMemory >> 20);
    else
        std::snprintf(r->message, sizeof r->message, "%s%s", text,
                      code == JWRN_JPEG_EOF ? " (the file is truncated)" : "");
    std::longjmp(r->jump, 1);
}

// libjpeg only warns about data that is cut short or damaged, and then fills
// the missing part with grey: those warnings are errors here (a picture that
// is half grey is not a sample to train on). Other warnings (junk bytes
// between markers, an unknown JFIF version) leave the pixels intact and are
// ignored. Nothing is ever printed.
void jpegMessage(j_common_ptr cinfo, int level) {
    if (level >= 0) return;  // trace output
    switch (cinfo->err->msg_code) {
    case JWRN_JPEG_EOF:
    case JWRN_HIT_MARKER:
    case JWRN_HUFF_BAD_CODE:
    case JWRN_ARITH_BAD_CODE:
    case JWRN_MUST_RESYNC:
    case JWRN_NOT_SEQUENTIAL: jpegFailed(cinfo);
    default: ++cinfo->err->num_warnings; break;
    }
}

void jpegPrintNothing(j_common_ptr) {}

void jpegProgress(j_common_ptr cinfo) {
    if (!cinfo->is_decompressor) return;
    const auto* d = reinterpret_cast<j_decompress_ptr>(cinfo);
    if (d->input_scan_number <= kMaxJpegScans) return;
    JpegReader* r = readerOf(cinfo);
    std::snprintf(r->message, sizeof r->message,
                  "more than %d scans (a progressive JPEG normally has about ten)", kMaxJpegScans);
    std::longjmp(r->jump, 1);
}

// Phase: the markers up to the first scan.
bool jpegReadHeader(JpegReader* r, const std::uint8_t* bytes, std::size_t size) {
    if (setjmp(r->jump)) return false;
    jpeg_create_decompress(&r->cinfo);  // keeps err and client_data
    r->cinfo.mem->max_memory_to_use = kMaxJpegMemory;
    r->cinfo.progress = &r->progress;
    jpeg_mem_src(&r->cinfo, bytes, static_cast<unsigned long>(size));
    jpeg_read_header(&r->cinfo, TRUE);
    return true;
}

// Phase: the decoder's set-up (a progressive file is read whole here).
bool jpegStart(JpegReader* r) {
    if (setjmp(r->jump)) return false;
    jpeg_start_decompress(&r->cinfo);
    r->row = (*r->cinfo.mem->alloc_sarray)(reinterpret_cast<j_common_ptr>(&r->cinfo), JPOOL_IMAGE,
                                           r->cinfo.output_width * 3, 1);
    return true;
}

// Phase: `count` rows as RGBA into consecutive rows at `pixels`.
bool jpegReadRows(JpegReader* r, std::uint8_t* pixels, std::size_t count) {
    if (setjmp(r->jump)) return false;
    const std::size_t width = r->cinfo.output_width;
    for (std::size_t y = 0; y < count; ++y) {
        if (jpeg_read_scanlines(&r->cinfo, r->row, 1) != 1) {
            std::snprintf(r->message, sizeof r->message, "the decoder delivered no row %zu", y);
            return false;
        }
        const JSAMPLE* in = r->row[0];
        std::uint8_t* out = pixels + y * width * 4;
        for (std::size_t x = 0; x < width; ++x) {
            out[4 * x] = in[3 * x];
            out[4 * x + 1] = in[3 * x + 1];
            out[4 * x + 2] = in[3 * x + 2];
            out[4 * x + 3] = 255;
        }
    }
    return true;
}

RgbaImage decodeJpeg(const std::uint8_t* bytes, std::size_t size, const std::string& name) {
    JpegReader r{};
    r.cinfo.err = jpeg_std_error(&r.errors);
    r.errors.error_exit = jpegFailed;
    r.errors.emit_message = jpegMessage;
    r.errors.output_message = jpegPrintNothing;
    r.cinfo.client_data = &r;
    r.progress.progress_monitor = jpegProgress;
    JpegReadGuard guard{r};
    auto failed = [&]() -> DataError { return DataError(name + ": corrupt or truncated JPEG: " + r.message); };

    if (!jpegReadHeader(&r, bytes, size)) throw failed();
    const J_COLOR_SPACE space = r.cinfo.jpeg_color_space;
    if (space == JCS_CMYK || space == JCS_YCCK)
        throw DataError(name + ": is a " + (space == JCS_CMYK ? "CMYK" : "YCCK (CMYK)") +
                        " JPEG, as print workflows save them; only RGB and greyscale JPEGs are read: save it as "
                        "RGB (or as PNG)");
    const std::uint64_t width = r.cinfo.image_width;
    const std::uint64_t height = r.cinfo.image_height;
    checkImageSize(name, width, height);

    r.cinfo.out_color_space = JCS_RGB;  // libjpeg-turbo turns greyscale into RGB too
    if (!jpegStart(&r)) throw failed();
    if (r.cinfo.output_width != width || r.cinfo.output_height != height || r.cinfo.output_components != 3)
        throw DataError(name + ": the JPEG decoder delivered " + sizeText(r.cinfo.output_width, r.cinfo.output_height) +
                        " pixels of " + std::to_string(r.cinfo.output_components) + " channels; expected " +
                        sizeText(width, height) + " RGB");

    RgbaImage image;
    image.width = int(width);
    image.height = int(height);
    const std::size_t rowBytes = std::size_t(width) * 4;
    const std::size_t total = rowBytes * std::size_t(height);
    const std::size_t step = rowsPerStep(rowBytes);
    for (std::size_t y = 0; y < height; y += step) {
        const std::size_t rows = std::min<std::size_t>(step, std::size_t(height) - y);
        growTo(image.rgba, (y + rows) * rowBytes, total);
        if (!jpegReadRows(&r, image.rgba.data() + y * rowBytes, rows)) throw failed();
    }
    // jpeg_finish_decompress is left out on purpose: it only reads on to the
    // end marker, and a file whose pixels are all there is good enough.
    return image;
}

// ---------------------------------------------------------------- not an image

bool startsWith(const std::uint8_t* bytes, std::size_t size, const char* magic, std::size_t at = 0) {
    const std::size_t n = std::strlen(magic);
    return size >= at + n && std::memcmp(bytes + at, magic, n) == 0;
}

// What the first bytes are, for the message: hex, and the text when printable.
std::string firstBytesText(const std::uint8_t* bytes, std::size_t size) {
    const std::size_t n = std::min<std::size_t>(size, 8);
    std::string hex;
    std::string text;
    bool printable = true;
    for (std::size_t i = 0; i < n; ++i) {
        char b[4];
        std::snprintf(b, sizeof b, "%02x", bytes[i]);
        hex += (i ? " " : "") + std::string(b);
        const bool isText = bytes[i] >= 0x20 && bytes[i] < 0x7f;
        printable = printable && isText;
        text += char(bytes[i]);
    }
    return printable ? hex + " \"" + text + "\"" : hex;
}

[[noreturn]] void throwNotAnImage(const std::uint8_t* bytes, std::size_t size, const std::string& name) {
    const char* other = nullptr;
    if (startsWith(bytes, size, "GIF87a") || startsWith(bytes, size, "GIF89a")) other = "a GIF";
    else if (startsWith(bytes, size, "RIFF") && startsWith(bytes, size, "WEBP", 8)) other = "a WebP";
    else if (startsWith(bytes, size, "II*") || startsWith(bytes, size, "MM\x00*")) other = "a TIFF";
    else if (startsWith(bytes, size, "ftyp", 4)) other = "an HEIF/AVIF (or MP4)";
    if (other)
        throw DataError(name + ": is " + other + " file, not a PNG, JPEG or BMP image; convert it to PNG");
    throw DataError(name + ": not a PNG, JPEG or BMP image (starts with " + firstBytesText(bytes, size) + ")");
}

// ---------------------------------------------------------------- PNG writing

struct PngWriter {
    png_structp png = nullptr;
    png_infop info = nullptr;
    unsigned char* buffer = nullptr;  // malloc'd: grown inside libpng's callback, where nothing may throw
    std::size_t size = 0;
    std::size_t capacity = 0;
    char message[kMessageBytes] = {};
};

struct PngWriteGuard {
    PngWriter& w;
    ~PngWriteGuard() {
        png_destroy_write_struct(&w.png, w.info ? &w.info : nullptr);
        std::free(w.buffer);
    }
};

void pngWriteFailed(png_structp png, png_const_charp message) {
    auto* w = static_cast<PngWriter*>(png_get_error_ptr(png));
    std::snprintf(w->message, sizeof w->message, "%s", message ? message : "unknown libpng error");
    png_longjmp(png, 1);
}

void pngWriteToMemory(png_structp png, png_bytep data, std::size_t n) {
    auto* w = static_cast<PngWriter*>(png_get_io_ptr(png));
    if (n > w->capacity - w->size) {
        const std::size_t capacity = std::max({w->capacity * 2, w->size + n, std::size_t(4096)});
        void* grown = std::realloc(w->buffer, capacity);
        if (!grown) png_error(png, "out of memory");
        w->buffer = static_cast<unsigned char*>(grown);
        w->capacity = capacity;
    }
    std::memcpy(w->buffer + w->size, data, n);
    w->size += n;
}

void pngFlushNothing(png_structp) {}

// Phase: the whole file into w->buffer.
bool pngEncode(PngWriter* w, const std::uint8_t* pixels, int width, int height, int channels) {
    if (setjmp(png_jmpbuf(w->png))) return false;
    png_set_write_fn(w->png, w, pngWriteToMemory, pngFlushNothing);
    const int colorType = channels == 1 ? PNG_COLOR_TYPE_GRAY
                          : channels == 3 ? PNG_COLOR_TYPE_RGB
                                          : PNG_COLOR_TYPE_RGB_ALPHA;
    png_set_IHDR(w->png, w->info, png_uint_32(width), png_uint_32(height), 8, colorType, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(w->png, w->info);
    const std::size_t stride = std::size_t(width) * std::size_t(channels);
    for (int y = 0; y < height; ++y) png_write_row(w->png, pixels + std::size_t(y) * stride);
    png_write_end(w->png, nullptr);
    return true;
}

}  // namespace

RgbaImage decodeImage(const std::uint8_t* bytes, std::size_t size, const std::string& name) {
    if (size == 0 || !bytes) throw DataError(name + ": the file is empty; expected a PNG, JPEG or BMP image");
    if (size > kMaxImageFileBytes)
        throw DataError(name + ": is larger than " + byteSizeText(kMaxImageFileBytes) +
                        "; an image file is at most that here");
    static const std::uint8_t pngSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    static const std::uint8_t jpegSignature[3] = {0xff, 0xd8, 0xff};
    if (size >= 8 && std::memcmp(bytes, pngSignature, 8) == 0) return decodePng(bytes, size, name);
    if (size >= 3 && std::memcmp(bytes, jpegSignature, 3) == 0) return decodeJpeg(bytes, size, name);
    if (size >= 2 && bytes[0] == 'B' && bytes[1] == 'M') return decodeBmp(bytes, size, name);
    if (std::memcmp(bytes, pngSignature, std::min<std::size_t>(size, 8)) == 0)
        throw DataError(name + ": corrupt or truncated PNG: the file ends within the signature (" +
                        std::to_string(size) + " bytes)");
    if (std::memcmp(bytes, jpegSignature, std::min<std::size_t>(size, 3)) == 0)
        throw DataError(name + ": corrupt or truncated JPEG: the file ends within the signature (" +
                        std::to_string(size) + " bytes)");
    if (size >= 8 && std::memcmp(bytes, pngSignature, 4) == 0)
        throw DataError(name + ": a PNG whose signature is damaged (" + firstBytesText(bytes, size) +
                        "): its line-end bytes were changed, as a transfer in text mode does; copy the file again "
                        "in binary mode");
    throwNotAnImage(bytes, size, name);
}

RgbaImage readImageFile(const fs::path& path) {
    requireRegularFile(path);
    const std::string name = path.string();
    std::error_code ec;
    const std::uintmax_t size = fs::file_size(path, ec);
    if (ec) throw DataError(name + ": cannot read the file's size: " + ec.message());
    if (size > kMaxImageFileBytes)
        throw DataError(name + ": is larger than " + byteSizeText(kMaxImageFileBytes) + " (" + std::to_string(size) +
                        " bytes); an image file is at most that here");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw DataError(name + ": cannot open for reading: " + std::strerror(errno));
    std::vector<std::uint8_t> bytes(static_cast<std::size_t>(size));
    in.read(reinterpret_cast<char*>(bytes.data()), std::streamsize(bytes.size()));
    if (in.bad()) throw DataError(name + ": cannot read: " + std::strerror(errno));
    bytes.resize(static_cast<std::size_t>(in.gcount()));  // shrunk meanwhile: decodes as truncated
    return decodeImage(bytes.data(), bytes.size(), name);
}

void writePng(const fs::path& path, const std::uint8_t* pixels, int width, int height, int channels) {
    const std::string name = path.string();
    if (channels != 1 && channels != 3 && channels != 4)
        throw DataError(name + ": cannot write a PNG of " + std::to_string(channels) +
                        " channels; expected 1 (grey), 3 (RGB) or 4 (RGBA)");
    if (width < 1 || height < 1 || std::uint64_t(width) * std::uint64_t(height) > kMaxImagePixels)
        throw DataError(name + ": cannot write a PNG of " + std::to_string(width) + "×" + std::to_string(height) +
                        " pixels; expected 1.." + std::to_string(kMaxImagePixels) + " pixels");
    if (!pixels) throw DataError(name + ": cannot write a PNG without pixels");

    PngWriter w;
    w.png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &w, pngWriteFailed, pngWarningIgnored);
    if (!w.png) throw DataError(name + ": cannot start the PNG encoder (out of memory?)");
    PngWriteGuard guard{w};
    w.info = png_create_info_struct(w.png);
    if (!w.info) throw DataError(name + ": cannot start the PNG encoder (out of memory?)");
    if (!pngEncode(&w, pixels, width, height, channels))
        throw DataError(name + ": cannot encode the PNG: " + w.message);

    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw DataError(name + ": cannot create the PNG file: " + std::strerror(errno));
    out.write(reinterpret_cast<const char*>(w.buffer), std::streamsize(w.size));
    out.close();
    if (out) return;
    const std::string why = std::strerror(errno);
    std::error_code ec;
    fs::remove(path, ec);  // no half-written image left behind
    throw DataError(name + ": cannot write the PNG file: " + why);
}

}  // namespace cnnwb
