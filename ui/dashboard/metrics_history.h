// The GUI's copy of a run's progress: every batch and epoch the controller
// reported, kept after Stop and until the next run starts. Charts read it on
// their timer and append only what they have not drawn yet. Series are stored
// as plain arrays keyed by fractional epoch, so a chart's addData gets them
// without conversion: batch b of e batches in epoch k sits at
// (k - 1) + b / e, and epoch k's validation and test scores at k.
#pragma once

#include "engine/smoothing.h"
#include "engine/trainer.h"

#include <QList>
#include <QVector>

#include <optional>

namespace cnnwb::ui {

struct MetricSeries {
    QVector<double> keys;
    QVector<double> values;
    qsizetype size() const { return keys.size(); }
    void clear() { keys.clear(), values.clear(); }
    void append(double key, double value) { keys.push_back(key), values.push_back(value); }
};

class MetricsHistory {
public:
    enum class Metric { Loss, Accuracy, LearningRate };  // the rate: per batch only

    void clear();
    void appendBatches(const QList<BatchStats>& batches);
    void appendEpoch(const EpochStats& epoch);
    // A whole history at once (a loaded session).
    void setHistory(const History& history);

    // How the smoothed series is made (engine/smoothing.h: none, moving
    // average, or exponential debiased like TensorBoard's).
    void setSmoothing(const Smoothing& smoothing);
    const Smoothing& smoothing() const { return smoothing_; }

    const MetricSeries& batchSeries(Metric m) const {
        return m == Metric::Loss ? batchLoss_ : m == Metric::Accuracy ? batchAccuracy_ : batchRate_;
    }
    const MetricSeries& smoothedSeries(Metric m) const {
        return m == Metric::Loss ? smoothLoss_ : m == Metric::Accuracy ? smoothAccuracy_ : none_;
    }
    const MetricSeries& validationSeries(Metric m) const {
        return m == Metric::Loss ? valLoss_ : m == Metric::Accuracy ? valAccuracy_ : none_;
    }
    const MetricSeries& testSeries(Metric m) const {
        return m == Metric::Loss ? testLoss_ : m == Metric::Accuracy ? testAccuracy_ : none_;
    }
    // Whether the learning rate changed during the run (a schedule): then it is worth a chart.
    bool rateVaries() const { return rateVaries_; }

    const QVector<BatchStats>& batches() const { return batches_; }
    const QVector<EpochStats>& epochs() const { return epochs_; }
    std::optional<BatchStats> lastBatch() const;
    // The best validation (or, without a validation set, test) accuracy and its epoch.
    std::optional<std::pair<double, int>> bestValidationAccuracy() const;
    std::optional<std::pair<double, int>> bestTestAccuracy() const;

    // Grows with every change; `generation` only when the history restarts
    // or its smoothing changes, so charts know to redraw rather than append.
    quint64 revision() const { return revision_; }
    quint64 generation() const { return generation_; }

private:
    void appendBatch(const BatchStats& b);
    void resmooth();

    QVector<BatchStats> batches_;
    QVector<EpochStats> epochs_;
    MetricSeries batchLoss_, batchAccuracy_, smoothLoss_, smoothAccuracy_;
    MetricSeries valLoss_, valAccuracy_, testLoss_, testAccuracy_;
    MetricSeries batchRate_;  // batches whose rate is known (not sessions from before schedules)
    MetricSeries none_;       // what the rate has instead of smoothed, validation and test series
    bool rateVaries_ = false;
    Smoother lossSmoother_, accuracySmoother_;
    Smoothing smoothing_;
    quint64 revision_ = 0;
    quint64 generation_ = 0;
};

// The key a batch is drawn at: its epoch as a fraction.
double batchKey(const BatchStats& b);

}  // namespace cnnwb::ui
