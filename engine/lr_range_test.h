// The learning-rate range test (Smith, "Cyclical Learning Rates for Training
// Neural Networks", 2017, §3.3; fastai's lr_find): a short run from the
// model's first weights in which each step's rate is a constant factor above
// the last, from a tiny rate to a huge one. The loss stays flat while the rate
// is too small to matter, falls where it is useful and explodes once it is
// too large; a good rate lies on the falling part. The test trains its own
// network built from the spec and seed: the model being edited or trained is
// never touched.
#pragma once

#include "model_spec.h"
#include "training_data.h"

#include <functional>
#include <string>
#include <vector>

namespace cnnwb {

struct LrRangeTestOptions {
    double startRate = 1e-7;
    double endRate = 10;
    int steps = 100;           // rates tried, one training step each
    double smoothing = 0.98;   // of the loss: an exponential moving average, bias-corrected (fastai's)
    double divergence = 4;     // stop once the smoothed loss exceeds this many times its lowest
    int threads = 0;           // 0: all cores

    // Throws SpecError naming the option that is out of range.
    void check() const;
};

struct LrRangePoint {
    double rate = 0;
    double loss = 0;          // of the batch, before the step at `rate`
    double smoothedLoss = 0;
};

struct LrRangeTest {
    std::vector<LrRangePoint> points;
    std::string stoppedBecause;  // "the loss diverged", "every rate was tried", "stopped"
    // Where the smoothed loss falls fastest against log rate (a line fitted
    // through a twentieth of the points around each), before its lowest point
    // and past the first tenth (0 when the loss never falls there).
    double suggestedRate = 0;
    // The rate of the lowest smoothed loss past the first tenth of the points;
    // a tenth of it is the other rule of thumb.
    double lowestLossRate = 0;
};

// The rate of step `step` of `steps` (0-based): start × (end/start)^(step/(steps-1)).
double rangeTestRate(const LrRangeTestOptions& options, int step);

// Called after each point; returning false stops the test there.
using LrRangeProgress = std::function<bool(const LrRangePoint&, int step, int steps)>;

// Runs the test on `data`'s training images in the run's shuffled order
// (batch size, optimizer, augmentation and seed from `spec`; the schedule
// is ignored: the test sets every rate itself). Throws SpecError/DataError
// as a Trainer would for a model that does not fit the data.
LrRangeTest runLrRangeTest(const ModelSpec& spec, TrainingData data, const LrRangeTestOptions& options,
                           const LrRangeProgress& progress = {});

// The suggestion and the lowest-loss rate of `points`, as runLrRangeTest
// fills them in (for a curve read back or drawn point by point).
void suggestRates(LrRangeTest& test);

}  // namespace cnnwb
