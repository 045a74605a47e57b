#include "lr_range_test.h"

#include "errors.h"
#include "trainer.h"

#include <tbb/global_control.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace cnnwb {

void LrRangeTestOptions::check() const {
    auto fail = [](const std::string& what) { throw SpecError("learning-rate range test: " + what); };
    if (!(startRate > 0) || !std::isfinite(startRate)) fail("the start rate must be a number > 0");
    if (!(endRate > startRate) || !std::isfinite(endRate)) fail("the end rate must be larger than the start rate");
    if (steps < 3 || steps > 100000) fail("the number of steps must be 3 to 100000; got " + std::to_string(steps));
    if (!(smoothing >= 0 && smoothing < 1)) fail("the smoothing must be in [0, 1)");
    if (!(divergence > 1)) fail("the divergence factor must be larger than 1");
}

double rangeTestRate(const LrRangeTestOptions& o, int step) {
    return o.startRate * std::pow(o.endRate / o.startRate, double(step) / double(o.steps - 1));
}

void suggestRates(LrRangeTest& test) {
    const auto& p = test.points;
    test.suggestedRate = test.lowestLossRate = 0;
    if (p.empty()) return;
    // The first tenth of the points is left out (fastai skips them too): the
    // moving average is still settling there, one batch's noise at a time.
    const std::size_t settled = p.size() / 10;
    std::size_t lowest = settled;
    for (std::size_t i = settled + 1; i < p.size(); ++i)
        if (p[i].smoothedLoss < p[lowest].smoothedLoss) lowest = i;
    test.lowestLossRate = p[lowest].rate;
    // The slope of the smoothed loss against log10(rate), a least-squares
    // line through ±w neighbours (a single noisy batch does not make a cliff),
    // on the way down to the lowest point.
    const std::size_t w = std::max<std::size_t>(1, p.size() / 20);
    double steepest = 0;
    for (std::size_t i = std::max(w, settled); i <= lowest && i + w < p.size(); ++i) {
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (std::size_t j = i - w; j <= i + w; ++j) {
            const double x = std::log10(p[j].rate), y = p[j].smoothedLoss;
            sx += x, sy += y, sxx += x * x, sxy += x * y;
        }
        const double k = double(2 * w + 1);
        const double slope = (k * sxy - sx * sy) / (k * sxx - sx * sx);
        if (slope < steepest) {
            steepest = slope;
            test.suggestedRate = p[i].rate;
        }
    }
}

LrRangeTest runLrRangeTest(const ModelSpec& spec, TrainingData data, const LrRangeTestOptions& options,
                           const LrRangeProgress& progress) {
    options.check();
    Trainer trainer(spec, std::move(data), {.threads = options.threads});
    tbb::global_control threads(tbb::global_control::max_allowed_parallelism, std::size_t(trainer.threads()));
    const std::size_t n = trainer.data().train.size();
    const auto batchSize = std::size_t(spec.training.batchSize);
    const std::size_t batchesPerEpoch = (n + batchSize - 1) / batchSize;

    LrRangeTest test;
    test.stoppedBecause = "every rate was tried";
    std::vector<std::size_t> order;
    double average = 0, lowestSmoothed = std::numeric_limits<double>::infinity();
    for (int step = 0; step < options.steps; ++step) {
        const std::size_t epoch = std::size_t(step) / batchesPerEpoch;
        const std::size_t begin = (std::size_t(step) % batchesPerEpoch) * batchSize;
        if (begin == 0) order = shuffledOrder(n, trainer.seed(), epoch);
        const std::size_t end = std::min(n, begin + batchSize);
        LrRangePoint point;
        point.rate = rangeTestRate(options, step);
        int hits = 0;
        point.loss = trainer.trainStep(std::span(order).subspan(begin, end - begin), epoch, begin, point.rate, hits);
        if (!std::isfinite(point.loss)) {
            test.stoppedBecause = "the loss diverged";
            break;
        }
        average = options.smoothing * average + (1 - options.smoothing) * point.loss;
        point.smoothedLoss = average / (1 - std::pow(options.smoothing, step + 1));
        test.points.push_back(point);
        const bool diverged = step > 0 && point.smoothedLoss > options.divergence * lowestSmoothed;
        lowestSmoothed = std::min(lowestSmoothed, point.smoothedLoss);
        if (progress && !progress(point, step, options.steps)) {
            test.stoppedBecause = "stopped";
            break;
        }
        if (diverged) {
            test.stoppedBecause = "the loss diverged";
            break;
        }
    }
    suggestRates(test);
    return test;
}

}  // namespace cnnwb
