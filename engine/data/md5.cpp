#include "md5.h"

#include "../errors.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <vector>

namespace cnnwb {

namespace {

// K[i] = floor(|sin(i + 1)| × 2^32), as RFC 1321 defines the table.
const std::array<std::uint32_t, 64>& sineTable() {
    static const std::array<std::uint32_t, 64> table = [] {
        std::array<std::uint32_t, 64> t{};
        for (int i = 0; i < 64; ++i) t[i] = std::uint32_t(std::floor(std::fabs(std::sin(double(i + 1))) * 4294967296.0));
        return t;
    }();
    return table;
}

constexpr int kShift[64] = {7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
                            5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20,
                            4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
                            6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21};

std::uint32_t rotateLeft(std::uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

}  // namespace

void Md5::processBlock(const std::uint8_t* block) {
    std::uint32_t m[16];
    for (int i = 0; i < 16; ++i)  // MD5 words are little-endian whatever the CPU
        m[i] = std::uint32_t(block[4 * i]) | (std::uint32_t(block[4 * i + 1]) << 8) |
               (std::uint32_t(block[4 * i + 2]) << 16) | (std::uint32_t(block[4 * i + 3]) << 24);
    const auto& k = sineTable();
    std::uint32_t a = state_[0], b = state_[1], c = state_[2], d = state_[3];
    for (int i = 0; i < 64; ++i) {
        std::uint32_t f;
        int g;
        if (i < 16) {
            f = (b & c) | (~b & d);
            g = i;
        } else if (i < 32) {
            f = (d & b) | (~d & c);
            g = (5 * i + 1) % 16;
        } else if (i < 48) {
            f = b ^ c ^ d;
            g = (3 * i + 5) % 16;
        } else {
            f = c ^ (b | ~d);
            g = (7 * i) % 16;
        }
        f += a + k[i] + m[g];
        a = d;
        d = c;
        c = b;
        b += rotateLeft(f, kShift[i]);
    }
    state_[0] += a;
    state_[1] += b;
    state_[2] += c;
    state_[3] += d;
}

void Md5::update(const void* data, std::size_t size) {
    auto* p = static_cast<const std::uint8_t*>(data);
    totalBytes_ += size;
    if (buffered_ > 0) {
        const std::size_t take = std::min(size, buffer_.size() - buffered_);
        std::memcpy(buffer_.data() + buffered_, p, take);
        buffered_ += take;
        p += take;
        size -= take;
        if (buffered_ < buffer_.size()) return;
        processBlock(buffer_.data());
        buffered_ = 0;
    }
    for (; size >= 64; p += 64, size -= 64) processBlock(p);
    std::memcpy(buffer_.data(), p, size);
    buffered_ = size;
}

std::string Md5::hexDigest() {
    // Padding: 0x80, zeros up to 56 mod 64, then the bit length (little-endian).
    const std::uint64_t bits = totalBytes_ * 8;
    const std::uint8_t one = 0x80;
    update(&one, 1);
    const std::uint8_t zero = 0;
    while (buffered_ != 56) update(&zero, 1);
    std::uint8_t length[8];
    for (int i = 0; i < 8; ++i) length[i] = std::uint8_t(bits >> (8 * i));
    update(length, 8);

    static const char* digits = "0123456789abcdef";
    std::string hex;
    for (std::uint32_t word : state_)
        for (int i = 0; i < 4; ++i) {
            const std::uint8_t byte = std::uint8_t(word >> (8 * i));
            hex += digits[byte >> 4];
            hex += digits[byte & 15];
        }
    return hex;
}

std::string md5Hex(const void* data, std::size_t size) {
    Md5 md5;
    md5.update(data, size);
    return md5.hexDigest();
}

std::string md5OfFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw DataError(path.string() + ": cannot open to compute its checksum");
    Md5 md5;
    std::vector<char> chunk(1 << 20);
    while (in) {
        in.read(chunk.data(), std::streamsize(chunk.size()));
        md5.update(chunk.data(), std::size_t(in.gcount()));
    }
    if (in.bad()) throw DataError(path.string() + ": read error while computing its checksum");
    return md5.hexDigest();
}

}  // namespace cnnwb
