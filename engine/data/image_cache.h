// The cache of decoded image folders (image_folder.h): one file per folder
// and conversion, named by a key that changes whenever any file's path, size
// or modification time or the conversion does. A cache file that is damaged,
// cut short or of another key is a miss, never an error: the folder is
// decoded again and the file rewritten (durably, durable_file.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace cnnwb {

// Every listed file of a folder, decoded: entries × sampleBytes pixels (zero
// for a file that failed) and, per entry, why it failed (empty: decoded).
struct DecodedImages {
    std::size_t sampleBytes = 0;
    std::vector<std::uint8_t> pixels;
    std::vector<std::string> errors;

    std::size_t entries() const { return errors.size(); }
};

// The decoded images stored under `key` in `file`, when it holds exactly
// `entries` entries of `sampleBytes`; nothing on any mismatch or damage.
std::optional<DecodedImages> readImageCache(const std::filesystem::path& file, const std::string& key,
                                            std::size_t entries, std::size_t sampleBytes);

// Throws FileWriteError (durable_file.h) when it cannot be written.
void writeImageCache(const std::filesystem::path& file, const std::string& key, const DecodedImages& images);

// Keeps the `keep` most recently used cache files of `dir`, removing the rest.
void trimImageCache(const std::filesystem::path& dir, std::size_t keep);

}  // namespace cnnwb
