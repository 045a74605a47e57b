#include "memory_estimate.h"

#include "engine/optimizers/optimizer.h"

namespace cnnwb::ui {

int optimizerSlots(const Json& opt) {
    try {
        return Optimizer::create(opt, "optimizer")->stateArraysPerParameter();
    } catch (const std::exception&) {
        return 2;  // not a valid optimizer (the settings say why): assume the larger state
    }
}

MemoryEstimate estimateMemory(const NetworkAnalysis& a, int batchSize, const Json& optimizerConfig) {
    MemoryEstimate m;
    constexpr std::uint64_t kFloat = sizeof(float);
    m.weightBytes = std::uint64_t(a.totalParams) * kFloat;
    m.activationBytesPerImage = std::uint64_t(a.activationsPerImage) * kFloat;
    const std::uint64_t trained = std::uint64_t(a.trainableParams) * kFloat;
    const std::uint64_t batch = std::uint64_t(batchSize > 0 ? batchSize : 1);
    // Values and gradients of every activation for the batch (backward keeps both).
    m.trainingBytes = m.weightBytes + trained * std::uint64_t(1 + optimizerSlots(optimizerConfig)) +
                      2 * batch * m.activationBytesPerImage;
    return m;
}

QString formatBytes(std::uint64_t bytes) {
    const double b = double(bytes);
    if (b >= 1024.0 * 1024.0 * 1024.0) return QStringLiteral("%1 GB").arg(b / (1024.0 * 1024.0 * 1024.0), 0, 'f', 2);
    if (b >= 1024.0 * 1024.0) return QStringLiteral("%1 MB").arg(b / (1024.0 * 1024.0), 0, 'f', 1);
    if (b >= 1024.0) return QStringLiteral("%1 KB").arg(b / 1024.0, 0, 'f', 1);
    return QStringLiteral("%1 B").arg(bytes);
}

}  // namespace cnnwb::ui
