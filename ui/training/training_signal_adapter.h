// Turns the engine's observer callbacks (made on the worker thread, once per
// batch) into Qt signals the GUI thread receives queued. Batches are
// coalesced: they are collected and sent as one list at most every
// `flushIntervalMs` (50 ms, so at most 20 signals a second), and a small
// model that finishes hundreds of batches a second (E1) cannot flood the
// GUI's event queue. Epoch results are sent at once, after the batches
// before them, so the GUI always sees events in training order.
//
// After each batch and epoch the adapter calls the boundary hook: the worker
// uses it to answer requests and to pause, between two batches.
#pragma once

#include "training_metatypes.h"

#include <QElapsedTimer>
#include <QObject>

#include <functional>

namespace cnnwb::ui {

class TrainingSignalAdapter : public QObject, public TrainingObserver {
    Q_OBJECT
public:
    explicit TrainingSignalAdapter(int flushIntervalMs = 50, QObject* parent = nullptr);

    void setBoundaryHook(std::function<void()> hook) { boundary_ = std::move(hook); }

    void onBatchEnd(const BatchStats& stats) override;
    void onEpochEnd(const EpochStats& stats) override;
    // Sends the batches still held back (before pausing, and when a run ends).
    void flush();

signals:
    void batchesReady(const QList<cnnwb::BatchStats>& batches);
    void epochEnded(const cnnwb::EpochStats& epoch);

private:
    QList<BatchStats> pending_;
    QElapsedTimer sinceFlush_;
    int flushIntervalMs_;
    std::function<void()> boundary_;
};

}  // namespace cnnwb::ui
