#include "dataset.h"

#include "../errors.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <numeric>

namespace cnnwb {

namespace {

void checkIndex(const Dataset& data, std::size_t index) {
    if (index >= data.size())
        throw DataError("Data set '" + data.name + "': sample index " + std::to_string(index) +
                        " is out of range (it has " + std::to_string(data.size()) + " samples)");
}

// Copies the metadata of `data` with no samples; callers append.
Dataset emptyLike(const Dataset& data) {
    Dataset out;
    out.name = data.name;
    out.sampleShape = data.sampleShape;
    out.classNames = data.classNames;
    return out;
}

void appendSample(Dataset& out, const Dataset& data, std::size_t index, int label) {
    const std::uint8_t* p = data.samplePixels(index);
    out.pixels.insert(out.pixels.end(), p, p + data.sampleShape.size());
    out.labels.push_back(label);
}

}  // namespace

void checkSampleCount(const std::string& source, std::uint64_t count) {
    if (count > kMaxDatasetSamples)
        throw DataError(source + ": " + std::to_string(count) + " samples is more than the " +
                        std::to_string(kMaxDatasetSamples) + " a data set may hold (MNIST has 70,000, CIFAR-10 60,000)");
}

std::vector<std::size_t> classCounts(const Dataset& data) {
    std::vector<std::size_t> counts(std::size_t(std::max(data.numClasses(), 0)), 0);
    for (int label : data.labels)
        if (label >= 0 && std::size_t(label) < counts.size()) ++counts[std::size_t(label)];
    return counts;
}

Dataset subset(const Dataset& data, std::span<const std::size_t> indices) {
    Dataset out = emptyLike(data);
    checkSampleCount("Data set '" + data.name + "'", indices.size());
    out.pixels.reserve(indices.size() * data.sampleShape.size());
    out.labels.reserve(indices.size());
    for (std::size_t i : indices) {
        checkIndex(data, i);
        appendSample(out, data, i, data.labels[i]);
    }
    return out;
}

Dataset selectClasses(const Dataset& data, const std::vector<int>& classes) {
    // newLabel[old] = position in `classes`, or -1 when the class is dropped.
    std::vector<int> newLabel(std::size_t(std::max(data.numClasses(), 0)), -1);
    Dataset out = emptyLike(data);
    out.classNames.clear();
    for (std::size_t k = 0; k < classes.size(); ++k) {
        const int c = classes[k];
        if (c < 0 || c >= data.numClasses())
            throw DataError("Data set '" + data.name + "': class " + std::to_string(c) +
                            " does not exist (it has classes 0.." + std::to_string(data.numClasses() - 1) + ")");
        if (newLabel[std::size_t(c)] != -1)
            throw DataError("Data set '" + data.name + "': class '" + data.classNames[std::size_t(c)] +
                            "' is selected twice");
        newLabel[std::size_t(c)] = int(k);
        out.classNames.push_back(data.classNames[std::size_t(c)]);
    }
    for (std::size_t i = 0; i < data.size(); ++i) {
        const int label = data.labels[i];
        if (label < 0 || label >= data.numClasses() || newLabel[std::size_t(label)] < 0) continue;
        appendSample(out, data, i, newLabel[std::size_t(label)]);
    }
    return out;
}

Dataset selectClasses(const Dataset& data, const std::vector<std::string>& classNames) {
    std::vector<int> classes;
    for (const std::string& name : classNames) {
        auto it = std::find(data.classNames.begin(), data.classNames.end(), name);
        if (it == data.classNames.end()) {
            std::string known;
            for (const std::string& n : data.classNames) known += (known.empty() ? "" : ", ") + n;
            throw DataError("Data set '" + data.name + "' has no class '" + name + "' (its classes: " + known + ")");
        }
        classes.push_back(int(it - data.classNames.begin()));
    }
    return selectClasses(data, classes);
}

Dataset capPerClass(const Dataset& data, std::size_t maxPerClass) {
    std::vector<std::size_t> taken(std::size_t(std::max(data.numClasses(), 0)), 0);
    Dataset out = emptyLike(data);
    for (std::size_t i = 0; i < data.size(); ++i) {
        const int label = data.labels[i];
        if (label < 0 || std::size_t(label) >= taken.size()) continue;
        if (taken[std::size_t(label)] >= maxPerClass) continue;
        ++taken[std::size_t(label)];
        appendSample(out, data, i, label);
    }
    return out;
}

namespace {

void checkValidationCount(const Dataset& data, std::size_t validationCount) {
    if (validationCount > data.size())
        throw DataError("Data set '" + data.name + "': cannot hold out " + std::to_string(validationCount) +
                        " validation samples from " + std::to_string(data.size()));
}

TrainValidationSplit splitByMask(const Dataset& data, const std::vector<bool>& isValidation) {
    std::vector<std::size_t> train, validation;
    for (std::size_t i = 0; i < data.size(); ++i) (isValidation[i] ? validation : train).push_back(i);
    TrainValidationSplit split{subset(data, train), subset(data, validation)};
    split.train.name = data.name + "-train";
    split.validation.name = data.name + "-validation";
    return split;
}

}  // namespace

TrainValidationSplit splitLast(const Dataset& data, std::size_t validationCount) {
    checkValidationCount(data, validationCount);
    std::vector<bool> isValidation(data.size(), false);
    std::fill(isValidation.end() - std::ptrdiff_t(validationCount), isValidation.end(), true);
    return splitByMask(data, isValidation);
}

TrainValidationSplit splitRandom(const Dataset& data, std::size_t validationCount, std::uint32_t seed) {
    checkValidationCount(data, validationCount);
    const std::vector<std::size_t> order = shuffledOrder(data.size(), seed, 0);
    std::vector<bool> isValidation(data.size(), false);
    for (std::size_t k = 0; k < validationCount; ++k) isValidation[order[k]] = true;
    return splitByMask(data, isValidation);
}

std::uint32_t uniformBelow(std::mt19937& rng, std::uint32_t bound) {
    if (bound <= 1) return 0;
    // Reject the top partial block of 2^32 so every residue is equally likely.
    const std::uint64_t range = std::uint64_t(1) << 32;
    const std::uint64_t limit = range - range % bound;
    std::uint64_t x;
    do {
        x = std::uint64_t(rng());
    } while (x >= limit);
    return std::uint32_t(x % bound);
}

void shuffleIndices(std::vector<std::size_t>& indices, std::mt19937& rng) {
    if (indices.size() > std::numeric_limits<std::uint32_t>::max())
        throw DataError("Cannot shuffle more than 2^32 - 1 samples");
    for (std::size_t i = indices.size(); i > 1; --i) {
        const std::size_t j = uniformBelow(rng, std::uint32_t(i));
        std::swap(indices[i - 1], indices[j]);
    }
}

std::vector<std::size_t> shuffledOrder(std::size_t n, std::uint32_t seed, std::uint64_t epoch) {
    // std::seed_seq's mixing is fully specified by the standard, so it is portable.
    std::seed_seq seq{seed, std::uint32_t(epoch), std::uint32_t(epoch >> 32)};
    std::mt19937 rng(seq);
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t(0));
    shuffleIndices(order, rng);
    return order;
}

