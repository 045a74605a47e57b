// "shapes-rgb": a GENERATED colour data set for proofs and tests, never a
// stand-in presented as CIFAR. Ten classes, each a shape (circle, square,
// triangle, cross, ring) in a colour family (warm or cool), drawn at a random
// position, scale and rotation over a clutter of lines and blobs in colours of
// both families and neutrals, with per-pixel noise. Neither the colour nor the
// shape alone gives the class, and the clutter keeps an image's colour
// statistics from giving it either: a convolutional net learns it in a few
// epochs, a plain MLP stays clearly behind.
//
// Every image is drawn with integer arithmetic from a std::mt19937_64 stream
// (no floating point, no standard distributions), so an image depends only on
// (label, seed, size) — the same bytes on every compiler, platform and thread
// count.
#pragma once

#include "dataset.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace cnnwb {

// "warm-circle" … "warm-ring", "cool-circle" … "cool-ring": label = family × 5 + shape.
const std::vector<std::string>& shapesRgbClassNames();

// Image sizes the generator accepts (the shapes need a few pixels; the cap
// bounds one image's memory and time).
inline constexpr int kShapesRgbMinSize = 8;
inline constexpr int kShapesRgbMaxSize = 512;

// One image of class `label`: size×size×3 bytes, interleaved RGB, row-major
// (HWC — what a PNG writer takes). Throws DataError on a label outside 0..9
// or a size outside kShapesRgbMinSize..kShapesRgbMaxSize.
std::vector<std::uint8_t> drawShapesRgbImage(int label, std::uint64_t seed, int size = 32);

// `count` images in memory, in the CHW layout Dataset holds: classes balanced
// (counts differ by at most one), label order shuffled by `seed`, image i
// drawn with a seed derived from (seed, i). Drawn in parallel with oneTBB; the
// result is the same at any thread count. Throws DataError on a count outside
// 1..kMaxDatasetSamples or a bad size.
Dataset makeShapesRgb(int count, std::uint64_t seed, const std::string& name, int size = 32);

// Writes a 32×32 image folder: dir/train/<class>/00000.png …, dir/test/<class>/…,
// and dir/README.txt saying that the data is generated, how to make it again
// (command and seed) and the counts. The training images are those of
// makeShapesRgb(trainCount, shapesRgbTrainSeed(seed), …) and the test images those
// of makeShapesRgb(testCount, shapesRgbTestSeed(seed), …): file k of a class is
// that class's k-th image in the data set's order. `progress` is called on
// the calling thread after each chunk of images (done of total = trainCount +
// testCount). Throws DataError naming `dir` when it exists and is not an empty
// folder, on a count outside 1..kMaxDatasetSamples, or when a file cannot be
// written (what was written so far stays; README.txt is written last, so a
// folder without it is incomplete).
void writeShapesRgbFolder(const std::filesystem::path& dir, int trainCount, int testCount, std::uint64_t seed,
                          const std::function<void(std::size_t done, std::size_t total)>& progress = {});

// The seeds writeShapesRgbFolder gives its two halves: different streams, so
// no test image repeats a training image.
std::uint64_t shapesRgbTrainSeed(std::uint64_t seed);
std::uint64_t shapesRgbTestSeed(std::uint64_t seed);

}  // namespace cnnwb
