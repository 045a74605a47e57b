// An in-memory image data set (raw 8-bit pixels + integer labels) and the
// operations the trainer needs on it: class subsets, per-class caps, a
// train/validation split, deterministic epoch shuffling and filling float
// batches. Everything here is deterministic and the same on every platform.
// The sample cap here bounds what any reader may allocate for one data set.
#pragma once

#include "../tensor.h"

#include <cstddef>
#include <cstdint>
#include <random>
#include <span>
#include <string>
#include <vector>

namespace cnnwb {

struct Dataset {
    std::string name;                  // "mnist-train", "cifar10-test", ...
    Shape sampleShape;                 // {c, h, w}: {1,28,28} for MNIST, {3,32,32} for CIFAR-10
    std::vector<std::uint8_t> pixels;  // size() × C×H×W, channel-major (CHW) per sample, raw 0..255
    std::vector<int> labels;           // one per sample, 0..classNames.size()-1
    std::vector<std::string> classNames;

    std::size_t size() const { return labels.size(); }
    bool empty() const { return labels.empty(); }
    int numClasses() const { return int(classNames.size()); }
    const std::uint8_t* samplePixels(std::size_t i) const { return pixels.data() + i * sampleShape.size(); }
};

// No data set holds more samples than this: 16× MNIST's 60,000 training
// images, so a count read from a file can never reserve gigabytes.
inline constexpr std::uint64_t kMaxDatasetSamples = 1'000'000;

// Throws DataError naming `source` (a file or a data set) when `count`
// samples is over kMaxDatasetSamples; called before reserving memory for them.
void checkSampleCount(const std::string& source, std::uint64_t count);

// How many samples of each class, indexed by label.
std::vector<std::size_t> classCounts(const Dataset& data);

// The samples at `indices`, in that order. Throws DataError on an index out of range.
Dataset subset(const Dataset& data, std::span<const std::size_t> indices);

// Keeps only the listed classes; labels become 0..k-1 in the order given, and
// classNames follow. Throws DataError on an unknown or repeated class.
Dataset selectClasses(const Dataset& data, const std::vector<int>& classes);
Dataset selectClasses(const Dataset& data, const std::vector<std::string>& classNames);

// Keeps the first `maxPerClass` samples of each class, in file order.
Dataset capPerClass(const Dataset& data, std::size_t maxPerClass);

struct TrainValidationSplit {
    Dataset train;
    Dataset validation;
};

// Holds out the LAST `validationCount` samples in file order as validation and
// keeps the rest, in order, as training: MNIST's 60,000 become images 0..49,999
// for training and 50,000..59,999 for validation, which is exactly the split of
// the mnist.pkl.gz the Theano tutorials (experiment E4) used.
TrainValidationSplit splitLast(const Dataset& data, std::size_t validationCount);

// Seeded random hold-out: validation is the first `validationCount` positions of
// shuffledOrder(size, seed, 0); both parts then keep file order. The same seed
// gives the same split on every platform.
TrainValidationSplit splitRandom(const Dataset& data, std::size_t validationCount, std::uint32_t seed);

// A uniform integer in [0, bound) from mt19937's 32-bit output by rejection, so
// unlike std::uniform_int_distribution the result is the same on every
// standard library. `bound` must be >= 1 and < 2^32.
std::uint32_t uniformBelow(std::mt19937& rng, std::uint32_t bound);

// Fisher–Yates shuffle built on uniformBelow (std::shuffle is not portable).
void shuffleIndices(std::vector<std::size_t>& indices, std::mt19937& rng);

// The sample order of one epoch: a permutation of 0..n-1 that depends only on
// (seed, epoch), so a resumed run can recompute epoch k without replaying 0..k-1.
std::vector<std::size_t> shuffledOrder(std::size_t n, std::uint32_t seed, std::uint64_t epoch);

// 1/255 maps pixels to [0,1] (Keras's rescale=1/255; the settings' default);
// 1 keeps the raw 0..255 values (experiment E1).
inline constexpr double kUnitPixelScale = 1.0 / 255.0;
inline constexpr double kRawPixelScale = 1.0;

// Resizes `inputs` to indices.size() × sampleShape and fills it with
// pixel × pixelScale. Throws DataError on an index out of range.
void fillInputs(const Dataset& data, std::span<const std::size_t> indices, Tensor& inputs,
                float pixelScale = float(kUnitPixelScale));

// Resizes `targets` to indices.size() × {numClasses,1,1} one-hot rows.
void fillOneHot(const Dataset& data, std::span<const std::size_t> indices, Tensor& targets);

// The integer labels of `indices`, for sparse losses and accuracy.
void fillLabels(const Dataset& data, std::span<const std::size_t> indices, std::vector<int>& labels);

enum class LabelEncoding { OneHot, Integer };

struct Batch {
    Tensor inputs;
    Tensor targets;           // one-hot; left empty with LabelEncoding::Integer
    std::vector<int> labels;  // always filled
};

// One call for a training step; reuses the batch's memory between calls.
void fillBatch(const Dataset& data, std::span<const std::size_t> indices, Batch& batch,
               LabelEncoding encoding = LabelEncoding::OneHot, float pixelScale = float(kUnitPixelScale));

}  // namespace cnnwb
