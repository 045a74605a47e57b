#include "model_bench.h"

#include "engine/losses/loss.h"
#include "engine/network.h"
#include "engine/optimizers/optimizer.h"
#include "engine/parallel.h"

#include <tbb/global_control.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <malloc.h>
#include <random>
#include <string>

#include <time.h>

namespace cnnwb::bench {

using Clock = std::chrono::steady_clock;

namespace {
bool useCpuClock = false;  // set per benchmarkModel call from BenchOptions::cpuClock

double now() {
    if (useCpuClock) {
        timespec ts{};
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
        return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
    }
    return std::chrono::duration<double>(Clock::now().time_since_epoch()).count();
}
}  // namespace

double median(std::vector<double> values) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    const std::size_t mid = values.size() / 2;
    return values.size() % 2 ? values[mid] : 0.5 * (values[mid - 1] + values[mid]);
}

double peakRssMb() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;  // kB
    return 0;
}

void resetPeakRss() {
    // Give freed heap back first: otherwise an earlier, bigger model's pages
    // stay resident and count against the next one.
    malloc_trim(0);
    // Writing 5 to clear_refs resets VmHWM to the current RSS (Linux ≥ 4.0).
    std::ofstream("/proc/self/clear_refs") << "5";
}

namespace {

template <typename Step>
double secondsOf(int steps, Step&& step) {
    const double start = now();
    for (int s = 0; s < steps; ++s) step();
    return now() - start;
}

// Warm-up (first-touch allocations, caches, TBB's workers), then the median
// of repetitions; returns images per second.
template <typename Step>
double imagesPerSecond(int batch, const BenchOptions& o, int& stepsUsed, Step&& step) {
    const double warm = secondsOf(2, step) / 2;
    int steps = o.steps;
    if (steps <= 0) steps = std::clamp(int(o.minSeconds / std::max(warm, 1e-6)) + 1, 3, 5000);
    stepsUsed = steps;
    std::vector<double> rates;
    for (int r = 0; r < o.repetitions; ++r) rates.push_back(double(batch) * steps / secondsOf(steps, step));
    return median(rates);
}

void fillRandom(Tensor& t, float scale, std::mt19937& rng) {
    std::uniform_real_distribution<float> u(0.0f, scale);
    for (std::size_t i = 0; i < t.size(); ++i) t[i] = u(rng);
}

// Times every layer alone on the activations of one real training step, in
// the order a step runs them; backward gets a random output gradient. The
// fastest repetition is kept: a profile should show the work, and on a shared
// machine slower repetitions only add other processes' interference.
std::vector<LayerTiming> timeLayers(Network& net, const Tensor& input, const BenchOptions& o) {
    net.forward(input, Mode::Training);
    const auto& layers = net.activeLayers();
    std::vector<LayerTiming> out;
    std::mt19937 rng(7);
    Tensor dOut, dIn;
    const std::size_t firstTrained = net.firstTrainedLayer();
    for (std::size_t i = 1; i < layers.size(); ++i) {
        Layer* l = layers[i];
        const Tensor& in = i == 1 ? input : net.activation(i - 1);
        Tensor y = net.activation(i);
        dOut.resize(y.batch(), y.sampleShape());
        fillRandom(dOut, 1e-3f, rng);
        const int reps = std::max(3, o.repetitions);
        const int steps = o.steps > 0 ? o.steps : 3;
        std::vector<double> fwd, bwd;
        l->forward(in, y, Mode::Training);  // warm-up
        for (int r = 0; r < reps; ++r) fwd.push_back(secondsOf(steps, [&] { l->forward(in, y, Mode::Training); }) / steps);
        // As in Network::backward: the first trained layer skips its input
        // gradient, and the layers below it are not run backward.
        Tensor* dInPtr = i == firstTrained ? nullptr : &dIn;
        if (i >= firstTrained) {
            l->backward(in, y, dOut, dInPtr);
            for (int r = 0; r < reps; ++r)
                bwd.push_back(secondsOf(steps, [&] { l->backward(in, y, dOut, dInPtr); }) / steps);
        } else {
            bwd.push_back(0.0);
        }
        out.push_back({l->name(), l->type(), l->algorithm(), double(l->multiplyAdds(in.sampleShape())),
                       *std::min_element(fwd.begin(), fwd.end()), *std::min_element(bwd.begin(), bwd.end()),
                       dInPtr != nullptr && i >= firstTrained});
    }
    return out;
}

}  // namespace

