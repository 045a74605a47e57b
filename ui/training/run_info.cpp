#include "run_info.h"

#include "engine/trainer.h"

#include <algorithm>

namespace cnnwb::ui {

RunInfo runInfoOf(const ModelSpec& spec) {
    RunInfo info;
    info.specName = QString::fromStdString(spec.name.empty() ? spec.id : spec.name);
    info.training = false;
    info.epochs = spec.training.epochs;
    info.batchSize = spec.training.batchSize;
    info.reported = spec.reported;
    return info;
}

RunInfo runInfoOf(const Trainer& trainer, bool training, int maxBatchesPerEpoch) {
    const TrainingData& data = trainer.data();
    RunInfo info = runInfoOf(trainer.spec());
    info.training = training;
    info.epochs = trainer.epochs();
    const qsizetype n = qsizetype(data.train.size());
    info.batchesPerEpoch = int((n + info.batchSize - 1) / info.batchSize);
    if (maxBatchesPerEpoch > 0) info.batchesPerEpoch = std::min(info.batchesPerEpoch, maxBatchesPerEpoch);
    info.threads = trainer.threads();
    info.trainImages = n;
    info.validationImages = qsizetype(data.validation.size());
    info.testImages = qsizetype(data.test.size());
    for (const std::string& c : data.train.classNames) info.classNames << QString::fromStdString(c);
    info.skippedFiles = QString::fromStdString(skippedSummary(data.skipped));
    return info;
}

}  // namespace cnnwb::ui
