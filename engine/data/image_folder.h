// A folder of the user's own images as a data set, in the layout of Keras'
// image_dataset_from_directory and torchvision's ImageFolder:
//
//   DIR/<class>/…/*.png|jpg|jpeg                one subfolder per class (walked
//                                               recursively), a seeded share held out as the test set
//   DIR/train/<class>/…  DIR/test/<class>/…     a test set of its own
//
// Classes are the subfolder names in byte order (labels 0..k-1). Every image
// is decoded (image_decode.h) and converted to the settings' size and colour
// mode (image_convert.h), in parallel with oneTBB and in the same result at
// any thread count. Nothing is dropped silently: files that cannot be read,
// are not images or lie outside a class folder are counted and listed with
// the reason; a class left with no readable image is an error naming it.
// The decoded pixels are cached (see imageCacheDir) under a key made of every
// file's path, size and modification time and the conversion, so a second
// open of an unchanged folder reads one file instead of decoding thousands.
#pragma once

#include "dataset.h"
#include "image_convert.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace cnnwb {

struct ImageFolderSettings;

// A folder never yields more than this many bytes of decoded pixels (8 GiB of
// 32×32 RGB would be 2.7 million images, beyond kMaxDatasetSamples anyway).
inline constexpr std::uint64_t kMaxImageFolderBytes = std::uint64_t(4) << 30;
// Class folders are walked this deep at most (a guard against pathological trees).
inline constexpr int kMaxImageFolderDepth = 16;

struct SkippedFile {
    std::filesystem::path path;
    std::string reason;  // "not an image file (.txt)", "…: the PNG data is truncated", …
};

struct ImageFolderData {
    Dataset train;                      // interleaved classes (seeded order), so validation_split takes all classes
    Dataset test;
    std::vector<SkippedFile> skipped;   // every file not used, in folder order
    std::size_t decoded = 0;            // images decoded now (0 when all came from the cache)
    bool fromCache = false;
};

// Called between chunks of decoding on the calling thread: images done of total.
using LoadProgress = std::function<void(std::size_t done, std::size_t total)>;

struct ImageFolderRequest {
    std::filesystem::path folder;
    ImageConversion conversion;
    double testSplit = 0.2;         // when the folder has no train/ and test/
    std::uint32_t splitSeed = 0;
    std::filesystem::path cacheDir; // empty: no cache
    LoadProgress progress;
};

// The request a spec's image-folder settings describe (cache in imageCacheDir()).
ImageFolderRequest imageFolderRequest(const ImageFolderSettings& settings);

// Throws DataError naming the folder (missing, not a folder, no class
// folders, a class with no readable image, too many images) and Cancelled
// (cancellation.h) when the thread's scope asks for it between chunks.
ImageFolderData loadImageFolder(const ImageFolderRequest& request);

// The classes a folder's layout gives (its subfolders, or those of its
// train/), in label order, without reading an image: for pickers. Empty when
// the folder cannot be read or holds no class folders.
std::vector<std::string> imageFolderClassNames(const std::filesystem::path& folder);

// Where decoded folders are cached: <user cache>/cnn-workbench/image-folders;
// empty when no home folder is known.
std::filesystem::path imageCacheDir();

// "3 files skipped: a/x.txt (not an image file), …" naming the first
// `named`; empty when nothing was skipped.
std::string skippedSummary(const std::vector<SkippedFile>& skipped, std::size_t named = 20);

}  // namespace cnnwb