ModelResult benchmarkModel(const ModelSpec& spec, int threads, const BenchOptions& o) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, std::size_t(threads));
    resetPeakRss();
    useCpuClock = o.cpuClock;

    ModelResult r;
    r.preset = spec.id.empty() ? spec.name : spec.id;
    r.threads = threads;
    r.batchSize = spec.training.batchSize;
    r.repetitions = o.repetitions;

    Network net = spec.buildNetwork();
    net.setup(spec.training.seed);
    net.preferReferenceAlgorithms(o.referenceAlgorithms);
    r.multiplyAdds = double(net.multiplyAdds());
    auto loss = Loss::create(spec.training.loss, "training");
    auto optimizer = Optimizer::create(spec.training.optimizer, "training.optimizer");
    net.setOutputLogits(loss->acceptsLogits());
    loss->setFromLogits(net.outputIsLogits());
    const std::vector<NamedParam> params = net.trainableParams();
    // Training on one fixed batch of random pixels and labels can drive the
    // weights anywhere: E4-h's reached NaN, and its max pooling ran 2.6 times
    // faster on NaNs than on numbers (the comparisons' branches became
    // predictable). The layers and inference are timed on the initial weights.
    std::vector<Tensor> initialWeights;
    for (const NamedParam& p : params) initialWeights.push_back(*p.value);

    // Synthetic pixels on the scale the model is fed (raw 0..255 or 0..1).
    std::mt19937 rng(1);
    const float pixelMax = float(255.0 * spec.data.rescale);
    const int classes = int(net.outputShape().size());
    Tensor input(r.batchSize, net.inputShape()), grad;
    fillRandom(input, pixelMax, rng);
    std::vector<int> labels(std::size_t(r.batchSize));
    for (std::size_t i = 0; i < labels.size(); ++i) labels[i] = int(i) % classes;

    r.trainImagesPerSecond = imagesPerSecond(r.batchSize, o, r.steps, [&] {
        net.runStep(r.batchSize, [&] {
            const Tensor& out = net.forward(input, Mode::Training);
            loss->compute(out, labels, grad);
            net.backward(grad);
            optimizer->step(params);
        });
    });
    // Training's peak, before the inference run's larger batch (docs/performance.md).
    r.peakRssMb = peakRssMb();
    for (std::size_t i = 0; i < params.size(); ++i) *params[i].value = initialWeights[i];
    if (o.perLayer) r.layers = timeLayers(net, input, o);

    Tensor inferInput(o.inferenceBatch, net.inputShape());
    fillRandom(inferInput, pixelMax, rng);
    int inferSteps = 0;
    r.inferImagesPerSecond =
        imagesPerSecond(o.inferenceBatch, o, inferSteps, [&] { net.forward(inferInput, Mode::Inference); });

    r.trainGflops = r.trainImagesPerSecond * r.multiplyAdds * 2 * 3 / 1e9;
    r.inferGflops = r.inferImagesPerSecond * r.multiplyAdds * 2 / 1e9;
    return r;
}

GemmPeak measureGemmPeak(int threads, const std::vector<int>& sizes, const BenchOptions& o) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, std::size_t(threads));
    useCpuClock = o.cpuClock;
    GemmPeak best{threads, 0, 0};
    for (int n : sizes) {
        const Eigen::MatrixXf a = Eigen::MatrixXf::Random(n, n), b = Eigen::MatrixXf::Random(n, n);
        Eigen::MatrixXf c(n, n);
        const double flops = 2.0 * double(n) * n * n;
        parallelProduct(MatrixMap(c.data(), n, n), a, b);  // warm-up
        std::vector<double> rates;
        for (int r = 0; r < o.repetitions; ++r)
            rates.push_back(flops / 1e9 /
                            secondsOf(1, [&] { parallelProduct(MatrixMap(c.data(), n, n), a, b); }));
        const double g = median(rates);
        if (g > best.gflops) best = {threads, n, g};
    }
    return best;
}

}  // namespace cnnwb::bench
