#include "memory_estimate.h"

#include "errors.h"
#include "limits.h"
#include "optimizers/optimizer.h"

#include <algorithm>

namespace cnnwb {

namespace {

constexpr std::uint64_t kFloat = sizeof(float);

// One layer's share: its weights (value, gradient, optimizer state) and its
// output for the batch. The gradients flowing back between layers take turns
// in two buffers of the largest output (Network::backwardThrough), counted
// once for the whole model.
std::uint64_t layerBytes(const LayerRow& row, std::uint64_t batch, int slots) {
    if (!row.enabled) return 0;
    const std::uint64_t trained = row.params - row.nonTrainableParams;
    return row.params * kFloat + trained * kFloat * std::uint64_t(1 + slots) + batch * row.outputShape.size() * kFloat;
}

}  // namespace

TrainingMemory estimateTrainingMemory(const std::vector<LayerRow>& rows, int batchSize, int optimizerSlots) {
    TrainingMemory m;
    const std::uint64_t batch = std::uint64_t(batchSize > 0 ? batchSize : 1);
    std::uint64_t largestOutput = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const LayerRow& row = rows[i];
        if (!row.enabled) continue;
        m.weightBytes += row.params * kFloat;
        m.activationBytesPerImage += row.outputShape.size() * kFloat;
        largestOutput = std::max<std::uint64_t>(largestOutput, row.outputShape.size());
        const std::uint64_t bytes = layerBytes(row, batch, optimizerSlots);
        m.trainingBytes += bytes;
        if (bytes > m.heaviestLayerBytes) {
            m.heaviestLayerBytes = bytes;
            m.heaviestLayer = int(i);
        }
    }
    m.trainingBytes += 2 * batch * largestOutput * kFloat;
    return m;
}

TrainingMemory estimateTrainingMemory(const std::vector<LayerRow>& rows, const TrainingSettings& training) {
    int slots = 2;  // an optimizer the settings do not name validly: assume the larger state
    try {
        slots = Optimizer::create(training.optimizer, "optimizer")->stateArraysPerParameter();
    } catch (const SpecError&) {
    }
    return estimateTrainingMemory(rows, training.batchSize, slots);
}

void checkTrainingMemory(const Network& net, const TrainingSettings& training) {
    const TrainingMemory m = estimateTrainingMemory(net.rows(), training);
    const MemoryLimit limit = trainingMemoryLimit();
    if (m.trainingBytes <= limit.bytes) return;
    const LayerRow& row = net.rows()[std::size_t(m.heaviestLayer)];
    throw SpecError("layer " + std::to_string(m.heaviestLayer + 1) + " (" + row.type + " '" + row.name +
                    "'): training this model needs ≈ " + bytesText(m.trainingBytes) + " at batch " +
                    std::to_string(training.batchSize) + ", more than the " + bytesText(limit.bytes) + " allowed (" +
                    limit.origin + "); this layer alone needs ≈ " + bytesText(m.heaviestLayerBytes) +
                    " - make it smaller or lower the batch size");
}

}  // namespace cnnwb
