// A rough figure of how much memory a network needs, for the summary: the
// weights, the activations of one image, and a whole training step. It is an
// estimate (float32 everywhere, no allocator overhead, no data set), shown
// with "≈" so nobody takes it for a measurement.
#pragma once

#include "ui/document/network_analysis.h"

#include <QString>

#include <cstdint>
#include <string>

namespace cnnwb::ui {

struct MemoryEstimate {
    std::uint64_t weightBytes = 0;         // all parameters, float32
    std::uint64_t activationBytesPerImage = 0;
    std::uint64_t trainingBytes = 0;       // weights + gradients + optimizer state + batch activations and their gradients
};

// How many float arrays per trained parameter an optimizer keeps (the
// optimizer's own answer: SGD with momentum 1, Adam 2, ...).
int optimizerSlots(const Json& optimizerConfig);

MemoryEstimate estimateMemory(const NetworkAnalysis& a, int batchSize, const Json& optimizerConfig);

// "1.2 MB", "456 KB", "12 B".
QString formatBytes(std::uint64_t bytes);

}  // namespace cnnwb::ui
