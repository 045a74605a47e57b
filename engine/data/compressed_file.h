// Reads a file that may or may not be gzip-compressed (zlib detects which from
// the content, not the name). All errors are DataError naming the file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace cnnwb {

class CompressedFileReader {
public:
    explicit CompressedFileReader(const std::filesystem::path& path);
    ~CompressedFileReader();
    CompressedFileReader(const CompressedFileReader&) = delete;
    CompressedFileReader& operator=(const CompressedFileReader&) = delete;

    const std::filesystem::path& path() const { return path_; }
    std::string displayName() const { return path_.string(); }

    // Reads up to n bytes; fewer only at the end of the (decompressed) data.
    // Throws DataError on a corrupt or truncated gzip stream.
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
    std::filesystem::path path_;
    void* file_ = nullptr;  // gzFile, kept opaque so zlib.h stays out of headers
    std::uint64_t position_ = 0;
    std::optional<std::uint8_t> peeked_;
};

// Writes `size` bytes as a gzip file (tests build their fixtures with it).
// Throws DataError when the file cannot be written.
void writeGzipFile(const std::filesystem::path& path, const void* data, std::size_t size);

}  // namespace cnnwb