void fillInputs(const Dataset& data, std::span<const std::size_t> indices, Tensor& inputs, float pixelScale) {
    const std::size_t sampleSize = data.sampleShape.size();
    inputs.resize(int(indices.size()), data.sampleShape);
    for (std::size_t n = 0; n < indices.size(); ++n) {
        checkIndex(data, indices[n]);
        const std::uint8_t* src = data.samplePixels(indices[n]);
        float* dst = inputs.sample(int(n));
        for (std::size_t k = 0; k < sampleSize; ++k) dst[k] = float(src[k]) * pixelScale;
    }
}

void fillOneHot(const Dataset& data, std::span<const std::size_t> indices, Tensor& targets) {
    const int classes = data.numClasses();
    targets.resize(int(indices.size()), Shape{classes, 1, 1});
    targets.setZero();
    for (std::size_t n = 0; n < indices.size(); ++n) {
        checkIndex(data, indices[n]);
        const int label = data.labels[indices[n]];
        if (label < 0 || label >= classes)
            throw DataError("Data set '" + data.name + "': sample " + std::to_string(indices[n]) + " has label " +
                            std::to_string(label) + ", outside 0.." + std::to_string(classes - 1));
        targets.sample(int(n))[label] = 1.0f;
    }
}

void fillLabels(const Dataset& data, std::span<const std::size_t> indices, std::vector<int>& labels) {
    labels.resize(indices.size());
    for (std::size_t n = 0; n < indices.size(); ++n) {
        checkIndex(data, indices[n]);
        labels[n] = data.labels[indices[n]];
    }
}

void fillBatch(const Dataset& data, std::span<const std::size_t> indices, Batch& batch, LabelEncoding encoding,
               float pixelScale) {
    fillInputs(data, indices, batch.inputs, pixelScale);
    fillLabels(data, indices, batch.labels);
    if (encoding == LabelEncoding::OneHot)
        fillOneHot(data, indices, batch.targets);
    else
        batch.targets.resize(0, Shape{data.numClasses(), 1, 1});
}

}  // namespace cnnwb
