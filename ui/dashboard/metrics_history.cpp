#include "metrics_history.h"

#include <algorithm>
#include <cmath>

namespace cnnwb::ui {

double batchKey(const BatchStats& b) {
    return (b.epoch - 1) + double(b.batch) / double(std::max(1, b.batchesPerEpoch));
}

void MetricsHistory::clear() {
    batches_.clear();
    epochs_.clear();
    for (MetricSeries* s : {&batchLoss_, &batchAccuracy_, &smoothLoss_, &smoothAccuracy_, &valLoss_, &valAccuracy_,
                            &testLoss_, &testAccuracy_, &batchRate_})
        s->clear();
    rateVaries_ = false;
    lossSmoother_.reset();
    accuracySmoother_.reset();
    ++revision_;
    ++generation_;
}

void MetricsHistory::appendBatch(const BatchStats& b) {
    batches_.push_back(b);
    const double key = batchKey(b);
    batchLoss_.append(key, b.loss);
    batchAccuracy_.append(key, b.accuracy);
    smoothLoss_.append(key, lossSmoother_.next(b.loss));
    smoothAccuracy_.append(key, accuracySmoother_.next(b.accuracy));
    if (std::isfinite(b.learningRate)) {
        rateVaries_ = rateVaries_ || (!batchRate_.values.isEmpty() && batchRate_.values.back() != b.learningRate);
        batchRate_.append(key, b.learningRate);
    }
}

void MetricsHistory::appendBatches(const QList<BatchStats>& batches) {
    if (batches.isEmpty()) return;
    for (const BatchStats& b : batches) appendBatch(b);
    ++revision_;
}

void MetricsHistory::appendEpoch(const EpochStats& e) {
    epochs_.push_back(e);
    if (e.validation) {
        valLoss_.append(e.epoch, e.validation->loss);
        valAccuracy_.append(e.epoch, e.validation->accuracy);
    }
    if (e.test) {
        testLoss_.append(e.epoch, e.test->loss);
        testAccuracy_.append(e.epoch, e.test->accuracy);
    }
    ++revision_;
}

void MetricsHistory::setHistory(const History& history) {
    clear();
    appendBatches(QList<BatchStats>(history.batches.begin(), history.batches.end()));
    for (const EpochStats& e : history.epochs) appendEpoch(e);
}

void MetricsHistory::setSmoothing(const Smoothing& smoothing) {
    if (smoothing == smoothing_) return;
    smoothing_ = smoothing;
    resmooth();
}

void MetricsHistory::resmooth() {
    lossSmoother_ = Smoother(smoothing_);
    accuracySmoother_ = Smoother(smoothing_);
    smoothLoss_.clear();
    smoothAccuracy_.clear();
    for (const BatchStats& b : batches_) {
        const double key = batchKey(b);
        smoothLoss_.append(key, lossSmoother_.next(b.loss));
        smoothAccuracy_.append(key, accuracySmoother_.next(b.accuracy));
    }
    ++revision_;
    ++generation_;
}

std::optional<BatchStats> MetricsHistory::lastBatch() const {
    if (batches_.isEmpty()) return std::nullopt;
    return batches_.back();
}

std::optional<std::pair<double, int>> MetricsHistory::bestValidationAccuracy() const {
    std::optional<std::pair<double, int>> best;
    for (const EpochStats& e : epochs_)
        if (e.validation && (!best || e.validation->accuracy > best->first)) best = {e.validation->accuracy, e.epoch};
    return best;
}

std::optional<std::pair<double, int>> MetricsHistory::bestTestAccuracy() const {
    std::optional<std::pair<double, int>> best;
    for (const EpochStats& e : epochs_)
        if (e.test && (!best || e.test->accuracy > best->first)) best = {e.test->accuracy, e.epoch};
    return best;
}

}  // namespace cnnwb::ui
