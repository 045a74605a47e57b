#include "tar_extract.h"

#include "../errors.h"
#include "compressed_file.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <system_error>
#include <vector>

namespace cnnwb {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kBlock = 512;

std::string field(const std::uint8_t* header, std::size_t offset, std::size_t length) {
    const char* p = reinterpret_cast<const char*>(header + offset);
    return std::string(p, strnlen(p, length));
}

// Octal, space/NUL padded; or GNU base-256 (high bit set) for big values.
bool parseNumber(const std::uint8_t* p, std::size_t length, std::uint64_t& value) {
    value = 0;
    if (p[0] & 0x80) {
        for (std::size_t i = 1; i < length; ++i) {
            if (value >> 56) return false;
            value = (value << 8) | p[i];
        }
        return true;
    }
    std::size_t i = 0;
    while (i < length && p[i] == ' ') ++i;
    for (; i < length && p[i] >= '0' && p[i] <= '7'; ++i) {
        if (value >> 60) return false;
        value = value * 8 + std::uint64_t(p[i] - '0');
    }
    return i == length || p[i] == ' ' || p[i] == '\0';
}

bool checksumMatches(const std::uint8_t* header) {
    std::uint64_t stored = 0;
    if (!parseNumber(header + 148, 8, stored)) return false;
    std::uint64_t sum = 0;
    for (std::size_t i = 0; i < kBlock; ++i) sum += (i >= 148 && i < 156) ? ' ' : header[i];
    return sum == stored;
}

std::string baseName(const std::string& archivePath) {
    std::string name = archivePath;
    while (!name.empty() && name.back() == '/') name.pop_back();
    const auto slash = name.find_last_of('/');
    return slash == std::string::npos ? name : name.substr(slash + 1);
}

// The "path" record of a pax extended header ("<len> path=<value>\n"), if any.
std::string paxPath(const std::string& records) {
    std::size_t pos = 0;
    while (pos < records.size()) {
        const std::size_t space = records.find(' ', pos);
        if (space == std::string::npos) break;
        const std::size_t length = std::size_t(std::strtoull(records.c_str() + pos, nullptr, 10));
        if (length == 0 || pos + length > records.size()) break;
        const std::string record = records.substr(space + 1, pos + length - space - 2);  // drop "\n"
        if (record.rfind("path=", 0) == 0) return record.substr(5);
        pos += length;
    }
    return {};
}

class TarStream {
public:
    explicit TarStream(const fs::path& archive) : in_(archive) {}

    std::string name() const { return in_.displayName(); }

    void readBlock(std::uint8_t* block, const std::string& what) { in_.readExact(block, kBlock, what); }

    // Streams `size` bytes (plus padding to a whole block) to `out`, or drops them.
    void copyData(std::uint64_t size, std::ofstream* out) {
        std::vector<char> chunk(1 << 16);
        const std::uint64_t padded = (size + kBlock - 1) / kBlock * kBlock;
        for (std::uint64_t done = 0; done < padded;) {
            const std::size_t n = std::size_t(std::min<std::uint64_t>(chunk.size(), padded - done));
            in_.readExact(chunk.data(), n, "data of a tar member");
            if (out) {
                const std::uint64_t useful = std::min<std::uint64_t>(n, size > done ? size - done : 0);
                out->write(chunk.data(), std::streamsize(useful));
            }
            done += n;
        }
    }

    std::string readText(std::uint64_t size) {
        if (size == 0) return {};
        if (size > (1u << 20)) throw DataError(name() + ": a tar metadata entry of " + std::to_string(size) + " bytes is too big");
        std::vector<char> data((size + kBlock - 1) / kBlock * kBlock);
        in_.readExact(data.data(), data.size(), "tar metadata entry");
        return std::string(data.data(), strnlen(data.data(), std::size_t(size)));
    }

private:
    CompressedFileReader in_;
};

}  // namespace

std::set<std::string> extractFromTar(const fs::path& archive, const fs::path& destDir, const std::set<std::string>& wanted) {
    TarStream tar(archive);
    std::set<std::string> extracted;
    std::string longName;  // from a GNU 'L' or pax 'x' entry, applies to the next member
    std::uint8_t header[kBlock];
    for (;;) {
        tar.readBlock(header, "tar header");
        if (std::all_of(header, header + kBlock, [](std::uint8_t b) { return b == 0; })) break;  // end of archive
        if (!checksumMatches(header))
            throw DataError(tar.name() + ": not a tar archive, or a corrupt tar header (checksum mismatch)");
        std::uint64_t size = 0;
        if (!parseNumber(header + 124, 12, size)) throw DataError(tar.name() + ": a tar header has an invalid size field");
        const char type = char(header[156]);

        if (type == 'L') { longName = tar.readText(size); continue; }
        if (type == 'x') { longName = paxPath(tar.readText(size)); continue; }

        std::string path = field(header, 0, 100);
        if (field(header, 257, 5) == "ustar" && header[345] != 0) path = field(header, 345, 155) + "/" + path;
        if (!longName.empty()) path = longName;
        longName.clear();

        const std::string base = baseName(path);
        const bool regular = type == '0' || type == '\0' || type == '7';
        if (!regular || !wanted.count(base)) {
            // Links, devices, folders and fifos ('1'..'6') carry no data.
            const bool hasData = !(type >= '1' && type <= '6');
            tar.copyData(hasData ? size : 0, nullptr);
            continue;
        }
        const fs::path target = destDir / base;
        const fs::path part = destDir / (base + ".part");
        {
            std::ofstream out(part, std::ios::binary | std::ios::trunc);
            if (!out) throw DataError(part.string() + ": cannot create file to extract into");
            try {
                tar.copyData(size, &out);
            } catch (...) {
                out.close();
                std::error_code ec;
                fs::remove(part, ec);
                throw;
            }
            out.close();
            if (!out) throw DataError(part.string() + ": write error while extracting (disk full?)");
        }
        std::error_code ec;
        fs::rename(part, target, ec);
        if (ec) throw DataError(target.string() + ": cannot move the extracted file into place: " + ec.message());
        extracted.insert(base);
    }
    return extracted;
}

}  // namespace cnnwb
