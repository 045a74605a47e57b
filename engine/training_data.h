// Turns a spec's data settings into the three data sets a run uses: training,
// validation (held out of training, possibly empty) and test.
#pragma once

#include "data/dataset.h"
#include "data/image_folder.h"
#include "model_spec.h"

#include <filesystem>

namespace cnnwb {

struct TrainingData {
    Dataset train;
    Dataset validation;  // empty when validation_split is 0
    Dataset test;
    std::vector<SkippedFile> skipped;  // an image folder's files that were not used, and why
};

// Loads from `dataDir` alone when it is not empty (else CNNWB_DATA, then the
// user cache: see data/data_locator.h), then applies the class subset, the
// per-class cap (training images only) and the validation split (the last
// images of the training file, as the Theano tutorials' split).
// Throws DataError when files are missing or damaged, and Cancelled when the
// thread's CancellationScope (cancellation.h) asks for it while reading.
// An image folder (dataset "folder") is read from its own path, decoded or
// from the cache, with `progress` reporting the decoding.
TrainingData prepareTrainingData(const DataSettings& settings, const std::filesystem::path& dataDir = {},
                                 const LoadProgress& progress = {});

}  // namespace cnnwb
