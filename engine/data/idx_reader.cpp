#include "idx_reader.h"

#include "../errors.h"
#include "compressed_file.h"

#include <algorithm>
#include <cstdio>
#include <limits>

namespace cnnwb {

namespace {

constexpr std::uint32_t kImagesMagic = 0x00000803;  // unsigned bytes, 3 dimensions
constexpr std::uint32_t kLabelsMagic = 0x00000801;  // unsigned bytes, 1 dimension

// Only this much is reserved ahead of reading; the rest grows with the data
// actually read, so even a header within the caps cannot make us allocate
// memory for data the file does not hold.
constexpr std::uint64_t kMaxReserve = std::uint64_t(64) << 20;

// magic + count + rows + cols.
constexpr std::uint64_t kImagesHeaderBytes = 16;

ReadLimit idxLimit() {
    return {kMaxIdxFileBytes, "an MNIST/IDX file is at most " + byteSizeText(kMaxIdxFileBytes) +
                                  " here (MNIST's largest, the training images, is 47 MB)"};
}

void checkCount(const CompressedFileReader& in, std::uint32_t count, const std::string& what) {
    if (count > kMaxIdxCount)
        throw DataError(in.displayName() + ": the header says " + std::to_string(count) + " " + what +
                        ", more than the " + std::to_string(kMaxIdxCount) +
                        " an IDX file may hold here (MNIST's training set has 60000)");
}

std::uint32_t readBigEndian32(CompressedFileReader& in, const std::string& what) {
    std::uint8_t b[4];
    in.readExact(b, 4, what);
    return (std::uint32_t(b[0]) << 24) | (std::uint32_t(b[1]) << 16) | (std::uint32_t(b[2]) << 8) | b[3];
}

std::string hex32(std::uint32_t v) {
    char text[16];
    std::snprintf(text, sizeof text, "0x%08X", unsigned(v));
    return text;
}

std::string describeMagic(std::uint32_t magic) {
    if (magic == kImagesMagic) return " (this looks like an IDX image file)";
    if (magic == kLabelsMagic) return " (this looks like an IDX label file)";
    if ((magic >> 16) == 0 && ((magic >> 8) & 0xFF) != 0x08)
        return " (an IDX file of another element type; only unsigned bytes are supported)";
    return " (not an IDX file)";
}

void checkMagic(CompressedFileReader& in, std::uint32_t expected, const std::string& kind) {
    const std::uint32_t magic = readBigEndian32(in, "IDX header");
    if (magic != expected)
        throw DataError(in.displayName() + ": not an IDX " + kind + " file: magic number is " + hex32(magic) +
                        describeMagic(magic) + ", expected " + hex32(expected));
}

// Reads exactly `expected` payload bytes after the header, checking the file
// holds neither less nor more. `claim` describes what the header said.
std::vector<std::uint8_t> readPayload(CompressedFileReader& in, std::uint64_t expected, const std::string& claim) {
    const std::uint64_t headerSize = in.position();
    if (auto size = in.uncompressedSize(); size && *size - headerSize != expected)
        throw DataError(in.displayName() + ": the header says " + claim + " (" + std::to_string(expected) +
                        " bytes after the header), but the file holds " + std::to_string(*size - headerSize) +
                        " bytes after the header");
    std::vector<std::uint8_t> data;
    data.reserve(std::size_t(std::min(expected, kMaxReserve)));
    const std::uint64_t got = in.appendUpTo(data, expected);
    if (got < expected)
        throw DataError(in.displayName() + ": the header says " + claim + " (" + std::to_string(expected) +
                        " bytes after the header), but the data ends after " + std::to_string(got) +
                        " bytes: the file is truncated or its header is wrong");
    if (!in.atEnd())
        throw DataError(in.displayName() + ": the header says " + claim + " (" + std::to_string(expected) +
                        " bytes after the header), but the file holds more data than that");
    return data;
}

}  // namespace

IdxImages readIdxImages(const std::filesystem::path& path) {
    CompressedFileReader in(path, idxLimit());
    checkMagic(in, kImagesMagic, "image");
    const std::uint32_t count = readBigEndian32(in, "IDX header (image count)");
    const std::uint32_t rows = readBigEndian32(in, "IDX header (row count)");
    const std::uint32_t cols = readBigEndian32(in, "IDX header (column count)");
    // 2^15 per side is far beyond any image set and keeps rows × cols × count
    // well inside 64 bits and each side inside an int.
    constexpr std::uint32_t kMaxSide = 1u << 15;
    if (rows == 0 || cols == 0 || rows > kMaxSide || cols > kMaxSide)
        throw DataError(in.displayName() + ": the header gives images of " + std::to_string(rows) + "×" +
                        std::to_string(cols) + " pixels; expected each side in 1.." + std::to_string(kMaxSide));

    checkCount(in, count, "images");
    const std::uint64_t expected = std::uint64_t(count) * rows * cols;
    const std::string claim = std::to_string(count) + " images of " + std::to_string(rows) + "×" + std::to_string(cols);
    if (expected > kMaxIdxFileBytes - kImagesHeaderBytes)
        throw DataError(in.displayName() + ": the header says " + claim + " (" + std::to_string(expected) +
                        " bytes), more than the " + byteSizeText(kMaxIdxFileBytes) +
                        " an IDX file may hold here (MNIST's training images are 47 MB)");
    IdxImages images;
    images.pixels = readPayload(in, expected, claim);
    images.count = count;
    images.rows = int(rows);
    images.cols = int(cols);
    return images;
}

std::vector<int> readIdxLabels(const std::filesystem::path& path, int numClasses) {
    CompressedFileReader in(path, idxLimit());
    checkMagic(in, kLabelsMagic, "label");
    const std::uint32_t count = readBigEndian32(in, "IDX header (label count)");
    checkCount(in, count, "labels");
    const std::vector<std::uint8_t> bytes = readPayload(in, count, std::to_string(count) + " labels");
    std::vector<int> labels(bytes.begin(), bytes.end());
    for (std::size_t i = 0; i < labels.size(); ++i)
        if (labels[i] >= numClasses)
            throw DataError(in.displayName() + ": label " + std::to_string(labels[i]) + " at index " +
                            std::to_string(i) + " is out of range; expected 0.." + std::to_string(numClasses - 1));
    return labels;
}

const std::vector<std::string>& mnistClassNames() {
    static const std::vector<std::string> names{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
    return names;
}

Dataset readMnist(const std::filesystem::path& imagesPath, const std::filesystem::path& labelsPath,
                  const std::string& name) {
    // Labels first: small, and a mismatch is found before reading 47 MB of pixels.
    std::vector<int> labels = readIdxLabels(labelsPath, int(mnistClassNames().size()));
    IdxImages images = readIdxImages(imagesPath);
    if (images.count != labels.size())
        throw DataError("MNIST files disagree: " + imagesPath.string() + " holds " + std::to_string(images.count) +
                        " images but " + labelsPath.string() + " holds " + std::to_string(labels.size()) +
                        " labels; expected the same count");
    Dataset data;
    data.name = name;
    data.sampleShape = Shape{1, images.rows, images.cols};
    data.pixels = std::move(images.pixels);
    data.labels = std::move(labels);
    data.classNames = mnistClassNames();
    return data;
}

}  // namespace cnnwb
