// Fixtures shared by the test_data_*.cpp suites: small IDX and CIFAR files
// built in memory, written raw or gzipped, and a helper that returns the
// DataError message a call throws.
#pragma once

#include "engine/data/compressed_file.h"
#include "engine/errors.h"

#include <QString>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

namespace testdata {

using Bytes = std::string;

inline void appendBigEndian32(Bytes& b, std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) b += char((v >> shift) & 0xFF);
}

// Pixel value of image n at (row, col): a pattern tests can recompute.
inline std::uint8_t idxPixel(std::size_t n, int row, int col) { return std::uint8_t((n * 31 + row * 7 + col) % 256); }

inline Bytes idxImages(std::uint32_t count, std::uint32_t rows, std::uint32_t cols) {
    Bytes b;
    appendBigEndian32(b, 0x00000803);
    appendBigEndian32(b, count);
    appendBigEndian32(b, rows);
    appendBigEndian32(b, cols);
    for (std::size_t n = 0; n < count; ++n)
        for (std::uint32_t r = 0; r < rows; ++r)
            for (std::uint32_t c = 0; c < cols; ++c) b += char(idxPixel(n, int(r), int(c)));
    return b;
}

inline Bytes idxLabels(const std::vector<int>& labels) {
    Bytes b;
    appendBigEndian32(b, 0x00000801);
    appendBigEndian32(b, std::uint32_t(labels.size()));
    for (int l : labels) b += char(l);
    return b;
}

// Value of channel ch at (y, x) in CIFAR record n.
inline std::uint8_t cifarPixel(std::size_t n, int ch, int y, int x) {
    return std::uint8_t((n * 13 + std::size_t(ch) * 101 + std::size_t(y) * 3 + std::size_t(x)) % 256);
}

inline Bytes cifarRecords(const std::vector<int>& labels, std::size_t firstIndex = 0) {
    Bytes b;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        b += char(labels[i]);
        for (int ch = 0; ch < 3; ++ch)
            for (int y = 0; y < 32; ++y)
                for (int x = 0; x < 32; ++x) b += char(cifarPixel(firstIndex + i, ch, y, x));
    }
    return b;
}

inline void writeRaw(const std::filesystem::path& path, const Bytes& bytes) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary).write(bytes.data(), std::streamsize(bytes.size()));
}

inline void writeGz(const std::filesystem::path& path, const Bytes& bytes) {
    std::filesystem::create_directories(path.parent_path());
    cnnwb::writeGzipFile(path, bytes.data(), bytes.size());
}

inline Bytes readAll(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The message of the DataError `f` throws; "<no exception>" if none, and
// "<other exception: ...>" for any other type, so a QVERIFY on the text fails
// loudly in both cases.
inline QString dataErrorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const cnnwb::DataError& e) {
        return QString::fromStdString(e.what());
    } catch (const std::exception& e) {
        return QStringLiteral("<other exception: %1>").arg(QString::fromStdString(e.what()));
    }
    return QStringLiteral("<no exception>");
}

}  // namespace testdata

// Checks that `message` contains `part`, printing the whole message if not.
#define QVERIFY_CONTAINS(message, part)                                                              \
    QVERIFY2(QString(message).contains(QString(part)),                                              \
             qPrintable(QStringLiteral("expected \"%1\" in: %2").arg(QString(part), QString(message))))
