// The training loop: epochs of shuffled mini-batches, forward → loss →
// backward → optimizer step, with progress reported through a small observer
// interface (no Qt here; the GUI adapts it to queued signals).
//
// Control: stop, pause/resume and "serve requests" come through a
// TrainingControl polled between batches, so they take effect within one
// batch; the history so far is kept. The observer only hears what happened.
// Determinism: the same spec, data and seed give the same per-batch losses,
// bit for bit, at any thread count.
#pragma once

#include "evaluation.h"
#include "losses/loss.h"
#include "model_spec.h"
#include "network.h"
#include "optimizers/optimizer.h"
#include "training_control.h"
#include "training_data.h"
#include "weight_history.h"

#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace cnnwb {

struct BatchStats {
    int epoch = 0;            // 1-based
    int batch = 0;            // 1-based within the epoch
    int batchesPerEpoch = 0;
    double loss = 0;
    double accuracy = 0;
    double imagesPerSecond = 0;  // over the epoch so far
    double elapsedSeconds = 0;   // since the run started
    double learningRate = 0;     // the rate of this batch's step (lr_schedule.h)
};

struct Score {
    double loss = 0;
    double accuracy = 0;
};

struct EpochStats {
    int epoch = 0;
    Score train;                    // mean over the epoch's batches
    std::optional<Score> validation;
    std::optional<Score> test;
    double seconds = 0;             // this epoch's wall time, evaluation included
    double imagesPerSecond = 0;     // training images per second in this epoch
};

struct History {
    std::vector<BatchStats> batches;
    std::vector<EpochStats> epochs;
};

// What a run reports, on the trainer's thread, in training order.
class TrainingObserver {
public:
    virtual ~TrainingObserver() = default;
    virtual void onBatchEnd(const BatchStats&) {}
    virtual void onEpochEnd(const EpochStats&) {}
    // The run holds between two batches (a pause request), and goes on again.
    virtual void onPaused() {}
    virtual void onResumed() {}
};

struct TrainerOptions {
    int threads = 0;                // 0: all cores
    int epochs = 0;                 // 0: the spec's
    std::optional<std::uint32_t> seed;  // default: the spec's
    int maxBatchesPerEpoch = 0;     // 0: whole epochs (tests use fewer)
};

enum class RunEnd { Finished, Stopped };

struct Session;

class Trainer {
public:
    Trainer(const ModelSpec& spec, TrainingData data, TrainerOptions options = {});

    // Runs until every epoch is done or `control` asks it to stop. Throws
    // TrainingError (naming epoch and batch) when loss or weights stop being finite.
    // A second call (after a stop) goes on from the next batch.
    RunEnd run(TrainingObserver* observer = nullptr, TrainingControl* control = nullptr);

    // Picks a stored run up where it ended: its weights, optimizer state,
    // history and time; run() then goes on from the next batch, mid-epoch
    // too. With the same spec, data and seed (the session's), the numbers are
    // those of a run that was never interrupted, bit for bit. Throws
    // SpecError when the session has no weights or they do not fit.
    void resumeFrom(const Session& stored);

    const History& history() const { return history_; }
    // The filters as the run went (a copy before the first step, every
    // training.weight_history.every_batches steps and at every epoch end).
    const WeightHistory& weightHistory() const { return weightHistory_; }
    // Shows a stored run's history with its stored weights (nothing when it
    // does not fit this network's filters).
    void restoreWeightHistory(const WeightHistory& stored);
    Network& network() { return network_; }
    const ModelSpec& spec() const { return spec_; }
    const TrainingData& data() const { return data_; }
    Optimizer& optimizer() { return *optimizer_; }
    std::uint32_t seed() const { return seed_; }
    int epochs() const { return epochs_; }
    int threads() const { return threads_; }
    // Time spent in run(), summed over its calls.
    double wallSeconds() const { return wallSeconds_; }

    // Loss and accuracy over a whole data set, in inference mode.
    Score evaluate(const Dataset& data, int batchSize = 256);
    // The same pass, keeping every sample's answer and class scores
    // (evaluation.h: confusion matrix, per-class metrics, mistakes).
    Evaluation evaluateSamples(const Dataset& data, int batchSize = 256);

    // One training step at learning rate `rate` on the training images at
    // `indices`, the ones from place `begin` of the order of epoch
    // `epochIndex` (0-based; it seeds their augmentation): forward, loss,
    // backward, optimizer step. Returns the loss before the step (not
    // finite: no step was taken) and counts the correct answers in `hits`.
    // run() is made of these; the learning-rate range test drives it alone,
    // on the caller's thread limit (run() sets its own).
    double trainStep(std::span<const std::size_t> indices, std::uint64_t epochIndex, std::size_t begin, double rate,
                     int& hits);
    // A training step's forward, loss and backward on `batch` (its inputs as
    // the network takes them), without the optimizer step: the parameter
    // gradients are left in the network. For checks against other engines.
    double gradientsOn(const Batch& batch, int& hits);

private:
    // evaluate() and evaluateSamples(): fills `samples` when given.
    Score scoreDataset(const Dataset& data, int batchSize, Evaluation* samples);
    // Between two batches: serves requests, holds while paused. False: stop.
    bool atBatchBoundary(TrainingObserver* observer, TrainingControl* control);
    // Fills `out` with the training images at `indices` (place `begin` of
    // epoch `epochIndex`), augmented: a pure function of those, so it can run
    // beside the previous step.
    void prepareBatch(std::span<const std::size_t> indices, std::uint64_t epochIndex, std::size_t begin, Batch& out) const;
    // Forward, loss, backward and optimizer step on a prepared batch.
    double stepOn(const Batch& batch, double rate, int& hits);
    // stepOn() and gradientsOn(): the optimizer steps at *rate when given.
    double passOn(const Batch& batch, const double* rate, int& hits);
    // Loss, its gradient and the correct count for one batch's output.
    double scoreBatch(const Tensor& out, const std::vector<int>& labels, Tensor& grad, int& hits);
    void checkFinite(int epoch, int batch, double loss);

    ModelSpec spec_;
    TrainingData data_;
    Network network_;
    std::unique_ptr<Loss> loss_;
    std::unique_ptr<Optimizer> optimizer_;
    std::uint32_t seed_;
    int epochs_;
    int threads_;
    int maxBatches_;
    float pixelScale_;
    // An RBF output layer gives distances (smaller = more likely): its
    // negated outputs are the logits of LeCun's criterion.
    bool distanceOutput_ = false;
    Tensor negated_;
    Batch batch_, nextBatch_;  // the batch being trained on and the one prepared meanwhile
    Tensor grad_;
    std::vector<NamedParam> params_;
    History history_;
    WeightHistory weightHistory_;
    double wallSeconds_ = 0;
};

// Index of the largest output of each sample.
int argmaxOf(const float* values, std::size_t n);

}  // namespace cnnwb
