// Reader for the IDX format of MNIST (http://yann.lecun.com/exdb/mnist/):
// a big-endian header (magic 0x00000803 for 3-D unsigned-byte images,
// 0x00000801 for 1-D unsigned-byte labels, then one 32-bit size per
// dimension) followed by the raw bytes. Files may be gzipped or not. A file
// is refused before anything is allocated for it when its header claims, or
// its gzip data inflates to, more than the caps below.
#pragma once

#include "dataset.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace cnnwb {

// MNIST's largest file, the training images, is 47 MB (60,000 × 28 × 28 bytes
// + 16); 256 MiB leaves room for bigger IDX sets of that kind while a lying
// header or a gzip bomb can never make us inflate or allocate more.
inline constexpr std::uint64_t kMaxIdxFileBytes = std::uint64_t(256) << 20;
// The most images or labels one IDX file may hold: kMaxDatasetSamples
// (16× MNIST's 60,000 training images).
inline constexpr std::uint64_t kMaxIdxCount = kMaxDatasetSamples;

struct IdxImages {
    std::size_t count = 0;
    int rows = 0;
    int cols = 0;
    std::vector<std::uint8_t> pixels;  // count × rows × cols, row-major
};

// Throws DataError naming the file on a wrong magic number, dimensions that
// disagree with the amount of data, a count or size over the caps above, a
// path that is not a regular file, or truncated/corrupt gzip data.
IdxImages readIdxImages(const std::filesystem::path& path);

// Labels must be in 0..numClasses-1.
std::vector<int> readIdxLabels(const std::filesystem::path& path, int numClasses = 10);

// The MNIST digit names "0".."9".
const std::vector<std::string>& mnistClassNames();

// Both files as one Dataset ({1,rows,cols} samples, classes "0".."9").
// Throws DataError when the image and label counts differ.
Dataset readMnist(const std::filesystem::path& imagesPath, const std::filesystem::path& labelsPath,
                  const std::string& name);

}  // namespace cnnwb
