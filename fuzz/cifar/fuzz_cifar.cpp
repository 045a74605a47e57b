// Fuzz target: the CIFAR-10 binary reader (appendCifarBatch, twice into one
// data set as readCifar10 does with several batches, and readCifarClassNames;
// plain or gzipped, read from a scratch file in /dev/shm), then the trainer's
// data operations and a minimal network on what loaded (fuzz_support.h).
// Seeds: corpus/ (small generated batches, fuzz/README.md); past crashes:
// regressions/.
#include "common/fuzz_support.h"

#include "engine/data/cifar_reader.h"
#include "engine/errors.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    cnnwb::fuzz::useOneThread();
    static cnnwb::fuzz::ScratchFile file("cifar");
    const auto& path = file.write(data, size);

    try {
        const std::vector<std::string> names = cnnwb::readCifarClassNames(path);
        cnnwb::fuzz::require(names.size() == 10, "readCifarClassNames() returned other than ten names");
    } catch (const cnnwb::DataError&) {
    }

    cnnwb::Dataset batches;
    batches.name = "fuzz-cifar";
    batches.sampleShape = cnnwb::Shape{3, cnnwb::kCifarSide, cnnwb::kCifarSide};
    batches.classNames = cnnwb::cifar10ClassNames();
    try {
        cnnwb::appendCifarBatch(path, batches);
    } catch (const cnnwb::DataError&) {
        return 0;
    }
    const std::size_t once = batches.size();
    // The same file again must load again, and append.
    cnnwb::appendCifarBatch(path, batches);
    cnnwb::fuzz::require(batches.size() == 2 * once, "a CIFAR batch read twice did not give twice the records");
    cnnwb::fuzz::exerciseDataset(batches);
    return 0;
}
