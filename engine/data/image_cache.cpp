#include "image_cache.h"

#include "../durable_file.h"
#include "../json_text.h"

#include <algorithm>
#include <fstream>

namespace cnnwb {

namespace fs = std::filesystem;

namespace {

const std::string kMagic = "CNNWB-IMAGE-CACHE 1\n";
// The header lists failed files with their reasons; a folder of unreadable
// files still has a header far below this.
constexpr std::uint64_t kMaxHeaderBytes = std::uint64_t(64) << 20;

}  // namespace

std::optional<DecodedImages> readImageCache(const fs::path& file, const std::string& key, std::size_t entries,
                                            std::size_t sampleBytes) {
    try {
        std::error_code ec;
        if (!fs::is_regular_file(file, ec)) return std::nullopt;
        const std::uint64_t size = fs::file_size(file, ec);
        if (ec) return std::nullopt;
        std::ifstream in(file, std::ios::binary);
        std::string magic(kMagic.size(), '\0');
        if (!in.read(magic.data(), std::streamsize(magic.size())) || magic != kMagic) return std::nullopt;
        unsigned char lenBytes[8];
        if (!in.read(reinterpret_cast<char*>(lenBytes), 8)) return std::nullopt;
        std::uint64_t headerBytes = 0;
        for (int i = 0; i < 8; ++i) headerBytes |= std::uint64_t(lenBytes[i]) << (8 * i);
        const std::uint64_t pixelBytes = std::uint64_t(entries) * sampleBytes;
        if (headerBytes > kMaxHeaderBytes || size != kMagic.size() + 8 + headerBytes + pixelBytes) return std::nullopt;
        std::string text(std::size_t(headerBytes), '\0');
        if (!in.read(text.data(), std::streamsize(text.size()))) return std::nullopt;
        const Json header = parseJson(text, file.string());
        if (header.value("key", std::string()) != key || header.value("entries", std::uint64_t(0)) != entries ||
            header.value("sample_bytes", std::uint64_t(0)) != sampleBytes)
            return std::nullopt;
        DecodedImages images;
        images.sampleBytes = sampleBytes;
        images.errors.resize(entries);
        for (const Json& failed : header.at("failed")) {
            const auto index = failed.at(0).get<std::uint64_t>();
            if (index >= entries) return std::nullopt;
            images.errors[std::size_t(index)] = failed.at(1).get<std::string>();
            if (images.errors[std::size_t(index)].empty()) return std::nullopt;
        }
        images.pixels.resize(std::size_t(pixelBytes));
        if (!in.read(reinterpret_cast<char*>(images.pixels.data()), std::streamsize(pixelBytes))) return std::nullopt;
        // Used now: kept longest by trimImageCache.
        fs::last_write_time(file, fs::file_time_type::clock::now(), ec);
        return images;
    } catch (const std::exception&) {
        return std::nullopt;  // damaged: decode again
    }
}

void writeImageCache(const fs::path& file, const std::string& key, const DecodedImages& images) {
    Json failed = Json::array();
    for (std::size_t i = 0; i < images.entries(); ++i)
        if (!images.errors[i].empty()) failed.push_back({i, images.errors[i]});
    const Json header = {{"key", key}, {"entries", images.entries()}, {"sample_bytes", images.sampleBytes},
                         {"failed", failed}};
    const std::string text = header.dump(-1, ' ', false, Json::error_handler_t::replace);
    std::error_code ec;
    fs::create_directories(file.parent_path(), ec);
    writeFileDurably(file, [&](std::ostream& out) {
        out << kMagic;
        unsigned char lenBytes[8];
        for (int i = 0; i < 8; ++i) lenBytes[i] = static_cast<unsigned char>(std::uint64_t(text.size()) >> (8 * i));
        out.write(reinterpret_cast<const char*>(lenBytes), 8);
        out.write(text.data(), std::streamsize(text.size()));
        out.write(reinterpret_cast<const char*>(images.pixels.data()), std::streamsize(images.pixels.size()));
    });
}

void trimImageCache(const fs::path& dir, std::size_t keep) {
    std::error_code ec;
    std::vector<std::pair<fs::file_time_type, fs::path>> files;
    for (const auto& entry : fs::directory_iterator(dir, ec))
        if (entry.is_regular_file(ec) && entry.path().extension() == ".cache")
            files.emplace_back(entry.last_write_time(ec), entry.path());
    if (files.size() <= keep) return;
    std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (std::size_t i = keep; i < files.size(); ++i) fs::remove(files[i].second, ec);
}

}  // namespace cnnwb
