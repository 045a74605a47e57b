// Fuzz target: the IDX reader of MNIST files (readIdxImages, readIdxLabels;
// plain or gzipped, read from a scratch file in /dev/shm), then the trainer's
// data operations and a minimal network on what loaded (fuzz_support.h).
// Seeds: corpus/ (small generated IDX files, fuzz/README.md); past crashes:
// regressions/.
#include "common/fuzz_support.h"

#include "engine/data/idx_reader.h"
#include "engine/errors.h"

#include <cstddef>
#include <cstdint>
#include <optional>

namespace {

void imagesFrom(const std::filesystem::path& path) {
    std::optional<cnnwb::IdxImages> images;
    try {
        images = cnnwb::readIdxImages(path);
    } catch (const cnnwb::DataError&) {
        return;
    }
    cnnwb::fuzz::require(images->pixels.size() == images->count * std::size_t(images->rows) * std::size_t(images->cols),
                         "readIdxImages() returned another number of pixels than its header");
    // As readMnist() makes it, with labels of our own.
    cnnwb::Dataset data;
    data.name = "fuzz-images";
    data.sampleShape = cnnwb::Shape{1, images->rows, images->cols};
    data.pixels = std::move(images->pixels);
    data.classNames = cnnwb::mnistClassNames();
    for (std::size_t i = 0; i < images->count; ++i) data.labels.push_back(int(i % 10));
    cnnwb::fuzz::exerciseDataset(data);
}

void labelsFrom(const std::filesystem::path& path) {
    std::optional<std::vector<int>> labels;
    try {
        labels = cnnwb::readIdxLabels(path, 10);
    } catch (const cnnwb::DataError&) {
        return;
    }
    // Each label as a 1×1 image of its own value.
    cnnwb::Dataset data;
    data.name = "fuzz-labels";
    data.sampleShape = cnnwb::Shape{1, 1, 1};
    data.classNames = cnnwb::mnistClassNames();
    for (int label : *labels) {
        cnnwb::fuzz::require(label >= 0 && label < 10, "readIdxLabels() returned a label out of range");
        data.pixels.push_back(std::uint8_t(label));
    }
    data.labels = std::move(*labels);
    cnnwb::fuzz::exerciseDataset(data);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    cnnwb::fuzz::useOneThread();
    static cnnwb::fuzz::ScratchFile file("idx");
    const auto& path = file.write(data, size);
    // Both readers see every input: the magic number decides which one takes it.
    imagesFrom(path);
    labelsFrom(path);
    return 0;
}
