// MD5 (RFC 1321), only to check downloads against the checksums the data sets
// publish; it is not used for anything that needs to be secure.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

namespace cnnwb {

class Md5 {
public:
    void update(const void* data, std::size_t size);
    // Lower-case hex of the 16-byte digest. Ends the computation: call once.
    std::string hexDigest();

private:
    void processBlock(const std::uint8_t* block);

    std::array<std::uint32_t, 4> state_{0x67452301u, 0xefcdab89u, 0x98badcfeu, 0x10325476u};
    std::array<std::uint8_t, 64> buffer_{};
    std::size_t buffered_ = 0;
    std::uint64_t totalBytes_ = 0;
};

std::string md5Hex(const void* data, std::size_t size);

// The MD5 of a file's bytes as stored (no decompression). Throws DataError
// when it cannot be read.
std::string md5OfFile(const std::filesystem::path& path);

}  // namespace cnnwb
