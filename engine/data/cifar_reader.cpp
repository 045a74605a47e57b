#include "cifar_reader.h"

#include "../errors.h"
#include "compressed_file.h"

#include <sstream>

namespace cnnwb {

namespace {

constexpr int kCifarClasses = 10;

std::string trim(const std::string& s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    const auto last = s.find_last_not_of(" \t\r\n");
    return s.substr(first, last - first + 1);
}

}  // namespace

const std::vector<std::string>& cifar10ClassNames() {
    static const std::vector<std::string> names{"airplane", "automobile", "bird",  "cat",  "deer",
                                                "dog",      "frog",       "horse", "ship", "truck"};
    return names;
}

std::vector<std::string> readCifarClassNames(const std::filesystem::path& metaPath) {
    CompressedFileReader in(metaPath, {kMaxCifarMetaBytes, "a CIFAR-10 class-name file is ten short lines (61 bytes)"});
    std::string text(kMaxCifarMetaBytes, '\0');
    text.resize(in.read(text.data(), kMaxCifarMetaBytes));
    in.atEnd();  // throws when the file goes on past the cap
    std::vector<std::string> names;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        const std::string name = trim(line);
        if (!name.empty()) names.push_back(name);
    }
    if (names.size() != kCifarClasses)
        throw DataError(in.displayName() + ": expected " + std::to_string(kCifarClasses) +
                        " class names, one per line, but found " + std::to_string(names.size()));
    return names;
}

void appendCifarBatch(const std::filesystem::path& path, Dataset& data) {
    CompressedFileReader in(path, {kMaxCifarBatchBytes, "a CIFAR-10 batch file is at most " +
                                                            byteSizeText(kMaxCifarBatchBytes) +
                                                            " here (a real one is 10000 records, 30.7 MB)"});
    const std::string layout = "records of 3073 bytes (1 label byte + 3072 pixel bytes)";
    auto checkTotal = [&](std::uint64_t records) {
        if (records > kMaxCifarSamples)
            throw DataError(in.displayName() + ": with this file the data set would hold " + std::to_string(records) +
                            " images, more than the " + std::to_string(kMaxCifarSamples) +
                            " a CIFAR-10 data set may hold here (the real one has 60000)");
    };
    if (auto size = in.uncompressedSize()) {
        if (*size == 0) throw DataError(in.displayName() + ": the file is empty; expected CIFAR-10 " + layout);
        if (*size % kCifarRecordBytes != 0)
            throw DataError(in.displayName() + ": size " + std::to_string(*size) +
                            " bytes is not a multiple of 3073; expected CIFAR-10 " + layout);
        if (*size <= kMaxCifarBatchBytes) {  // a bigger one is refused by the reader's limit
            checkTotal(data.size() + *size / kCifarRecordBytes);
            data.pixels.reserve(data.pixels.size() + std::size_t(*size / kCifarRecordBytes) * kCifarImageBytes);
        }
    }
    // Streams record by record, so memory grows only with data actually read.
    std::uint8_t record[kCifarRecordBytes];
    std::size_t records = 0;
    for (;;) {
        const std::size_t got = in.read(record, kCifarRecordBytes);
        if (got == 0) break;
        if (got != kCifarRecordBytes)
            throw DataError(in.displayName() + ": data size " + std::to_string(in.position()) +
                            " bytes is not a multiple of 3073 (the last record is cut short); expected CIFAR-10 " +
                            layout);
        if (record[0] >= kCifarClasses)
            throw DataError(in.displayName() + ": record " + std::to_string(records) + " has label " +
                            std::to_string(record[0]) + ", out of range; expected 0..9");
        checkTotal(data.size() + 1);
        data.labels.push_back(record[0]);
        data.pixels.insert(data.pixels.end(), record + 1, record + kCifarRecordBytes);
        ++records;
    }
    if (records == 0) throw DataError(in.displayName() + ": the file is empty; expected CIFAR-10 " + layout);
}

Dataset readCifar10(const std::vector<std::filesystem::path>& batchPaths, const std::filesystem::path& metaPath,
                    const std::string& name) {
    Dataset data;
    data.name = name;
    data.sampleShape = Shape{3, kCifarSide, kCifarSide};
    data.classNames = metaPath.empty() ? cifar10ClassNames() : readCifarClassNames(metaPath);
    for (const auto& path : batchPaths) appendCifarBatch(path, data);
    return data;
}

}  // namespace cnnwb
