#include "compressed_file.h"

#include "../cancellation.h"
#include "../errors.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <system_error>

#ifndef _WIN32
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace cnnwb {

namespace fs = std::filesystem;

namespace {

gzFile asGz(void* f) { return static_cast<gzFile>(f); }

// gzread takes an unsigned int count; read in chunks well below that.
constexpr std::size_t kChunk = std::size_t(1) << 20;

[[noreturn]] void throwNotRegular(const fs::path& path, fs::file_type type) {
    std::string what;
    switch (type) {
    case fs::file_type::not_found: throw DataError(path.string() + ": file not found");
    case fs::file_type::directory: what = "a folder"; break;
    case fs::file_type::fifo: what = "a named pipe (FIFO), which could keep a reader waiting forever"; break;
    case fs::file_type::character:
    case fs::file_type::block: what = "a device, whose data may never end"; break;
    case fs::file_type::socket: what = "a socket"; break;
    default: what = "not a regular file"; break;
    }
    throw DataError(path.string() + ": is " + what + "; expected a regular data file");
}

#ifndef _WIN32
fs::file_type fileTypeOf(mode_t mode) {
    if (S_ISREG(mode)) return fs::file_type::regular;
    if (S_ISDIR(mode)) return fs::file_type::directory;
    if (S_ISFIFO(mode)) return fs::file_type::fifo;
    if (S_ISCHR(mode)) return fs::file_type::character;
    if (S_ISBLK(mode)) return fs::file_type::block;
    if (S_ISSOCK(mode)) return fs::file_type::socket;
    return fs::file_type::unknown;
}
#endif

}  // namespace

std::string byteSizeText(std::uint64_t bytes) {
    if (bytes >= (std::uint64_t(1) << 20) && bytes % (std::uint64_t(1) << 20) == 0)
        return std::to_string(bytes >> 20) + " MiB";
    if (bytes >= 1024 && bytes % 1024 == 0) return std::to_string(bytes >> 10) + " KiB";
    return std::to_string(bytes) + " bytes";
}

void requireRegularFile(const fs::path& path) {
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (status.type() != fs::file_type::regular) throwNotRegular(path, status.type());
}

CompressedFileReader::CompressedFileReader(const fs::path& path, ReadLimit limit) : path_(path), limit_(std::move(limit)) {
#ifdef _WIN32
    requireRegularFile(path_);
    file_ = gzopen_w(path_.c_str(), "rb");
    if (!file_) throw DataError(displayName() + ": cannot open for reading: " + std::strerror(errno));
#else
    // Opened without blocking and checked on the open descriptor, so a FIFO
    // neither hangs the open nor slips in between a check and the open.
    const int fd = ::open(path_.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) throw DataError(displayName() + ": file not found");
        throw DataError(displayName() + ": cannot open for reading: " + std::strerror(errno));
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        const fs::file_type type = fileTypeOf(st.st_mode);
        ::close(fd);
        throwNotRegular(path_, type);
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    file_ = gzdopen(fd, "rb");
    if (!file_) {
        ::close(fd);
        throw DataError(displayName() + ": cannot open for reading (out of memory?)");
    }
#endif
    gzbuffer(asGz(file_), 1 << 18);
}

CompressedFileReader::~CompressedFileReader() {
    if (file_) gzclose(asGz(file_));
}

void CompressedFileReader::throwOverLimit() const {
    const bool gzipped = !gzdirect(asGz(file_));
    throw DataError(displayName() + ": " + (gzipped ? "decompresses to more than " : "is larger than ") +
                    byteSizeText(limit_.bytes) + "; " + limit_.why);
}

std::size_t CompressedFileReader::read(void* buffer, std::size_t n) {
    auto* out = static_cast<std::uint8_t*>(buffer);
    std::size_t got = 0;
    if (n > 0 && peeked_) {
        out[got++] = *peeked_;
        peeked_.reset();
    }
    while (got < n) {
        throwIfCancelled();  // at most one chunk (1 MiB) after a cancel is asked for
        // One byte past the limit is enough to know the data goes on, so no
        // more than that is ever inflated.
        const std::uint64_t room = limit_.bytes + 1 - (position_ + got);
        const unsigned ask = unsigned(std::min<std::uint64_t>({n - got, kChunk, room}));
        const int r = gzread(asGz(file_), out + got, ask);
        // zlib reports a cut-short gzip stream as Z_BUF_ERROR with a short or
        // zero read, so the error state must be checked, not just r < 0.
        int err = Z_OK;
        const char* message = gzerror(asGz(file_), &err);
        if (r < 0 || (err != Z_OK && err != Z_STREAM_END)) {
            const bool truncated = err == Z_BUF_ERROR;
            // zlib prefixes its message with the name given to gzdopen ("<fd:7>: "), meaningless here.
            std::string why = message ? message : "zlib error";
            if (why.rfind("<fd:", 0) == 0 && why.find(": ") != std::string::npos) why.erase(0, why.find(": ") + 2);
            throw DataError(displayName() + ": " +
                            (truncated ? std::string("the gzip data is truncated (file cut short)")
                                       : "cannot decompress (" + why + ")") +
                            "; noticed after " + std::to_string(position_ + got + std::size_t(std::max(r, 0))) +
                            " decompressed bytes");
        }
        if (r == 0) break;
        got += std::size_t(r);
        if (position_ + got > limit_.bytes) throwOverLimit();
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
    const auto size = fs::file_size(path_, ec);
    if (ec) return std::nullopt;
    return std::uint64_t(size);
}

void writeGzipFile(const fs::path& path, const void* data, std::size_t size) {
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
