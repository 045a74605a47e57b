// How much memory a network needs to train, estimated from its layers before
// anything is allocated: float32 weights, their gradients and the optimizer's
// state, plus every layer's activations for one batch and their gradients.
// The builder shows it; the spec loader refuses a model whose estimate passes
// trainingMemoryLimit() (engine/limits.h), naming the layer that weighs most.
#pragma once

#include "network.h"
#include "settings.h"

#include <cstdint>

namespace cnnwb {

struct TrainingMemory {
    std::uint64_t weightBytes = 0;             // all parameters
    std::uint64_t activationBytesPerImage = 0; // outputs of every active layer for one image
    std::uint64_t trainingBytes = 0;           // the whole step at the batch size
    int heaviestLayer = -1;                    // 0-based spec index of the layer that needs most
    std::uint64_t heaviestLayerBytes = 0;
};

// `optimizerSlots`: float arrays the optimizer keeps per trained parameter
// (Optimizer::stateArraysPerParameter: SGD with momentum 1, Adam 2).
TrainingMemory estimateTrainingMemory(const std::vector<LayerRow>& rows, int batchSize, int optimizerSlots);

// The same at the settings' batch size for the optimizer they name.
TrainingMemory estimateTrainingMemory(const std::vector<LayerRow>& rows, const TrainingSettings& training);

// Throws SpecError when the estimate passes the limit: "layer 5 (Dense 'f1'):
// training this model needs ≈ 31.2 GB at batch 32, more than the 11.7 GB
// allowed (half of ...); this layer alone needs 29.8 GB".
void checkTrainingMemory(const Network& net, const TrainingSettings& training);

}  // namespace cnnwb
