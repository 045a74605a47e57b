// Reader for the CIFAR-10 binary version (https://www.cs.toronto.edu/~kriz/cifar.html):
// data_batch_1..5.bin and test_batch.bin, each a run of 3073-byte records —
// one label byte, then 1024 red, 1024 green and 1024 blue bytes of a 32×32
// image, row-major. That is already our CHW layout. Files may be gzipped.
#pragma once

#include "dataset.h"

#include <filesystem>
#include <string>
#include <vector>

namespace cnnwb {

constexpr int kCifarSide = 32;
constexpr std::size_t kCifarImageBytes = 3 * 32 * 32;
constexpr std::size_t kCifarRecordBytes = 1 + kCifarImageBytes;

// airplane, automobile, bird, cat, deer, dog, frog, horse, ship, truck.
const std::vector<std::string>& cifar10ClassNames();

// batches.meta.txt: one class name per line (blank lines ignored). Throws
// DataError unless it names exactly ten classes.
std::vector<std::string> readCifarClassNames(const std::filesystem::path& metaPath);

// Appends the records of one batch file to `data` (sampleShape must already
// be {3,32,32}). Throws DataError when the size is not a whole number of
// records or a label is outside 0..9.
void appendCifarBatch(const std::filesystem::path& path, Dataset& data);

// The batch files in order as one Dataset; class names from `metaPath` when
// it is not empty, else the standard ten.
Dataset readCifar10(const std::vector<std::filesystem::path>& batchPaths, const std::filesystem::path& metaPath,
                    const std::string& name);

}  // namespace cnnwb
