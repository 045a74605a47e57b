// Throughput measurements behind `cnnwb bench`: a model's training and
// inference images per second on synthetic data, per-layer times, and the
// machine's float GEMM peak with the engine's own Eigen build. No Qt here.
#pragma once

#include "engine/model_spec.h"

#include <string>
#include <vector>

namespace cnnwb::bench {

struct BenchOptions {
    int steps = 0;               // steps per repetition; 0: enough for ~minSeconds
    int repetitions = 5;         // the median of these is reported
    double minSeconds = 0.4;     // per repetition, when steps is 0
    int inferenceBatch = 256;
    bool perLayer = false;       // also time every layer alone
    bool referenceAlgorithms = false;  // every layer on its reference path (im2col + GEMM, no Winograd)
    // Process CPU time instead of wall time: on a machine busy with other
    // work, a 1-thread run then measures the work done rather than the waiting.
    bool cpuClock = false;
};

// One layer's share of a training step, per batch (fastest repetition).
struct LayerTiming {
    std::string name;
    std::string type;
    std::string algorithm;       // Layer::algorithm(), empty for layers with one way
    double multiplyAdds = 0;     // per sample, forward
    double forwardSeconds = 0;
    double backwardSeconds = 0;
    bool inputGradient = true;   // whether backward computed the input gradient
};

struct ModelResult {
    std::string preset;
    int threads = 1;
    int batchSize = 0;
    int steps = 0;
    int repetitions = 0;
    double multiplyAdds = 0;          // per sample, forward
    double trainImagesPerSecond = 0;
    double inferImagesPerSecond = 0;
    double trainGflops = 0;           // 2 flops per multiply-add, training = 3 × forward
    double inferGflops = 0;
    double peakRssMb = 0;             // while this model trained (before the inference run)
    std::vector<LayerTiming> layers;  // when BenchOptions::perLayer
};

struct GemmPeak {
    int threads = 1;
    int size = 0;       // the square size that gave the best figure
    double gflops = 0;  // median of the repetitions at that size
};

// Trains `spec` on random data shaped like its input for warm-up plus
// repetitions × steps batches, then runs inference at options.inferenceBatch.
ModelResult benchmarkModel(const ModelSpec& spec, int threads, const BenchOptions& options);

// A float square product C = A·B for each size, split over fixed column blocks
// with the engine's parallel product; the best size's median is returned.
// Uses options.repetitions and options.cpuClock.
GemmPeak measureGemmPeak(int threads, const std::vector<int>& sizes, const BenchOptions& options);

// Peak resident set (VmHWM) of this process in MB, and a reset of that mark
// to the current resident set, so each model gets its own figure.
double peakRssMb();
void resetPeakRss();

double median(std::vector<double> values);

}  // namespace cnnwb::bench
