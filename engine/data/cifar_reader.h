// Reader for the CIFAR-10 binary version (https://www.cs.toronto.edu/~kriz/cifar.html):
// data_batch_1..5.bin and test_batch.bin, each a run of 3073-byte records —
// one label byte, then 1024 red, 1024 green and 1024 blue bytes of a 32×32
// image, row-major. That is already our CHW layout. Files may be gzipped.
// A file or data set over the caps below is refused as it is read, before
// memory is taken for more.
#pragma once

#include "dataset.h"

#include <filesystem>
#include <string>
#include <vector>

namespace cnnwb {

constexpr int kCifarSide = 32;
constexpr std::size_t kCifarImageBytes = 3 * 32 * 32;
constexpr std::size_t kCifarRecordBytes = 1 + kCifarImageBytes;

// A real batch file is 10,000 records (30,730,000 bytes, 29.3 MiB); 64 MiB is
// twice that with room, and all a .gz may inflate to before it is refused.
inline constexpr std::uint64_t kMaxCifarBatchBytes = std::uint64_t(64) << 20;
// CIFAR-10 has 50,000 training and 10,000 test images; one data set read
// from batch files holds at most 100,000.
inline constexpr std::size_t kMaxCifarSamples = 100'000;
// batches.meta.txt is 61 bytes; ten class names never need more than 4 KiB.
inline constexpr std::uint64_t kMaxCifarMetaBytes = 4096;

// airplane, automobile, bird, cat, deer, dog, frog, horse, ship, truck.
const std::vector<std::string>& cifar10ClassNames();

// batches.meta.txt: one class name per line (blank lines ignored). Throws
// DataError unless it names exactly ten classes.
std::vector<std::string> readCifarClassNames(const std::filesystem::path& metaPath);

// Appends the records of one batch file to `data` (sampleShape must already
// be {3,32,32}). Throws DataError when the size is not a whole number of
// records, a label is outside 0..9, the path is not a regular file, or the
// file or `data` would go over the caps above.
void appendCifarBatch(const std::filesystem::path& path, Dataset& data);

// The batch files in order as one Dataset; class names from `metaPath` when
// it is not empty, else the standard ten.
Dataset readCifar10(const std::vector<std::filesystem::path>& batchPaths, const std::filesystem::path& metaPath,
                    const std::string& name);

}  // namespace cnnwb
