// Everything a training run reports, declared once: the worker thread posts
// each report to this object, which lives on the GUI thread and emits it
// there, in the order the worker made them. Views connect here
// (controller.events()); the controller connects first, so its state() is
// already up to date when any other receiver hears prepared, paused, resumed
// or runEnded.
//
// Batches are coalesced once, on the worker side (TrainingReporter): sent as
// one list at most every 50 ms, so a small model finishing hundreds of
// batches a second cannot flood the GUI's event queue. An epoch's results
// follow the batches before it at once.
#pragma once

#include "explained_cell.h"
#include "image_attribution.h"
#include "inspection.h"
#include "model_evaluation.h"
#include "run_info.h"
#include "strongest_images.h"
#include "training_metatypes.h"
#include "training_state.h"
#include "weight_snapshot.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

#include <functional>

namespace cnnwb::ui {

class TrainingEvents : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

signals:
    // While an image folder is decoded: images done of total.
    void dataProgress(qint64 done, qint64 total);
    // Data loaded and network built (weights loaded when given).
    void prepared(const cnnwb::ui::RunInfo& info);
    void trainingStarted();
    void batchesReady(const QList<cnnwb::BatchStats>& batches);
    void epochEnded(const cnnwb::EpochStats& epoch);
    // What each layer's training passes cost so far in this run (after every epoch and at the end).
    void layerTimesReady(const std::vector<cnnwb::NamedLayerTime>& times);
    void paused();
    void resumed();
    // Finished, Stopped or Failed (then `message` says why).
    void runEnded(cnnwb::ui::TrainingState end, const QString& message);
    void snapshotReady(const cnnwb::ui::WeightSnapshot& snapshot);
    void inspectionReady(const cnnwb::ui::Inspection& inspection);
    void explanationReady(const cnnwb::ui::ExplainedCell& cell);
    void attributionReady(const cnnwb::ui::ImageAttribution& attribution);
    // A drawn image through the network (requestDrawnInspection), or why it could not be.
    void drawnInspectionReady(const cnnwb::ui::Inspection& inspection);
    void drawnInspectionFailed(const QString& message);
    void attributionFailed(const QString& message);
    void evaluationReady(const cnnwb::ui::ModelEvaluation& evaluation);
    // An evaluation that could not be made (no network yet, an empty part).
    void evaluationFailed(const QString& message);
    // A scan for the images each filter responds to most: images done of total, then the answer or why not.
    void strongestImagesProgress(int done, int total);
    void strongestImagesReady(const cnnwb::ui::StrongestImages& images);
    void strongestImagesFailed(const QString& message);
    // After every run (weights, optimizer state, history, status) and on request.
    void sessionReady(const cnnwb::Session& session);
    // The run failed because a built-in data set ("mnist", "cifar10") is not
    // on disk; sent just before runEnded(Failed), so the window can offer it.
    void dataMissing(const QString& datasetId);
    // A request that could not be answered (no network yet, index out of range, ...).
    void requestFailed(const QString& message);
};

// The worker thread's side: hears the trainer (as its observer) and posts
// every report to a TrainingEvents on the GUI thread.
class TrainingReporter : public TrainingObserver {
public:
    explicit TrainingReporter(TrainingEvents* events, int flushIntervalMs = 50);

    // Runs `emitter` on the GUI thread, after every report posted before it.
    // Dropped when the events object is gone (the window closed).
    void post(std::function<void(TrainingEvents&)> emitter);

    void onBatchEnd(const BatchStats& stats) override;
    void onEpochEnd(const EpochStats& stats) override;
    void onPaused() override;
    void onResumed() override;
    // Sends the batches still held back (when a run ends).
    void flush();

private:
    QPointer<TrainingEvents> events_;
    QList<BatchStats> pending_;
    QElapsedTimer sinceFlush_;
    int flushIntervalMs_;
};

}  // namespace cnnwb::ui
