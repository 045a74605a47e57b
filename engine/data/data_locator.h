// Finds the files of the built-in data sets ("mnist", "cifar10") on disk.
//
// Base directories are tried in this order:
//   1. the explicit one (the --data DIR option), when given;
//   2. $CNNWB_DATA, when set and not empty;
//   3. the user's cache: $XDG_CACHE_HOME/cnn-workbench/data, else
//      ~/.cache/cnn-workbench/data (where `cnnwb download` puts them).
// Within a base DIR, MNIST is looked for in DIR/mnist/ then DIR/; CIFAR-10 in
// DIR/cifar10/, DIR/cifar-10-batches-bin/, DIR/cifar10/cifar-10-batches-bin/
// then DIR/. Every file may be gzipped (name + ".gz", preferred) or not, and
// all files of one split must sit in the same folder.
#pragma once

#include "dataset.h"

#include <filesystem>
#include <string>
#include <vector>

namespace cnnwb {

enum class DataSplit { Train, Test };

// The cache folder the downloader fills; empty when no home folder is known.
std::filesystem::path userCacheDataDir();

struct DataSearchDir {
    std::filesystem::path path;
    std::string origin;  // "--data", "CNNWB_DATA", "user cache": said in messages
};

// The base directories in lookup order (only those that are configured).
std::vector<DataSearchDir> dataSearchDirs(const std::filesystem::path& explicitDir);

struct MnistFiles {
    std::filesystem::path images;
    std::filesystem::path labels;
};

struct CifarFiles {
    std::vector<std::filesystem::path> batches;  // data_batch_1..5 or test_batch
    std::filesystem::path meta;                  // batches.meta.txt, or empty if absent
};

// Throw DataError listing every file looked for, every folder searched and how
// to get the data when it is not found.
MnistFiles locateMnist(DataSplit split, const std::filesystem::path& explicitDir = {});
CifarFiles locateCifar10(DataSplit split, const std::filesystem::path& explicitDir = {});

// Locate and read. Names are "mnist-train", "mnist-test", "cifar10-train", "cifar10-test".
Dataset loadMnist(DataSplit split, const std::filesystem::path& explicitDir = {});
Dataset loadCifar10(DataSplit split, const std::filesystem::path& explicitDir = {});

}  // namespace cnnwb
