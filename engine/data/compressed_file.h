// Reads a file that may or may not be gzip-compressed (zlib detects which from
// the content, not the name), never delivering more than a cap the caller
// sets, so a small .gz that inflates to gigabytes is refused rather than read.
// Only regular files are opened: a FIFO would block forever and /dev/zero never
// ends. All errors are DataError naming the file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace cnnwb {

// The most (decompressed) bytes a reader delivers, and why: said in the
// error, as in "x.gz: decompresses to more than 256 MiB; <why>".
struct ReadLimit {
    std::uint64_t bytes = 0;
    std::string why;
};

// "256 MiB", "4 KiB", "61 bytes": sizes in messages.
std::string byteSizeText(std::uint64_t bytes);

class CompressedFileReader {
public:
    // Throws DataError when the path is missing, not a regular file, or unreadable.
    CompressedFileReader(const std::filesystem::path& path, ReadLimit limit);
    ~CompressedFileReader();
    CompressedFileReader(const CompressedFileReader&) = delete;
    CompressedFileReader& operator=(const CompressedFileReader&) = delete;

    const std::filesystem::path& path() const { return path_; }
    std::string displayName() const { return path_.string(); }

    // Reads up to n bytes; fewer only at the end of the (decompressed) data.
    // Throws DataError on a corrupt or truncated gzip stream, and when the
    // data goes past the limit.
    std::size_t read(void* buffer, std::size_t n);

    // Reads n bytes or throws DataError saying `what` was cut short.
    void readExact(void* buffer, std::size_t n, const std::string& what);

    // Appends up to n bytes to `out`, growing it only as data actually arrives,
    // so a header that lies about the size cannot cause a huge allocation.
    // Returns how many bytes were appended.
    std::size_t appendUpTo(std::vector<std::uint8_t>& out, std::uint64_t n);

    // True when no byte is left (reads one byte ahead to know).
    bool atEnd();

    // Bytes of (decompressed) data consumed so far.
    std::uint64_t position() const { return position_; }

    // The size of the data for an uncompressed file, known before reading;
    // nothing for gzip, whose real size is only known once streamed.
    std::optional<std::uint64_t> uncompressedSize();

private:
    [[noreturn]] void throwOverLimit() const;

    std::filesystem::path path_;
    ReadLimit limit_;
    void* file_ = nullptr;  // gzFile, kept opaque so zlib.h stays out of headers
    std::uint64_t position_ = 0;
    std::optional<std::uint8_t> peeked_;
};

// Throws DataError naming `path` unless it is a regular file: says what it is
// instead (missing, a folder, a FIFO, a device). Readers call it before opening.
void requireRegularFile(const std::filesystem::path& path);

// Writes `size` bytes as a gzip file (tests build their fixtures with it).
// Throws DataError when the file cannot be written.
void writeGzipFile(const std::filesystem::path& path, const void* data, std::size_t size);

}  // namespace cnnwb
