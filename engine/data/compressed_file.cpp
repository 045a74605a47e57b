#include "compressed_file.h"

#include "../errors.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <system_error>

namespace cnnwb {

namespace {

gzFile asGz(void* f) { return static_cast<gzFile>(f); }

// gzread takes an unsigned int count; read in chunks well below that.
constexpr std::size_t kChunk = std::size_t(1) << 20;

}  // namespace

CompressedFileReader::CompressedFileReader(const std::filesystem::path& path) : path_(path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path_, ec))
        throw DataError(displayName() + ": file not found (or not a regular file)");
#ifdef _WIN32
    file_ = gzopen_w(path_.c_str(), "rb");
#else
    file_ = gzopen(path_.c_str(), "rb");
#endif
    if (!file_) throw DataError(displayName() + ": cannot open for reading: " + std::strerror(errno));
    gzbuffer(asGz(file_), 1 << 18);
}

CompressedFileReader::~CompressedFileReader() {
    if (file_) gzclose(asGz(file_));
}

std::size_t CompressedFileReader::read(void* buffer, std::size_t n) {
    auto* out = static_cast<std::uint8_t*>(buffer);
    std::size_t got = 0;
    if (n > 0 && peeked_) {
        out[got++] = *peeked_;
        peeked_.reset();
    }
    while (got < n) {
        const unsigned ask = unsigned(std::min(n - got, kChunk));
        const int r = gzread(asGz(file_), out + got, ask);
        // zlib reports a cut-short gzip stream as Z_BUF_ERROR with a short or
        // zero read, so the error state must be checked, not just r < 0.
        int err = Z_OK;
        const char* message = gzerror(asGz(file_), &err);
        if (r < 0 || (err != Z_OK && err != Z_STREAM_END)) {
            const bool truncated = err == Z_BUF_ERROR;
            throw DataError(displayName() + ": " +
                            (truncated ? std::string("the gzip data is truncated (file cut short)")
                                       : std::string("cannot decompress: ") + (message ? message : "zlib error")) +
                            " after " + std::to_string(position_ + got + std::size_t(std::max(r, 0))) +
                            " bytes of data");
        }
        if (r == 0) break;
        got += std::size_t(r);
    }
    position_ += got;
    return got;
}

void CompressedFileReader::readExact(void* buffer, std::size_t n, const std::string& what) {
    const std::uint64_t before = position_;
    const std::size_t got = read(buffer, n);
    if (got != n)
        throw DataError(displayName() + ": file ends after " + std::to_string(before + got) + " bytes, inside the " +
                        what + " (" + std::to_string(n) + " bytes expected at offset " + std::to_string(before) + ")");
}

std::size_t CompressedFileReader::appendUpTo(std::vector<std::uint8_t>& out, std::uint64_t n) {
    std::uint64_t appended = 0;
    while (appended < n) {
        const std::size_t ask = std::size_t(std::min<std::uint64_t>(n - appended, kChunk));
        const std::size_t old = out.size();
        out.resize(old + ask);
        const std::size_t got = read(out.data() + old, ask);
        out.resize(old + got);
        appended += got;
        if (got < ask) break;
    }
    return std::size_t(appended);
}

bool CompressedFileReader::atEnd() {
    if (peeked_) return false;
    std::uint8_t byte = 0;
    if (read(&byte, 1) == 0) return true;
    --position_;  // a peek is not consumption
    peeked_ = byte;
    return false;
}

std::optional<std::uint64_t> CompressedFileReader::uncompressedSize() {
    // gzdirect() is only meaningful once zlib has looked at the first bytes.
    if (position_ == 0 && !peeked_ && atEnd()) return 0;
    if (!gzdirect(asGz(file_))) return std::nullopt;
    std::error_code ec;
    const auto size = std::filesystem::file_size(path_, ec);
    if (ec) return std::nullopt;
    return std::uint64_t(size);
}

void writeGzipFile(const std::filesystem::path& path, const void* data, std::size_t size) {
#ifdef _WIN32
    gzFile file = gzopen_w(path.c_str(), "wb9");
#else
    gzFile file = gzopen(path.c_str(), "wb9");
#endif
    if (!file) throw DataError(path.string() + ": cannot create gzip file: " + std::strerror(errno));
    const auto* p = static_cast<const std::uint8_t*>(data);
    bool ok = true;
    for (std::size_t done = 0; ok && done < size;) {
        const unsigned n = unsigned(std::min(size - done, kChunk));
        ok = gzwrite(file, p + done, n) == int(n);
        done += n;
    }
    ok = (gzclose(file) == Z_OK) && ok;
    if (!ok) throw DataError(path.string() + ": error while writing gzip data (disk full?)");
}

}  // namespace cnnwb
