#include "trainer.h"

#include "data/augmentation.h"
#include "errors.h"
#include "session_file.h"

#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/task_group.h>

#include <chrono>
#include <cmath>
#include <numeric>

namespace cnnwb {

#if defined(__SANITIZE_THREAD__)
// Debian's libtbb is not built with ThreadSanitizer, so the joins of its tasks
// are invisible to it and every parallel_for would be reported as a race.
// ThreadSanitizer builds (CMakePresets.json "tsan") therefore run TBB on one
// thread: they check the threads we start ourselves (the GUI's training
// worker against the window), not TBB's. The smallest active limit wins.
static tbb::global_control tsanRunsTbbOnOneThread(tbb::global_control::max_allowed_parallelism, 1);
#endif

using Clock = std::chrono::steady_clock;

int argmaxOf(const float* v, std::size_t n) {
    std::size_t best = 0;
    for (std::size_t i = 1; i < n; ++i)
        if (v[i] > v[best]) best = i;
    return int(best);
}

static int correctCount(const Tensor& out, const std::vector<int>& labels) {
    int correct = 0;
    for (int s = 0; s < out.batch(); ++s) correct += argmaxOf(out.sample(s), out.sampleSize()) == labels[s];
    return correct;
}

// "cat, dog, …": the first few class names, for messages.
static std::string classList(const std::vector<std::string>& names) {
    std::string list;
    for (std::size_t i = 0; i < names.size() && i < 8; ++i) list += (i ? ", " : "") + names[i];
    return names.size() > 8 ? list + ", …" : list;
}

Trainer::Trainer(const ModelSpec& spec, TrainingData data, TrainerOptions options)
    : spec_(spec), data_(std::move(data)), network_(spec.buildNetwork()),
      loss_(Loss::create(spec.training.loss, "training")),
      optimizer_(Optimizer::create(spec.training.optimizer, "training.optimizer")),
      seed_(options.seed.value_or(spec.training.seed)),
      epochs_(options.epochs > 0 ? options.epochs : spec.training.epochs),
      threads_(options.threads > 0 ? options.threads : tbb::info::default_concurrency()),
      maxBatches_(options.maxBatchesPerEpoch), pixelScale_(float(spec.data.rescale)),
      weightHistory_(spec.training.weightHistory) {
    if (data_.train.empty()) throw DataError("the training set is empty");
    if (data_.train.sampleShape != network_.inputShape())
        throw SpecError("the model expects " + network_.inputShape().str() + " images, but the data are " +
                        data_.train.sampleShape.str());
    // Checked here rather than in the spec for an image folder, whose classes are its subfolders.
    if (const Shape out = network_.outputShape(); !out.isFlat() || out.c != data_.train.numClasses())
        throw SpecError("the last layer ('" + network_.rows().back().name + "') gives " + out.str() + " outputs, but " +
                        data_.train.name + " has " + std::to_string(data_.train.numClasses()) + " classes (" +
                        classList(data_.train.classNames) + "); end the model with Dense(units=" +
                        std::to_string(data_.train.numClasses()) + ")");
    network_.setup(seed_);
    distanceOutput_ = network_.activeLayers().back()->outputMeaning() == OutputMeaning::Distances;
    if (distanceOutput_ && !loss_->acceptsLogits())
        throw SpecError("training: the last layer (" + network_.activeLayers().back()->label() +
                        ") gives distances, which need loss 'categorical_crossentropy' (LeCun's criterion: softmax "
                        "over the negated distances); got '" + loss_->name() + "'");
    network_.setOutputLogits(loss_->acceptsLogits());
    loss_->setFromLogits(network_.outputIsLogits() || distanceOutput_);
}

double Trainer::scoreBatch(const Tensor& out, const std::vector<int>& labels, Tensor& grad, int& hits) {
    if (!distanceOutput_) {
        hits = correctCount(out, labels);
        return loss_->compute(out, labels, grad);
    }
    negated_ = out;
    negated_.vector() *= -1.0f;
    hits = correctCount(negated_, labels);
    const double loss = loss_->compute(negated_, labels, grad);
    grad.vector() *= -1.0f;
    return loss;
}

bool Trainer::atBatchBoundary(TrainingObserver* observer, TrainingControl* control) {
    if (!control) return true;
    control->serveIfRequested();
    if (control->pauseRequested() && !control->stopRequested()) {
        if (observer) observer->onPaused();
        control->waitWhilePaused();
        if (!control->stopRequested() && observer) observer->onResumed();
    }
    return !control->stopRequested();
}

void Trainer::checkFinite(int epoch, int batch, double loss) {
    const std::string where = "epoch " + std::to_string(epoch) + ", batch " + std::to_string(batch);
    if (!std::isfinite(loss))
        throw TrainingError("the loss became " + std::string(std::isnan(loss) ? "NaN" : "infinite") + " at " + where +
                            "; training stopped. Try a smaller learning rate or scaled inputs (rescale 1/255).");
    for (const NamedParam& p : network_.trainableParams())
        if (!p.value->vector().allFinite())
            throw TrainingError("the weights of '" + p.key + "' became NaN or infinite at " + where +
                                "; training stopped. Try a smaller learning rate.");
}

void Trainer::resumeFrom(const Session& stored) {
    if (stored.weights.empty())
        throw SpecError("the run has no weights to continue from (it was edited after training, or failed)");
    restoreWeights(stored, network_);
    restoreOptimizer(stored, *optimizer_);
    history_ = stored.history;
    restoreWeightHistory(stored.weightHistory);
    // The steps already taken, so that step-dependent layers (Dropout's masks) continue their sequence.
    network_.setTrainingSteps(std::uint64_t(optimizer_->iterations()));
    wallSeconds_ = stored.wallSeconds;
}

void Trainer::restoreWeightHistory(const WeightHistory& stored) {
    weightHistory_ = stored.fits(network_) ? stored : WeightHistory(spec_.training.weightHistory);
}

Score Trainer::evaluate(const Dataset& data, int batchSize) { return scoreDataset(data, batchSize, nullptr); }

Evaluation Trainer::evaluateSamples(const Dataset& data, int batchSize) {
    Evaluation e;
    e.dataset = data.name;
    e.classNames = data.classNames;
    e.probabilities = network_.givesProbabilities();
    e.labels.reserve(data.size());
    e.predicted.reserve(data.size());
    e.scores.reserve(data.size() * data.classNames.size());
    const Score score = scoreDataset(data, batchSize, &e);
    e.loss = score.loss;
    e.accuracy = score.accuracy;
    return e;
}

Score Trainer::scoreDataset(const Dataset& data, int batchSize, Evaluation* samples) {
    tbb::global_control threads(tbb::global_control::max_allowed_parallelism, std::size_t(threads_));
    Score score;
    if (data.empty()) return score;
    Batch batch;
    Tensor grad, scores;
    std::vector<std::size_t> indices;
    double lossSum = 0;
    long long correct = 0;
    for (std::size_t begin = 0; begin < data.size(); begin += std::size_t(batchSize)) {
        const std::size_t end = std::min(data.size(), begin + std::size_t(batchSize));
        indices.resize(end - begin);
        std::iota(indices.begin(), indices.end(), begin);
        fillBatch(data, indices, batch, LabelEncoding::Integer, pixelScale_);
        const Tensor& out = network_.forward(batch.inputs, Mode::Inference);
        int hits = 0;
        lossSum += scoreBatch(out, batch.labels, grad, hits) * double(end - begin);
        correct += hits;
        if (samples) {
            // The answer as the accuracy counted it (from the outputs, not their rounded softmax).
            const Tensor& decided = distanceOutput_ ? negated_ : out;
            network_.probabilities(scores);
            for (int s = 0; s < scores.batch(); ++s) {
                samples->labels.push_back(batch.labels[std::size_t(s)]);
                samples->predicted.push_back(argmaxOf(decided.sample(s), decided.sampleSize()));
                samples->scores.insert(samples->scores.end(), scores.sample(s), scores.sample(s) + scores.sampleSize());
            }
        }
    }
    score.loss = lossSum / double(data.size());
    score.accuracy = double(correct) / double(data.size());
    return score;
}

void Trainer::prepareBatch(std::span<const std::size_t> indices, std::uint64_t epochIndex, std::size_t begin,
                           Batch& out) const {
    fillBatch(data_.train, indices, out, LabelEncoding::Integer, pixelScale_);
    augmentBatch(out.inputs, spec_.data.augmentation, pixelScale_, seed_, epochIndex, begin);
}

double Trainer::trainStep(std::span<const std::size_t> indices, std::uint64_t epochIndex, std::size_t begin,
                          double rate, int& hits) {
    prepareBatch(indices, epochIndex, begin, batch_);
    return stepOn(batch_, rate, hits);
}

double Trainer::stepOn(const Batch& batch, double rate, int& hits) { return passOn(batch, &rate, hits); }

double Trainer::gradientsOn(const Batch& batch, int& hits) { return passOn(batch, nullptr, hits); }

double Trainer::passOn(const Batch& batch, const double* rate, int& hits) {
    if (params_.empty()) params_ = network_.trainableParams();
    double loss = 0;
    hits = 0;
    network_.runStep(int(batch.labels.size()), [&] {
        const Tensor& out = network_.forward(batch.inputs, Mode::Training);
        loss = scoreBatch(out, batch.labels, grad_, hits);
        if (std::isfinite(loss)) {
            network_.backward(grad_);
            if (rate) {
                optimizer_->setLearningRate(*rate);
                optimizer_->step(params_);
            }
        }
    });
    return loss;
}

RunEnd Trainer::run(TrainingObserver* observer, TrainingControl* control) {
    tbb::global_control threads(tbb::global_control::max_allowed_parallelism, std::size_t(threads_));
    const auto start = Clock::now();
    // However the run ends (finished, stopped, failed), its time counts.
    struct Timer {
        double& total;
        Clock::time_point start;
        ~Timer() { total += std::chrono::duration<double>(Clock::now() - start).count(); }
    } timer{wallSeconds_, start};
    const int batchSize = spec_.training.batchSize;
    const std::size_t n = data_.train.size();
    int batches = int((n + std::size_t(batchSize) - 1) / std::size_t(batchSize));
    if (maxBatches_ > 0) batches = std::min(batches, maxBatches_);
    const double baseRate = spec_.training.optimizer.value("learning_rate", optimizer_->learningRate());
    // Where this call picks up: after the last finished epoch, and inside an
    // epoch a stop cut short, after its last batch (resumed runs too).
    const int firstEpoch = int(history_.epochs.size()) + 1;
    int firstBatch = 0;
    double lossSum = 0;
    long long correct = 0, seen = 0;
    for (const BatchStats& b : history_.batches) {
        if (b.epoch != firstEpoch) continue;
        const std::size_t begin = std::size_t(firstBatch) * std::size_t(batchSize);
        const long long count = (long long)(std::min(n, begin + std::size_t(batchSize)) - begin);
        lossSum += b.loss * double(count);
        correct += std::llround(b.accuracy * double(count));
        seen += count;
        ++firstBatch;
    }
    // Elapsed time goes on from where the history ends.
    const double elapsedBefore = history_.batches.empty() ? 0.0 : history_.batches.back().elapsedSeconds;
    if (history_.batches.empty() && weightHistory_.empty()) weightHistory_.record(network_, {});

    for (int epoch = firstEpoch; epoch <= epochs_; ++epoch) {
        const auto epochStart = Clock::now();
        const std::vector<std::size_t> order = shuffledOrder(n, seed_, std::uint64_t(epoch - 1));
        if (epoch != firstEpoch) {
            firstBatch = 0;
            lossSum = 0;
            correct = seen = 0;
        }
        auto indicesOf = [&](int b) {
            const std::size_t begin = std::size_t(b) * std::size_t(batchSize);
            return std::span(order).subspan(begin, std::min(n, begin + std::size_t(batchSize)) - begin);
        };
        if (firstBatch < batches)
            prepareBatch(indicesOf(firstBatch), std::uint64_t(epoch - 1), std::size_t(firstBatch) * batchSize, batch_);
        for (int b = firstBatch; b < batches; ++b) {
            if (!atBatchBoundary(observer, control)) return RunEnd::Stopped;
            const std::size_t begin = std::size_t(b) * std::size_t(batchSize);
            const std::size_t end = std::min(n, begin + std::size_t(batchSize));
            // From the step count, not from the loop, so a resumed run takes the rates an uninterrupted one would.
            const double rate = spec_.training.lrSchedule.rate(baseRate, optimizer_->iterations(), batches, epochs_);
            int hits = 0;
            double loss = 0;
            // The next batch is read and augmented while this one trains (on
            // another worker when there is one); it depends only on its place
            // in the epoch, so the numbers are those of doing it in turn.
            tbb::task_group ahead;
            if (b + 1 < batches)
                ahead.run([&] {
                    prepareBatch(indicesOf(b + 1), std::uint64_t(epoch - 1), begin + std::size_t(batchSize), nextBatch_);
                });
            try {
                loss = stepOn(batch_, rate, hits);
            } catch (...) {
                ahead.wait();
                throw;
            }
            ahead.wait();
            std::swap(batch_, nextBatch_);
            checkFinite(epoch, b + 1, loss);

            const int count = int(end - begin);
            lossSum += loss * count;
            correct += hits;
            seen += count;
            const double epochSeconds = std::chrono::duration<double>(Clock::now() - epochStart).count();
            BatchStats stats{epoch, b + 1, batches, loss, double(hits) / count,
                             epochSeconds > 0 ? double(seen) / epochSeconds : 0,
                             elapsedBefore + std::chrono::duration<double>(Clock::now() - start).count(), rate};
            history_.batches.push_back(stats);
            const auto step = std::int64_t(history_.batches.size());
            if (weightHistory_.due(step)) weightHistory_.record(network_, {epoch, b + 1, step, false});
            if (observer) observer->onBatchEnd(stats);
        }
        const double trainSeconds = std::chrono::duration<double>(Clock::now() - epochStart).count();
        EpochStats e;
        e.epoch = epoch;
        e.train = {lossSum / double(seen), double(correct) / double(seen)};
        e.imagesPerSecond = trainSeconds > 0 ? double(seen) / trainSeconds : 0;
        if (!data_.validation.empty()) e.validation = evaluate(data_.validation);
        if (spec_.data.testEachEpoch || epoch == epochs_) e.test = evaluate(data_.test);
        e.seconds = std::chrono::duration<double>(Clock::now() - epochStart).count();
        history_.epochs.push_back(e);
        weightHistory_.record(network_, {epoch, batches, std::int64_t(history_.batches.size()), true});
        if (observer) observer->onEpochEnd(e);
    }
    return RunEnd::Finished;
}

}  // namespace cnnwb
