// Finds the files of the built-in data sets ("mnist", "cifar10") on disk.
//
// A folder the user names (`--data DIR`, a folder chosen in the window) is the
// only place looked at: when it lacks the files, the error names it and them,
// and nothing else is searched — data from somewhere the user did not point at
// would be silently trained on. Only when no folder is named are these tried:
//   1. $CNNWB_DATA, when set and not empty;
//   2. the user's cache: $XDG_CACHE_HOME/cnn-workbench/data, else
//      ~/.cache/cnn-workbench/data (where `cnnwb download` puts them).
// Within a base DIR, MNIST is looked for in DIR/mnist/ then DIR/; CIFAR-10 in
// DIR/cifar10/, DIR/cifar-10-batches-bin/, DIR/cifar10/cifar-10-batches-bin/
// then DIR/. Every file may be gzipped (name + ".gz", preferred) or not, and
// all files of one split must sit in the same folder.
#pragma once

#include "../errors.h"
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
    std::string origin;  // "named folder", "CNNWB_DATA", "user cache": said in messages
};

// Where data is looked for: `namedFolder` alone when it is not empty, else
// $CNNWB_DATA then the user cache (only those that are configured).
std::vector<DataSearchDir> dataSearchDirs(const std::filesystem::path& namedFolder);

struct MnistFiles {
    std::filesystem::path images;
    std::filesystem::path labels;
};

struct CifarFiles {
    std::vector<std::filesystem::path> batches;  // data_batch_1..5 or test_batch
    std::filesystem::path meta;                  // batches.meta.txt, or empty if absent
};

// A built-in data set's files are not where they were looked for. The
// message says where and how to get them; `datasetId` ("mnist", "cifar10")
// is what the downloader fetches, so a window can offer to.
class MissingDataError : public DataError {
public:
    MissingDataError(const std::string& message, std::string datasetId)
        : DataError(message), datasetId_(std::move(datasetId)) {}
    const std::string& datasetId() const { return datasetId_; }

private:
    std::string datasetId_;
};

// `namedFolder` empty: none named, search as above. Throw MissingDataError when the
// data is not found: naming the named folder and the files it lacks (or that
// it does not exist), or every folder searched; and how to get the data.
MnistFiles locateMnist(DataSplit split, const std::filesystem::path& namedFolder = {});
CifarFiles locateCifar10(DataSplit split, const std::filesystem::path& namedFolder = {});

// Locate and read. Names are "mnist-train", "mnist-test", "cifar10-train", "cifar10-test".
Dataset loadMnist(DataSplit split, const std::filesystem::path& namedFolder = {});
Dataset loadCifar10(DataSplit split, const std::filesystem::path& namedFolder = {});

}  // namespace cnnwb
