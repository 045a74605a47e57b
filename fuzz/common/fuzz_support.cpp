// The follow-up work the fuzz targets do on what loaded (fuzz_support.h).
#include "common/fuzz_support.h"

#include "engine/data/augmentation.h"
#include "engine/errors.h"
#include "engine/layer_registry.h"
#include "engine/losses/loss.h"
#include "engine/optimizers/optimizer.h"
#include "engine/summary.h"

#include <tbb/global_control.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <string>
#include <system_error>
#include <vector>

#include <unistd.h>

namespace cnnwb::fuzz {

namespace {

// Limits for running a network once per input. A fuzzer runs thousands of
// inputs a second; a network beyond these would turn it into a benchmark
// (shapes and counts are still checked for every network, whatever its size).
constexpr std::size_t kMaxRunParams = std::size_t(1) << 20;
constexpr std::uint64_t kMaxRunMultiplyAdds = std::uint64_t(4) << 20;
constexpr std::size_t kMaxRunActivations = std::size_t(4) << 20;

// Reads every value so that a wrong size or an uninitialised value shows up
// under the sanitizers instead of being optimised away.
float touchAll(const Tensor& t) {
    float sum = 0;
    for (std::size_t i = 0; i < t.size(); ++i) sum += t[i];
    return sum;
}

}  // namespace

namespace {

// /dev/shm (memory, not disk) or else the temp folder; the process id keeps
// parallel fuzzers (and scripts/fuzz.sh's cleanup) apart.
std::filesystem::path scratchPath(const std::string& tag) {
    std::error_code ec;
    const std::filesystem::path shm = "/dev/shm";
    const std::filesystem::path folder =
        std::filesystem::is_directory(shm, ec) ? shm : std::filesystem::temp_directory_path();
    return folder / ("cnnwb-fuzz-" + tag + "-" + std::to_string(::getpid()));
}

void writeOrAbort(const std::filesystem::path& path, const std::uint8_t* data, std::size_t size) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    const bool ok = f && (size == 0 || std::fwrite(data, 1, size, f) == size);
    if (f && std::fclose(f) != 0) f = nullptr;
    if (!ok || !f) {
        std::perror(("cannot write the fuzz input to " + path.string()).c_str());
        std::abort();
    }
}

}  // namespace

ScratchFile::ScratchFile(const std::string& tag) : path_(scratchPath(tag)) {}

ScratchFile::~ScratchFile() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
}

const std::filesystem::path& ScratchFile::write(const std::uint8_t* data, std::size_t size) {
    writeOrAbort(path_, data, size);
    return path_;
}

ScratchFolder::ScratchFolder(const std::string& tag) : path_(scratchPath(tag)) {
    std::error_code ec;
    std::filesystem::create_directories(path_, ec);
    if (ec) {
        std::fprintf(stderr, "cannot create the fuzz folder %s: %s\n", path_.c_str(), ec.message().c_str());
        std::abort();
    }
}

ScratchFolder::~ScratchFolder() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

void ScratchFolder::clear() {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(path_, ec)) std::filesystem::remove(entry.path(), ec);
}

void ScratchFolder::write(const std::string& name, const std::uint8_t* data, std::size_t size) {
    writeOrAbort(path_ / name, data, size);
}

void useOneThread() {
    static tbb::global_control oneThread(tbb::global_control::max_allowed_parallelism, 1);
}

void require(bool condition, const char* message) {
    if (condition) return;
    std::fprintf(stderr, "fuzz: engine invariant broken: %s\n", message);
    std::abort();
}

bool smallEnoughToRun(const Network& net) {
    if (net.totalParams() > kMaxRunParams || net.multiplyAdds() > kMaxRunMultiplyAdds) return false;
    std::size_t activations = net.inputShape().size();
    for (const LayerRow& row : net.rows()) {
        if (!row.enabled) continue;
        activations += row.outputShape.size();
        if (activations > kMaxRunActivations) return false;
    }
    return true;
}

void runInference(Network& net, const Tensor& input) {
    const Tensor& out = net.forward(input, Mode::Inference);
    require(out.batch() == input.batch(), "forward() returned another batch size than it was given");
    require(out.sampleShape().size() == net.outputShape().size(),
            "forward() returned another output size than the network's output shape");
    Tensor probabilities;
    net.probabilities(probabilities);
    require(probabilities.size() == out.size(), "probabilities() has another size than the output");
    volatile float sink = touchAll(out) + touchAll(probabilities);
    (void)sink;
}

Network exerciseSpec(const ModelSpec& spec) {
    // fromJson() built this network already; failing now would mean the
    // loader and the builder disagree, so no SpecError is caught here.
    Network net = spec.buildNetwork();
    const Network& built = net;  // the const overload counts; the other lists the parameters
    require(built.trainableParams() <= built.totalParams(), "more trainable parameters than parameters");
    (void)net.multiplyAdds();
    (void)net.toJson().dump();
    (void)summaryTable(spec, net);
    (void)summaryJson(spec, net).dump();

    // What File → Save writes must load again and give the same document.
    const Json saved = spec.toJson();
    const ModelSpec reloaded = ModelSpec::fromJson(saved, "fuzz round trip");
    require(reloaded.toJson() == saved, "a spec saved and loaded again is not the same spec");

    // The loss and optimizer the trainer would make from these settings.
    (void)Loss::create(spec.training.loss, "training");
    (void)Optimizer::create(spec.training.optimizer, "training.optimizer")->config();

    if (!smallEnoughToRun(net)) return net;
    net.setup(spec.training.seed);
    // One image with every pixel value, scaled and augmented as training would.
    Tensor input(1, net.inputShape());
    for (std::size_t i = 0; i < input.size(); ++i) input[i] = float((i * 37) % 256) * float(spec.data.rescale);
    augmentBatch(input, spec.data.augmentation, float(spec.data.rescale), spec.training.seed, 0, 0);
    runInference(net, input);
    return net;
}

void exerciseDataset(const Dataset& data) {
    const std::vector<std::size_t> counts = classCounts(data);
    require(std::accumulate(counts.begin(), counts.end(), std::size_t(0)) == data.size(),
            "class counts do not add up to the number of samples");
    require(data.pixels.size() == data.size() * data.sampleShape.size(), "pixels and labels disagree in count");

    // The smallest model for these images: shape inference on whatever
    // sizes the file declared. A shape the network builder refuses is a
    // SpecError, which is an answer, not a finding.
    Network net;
    bool built = false;
    try {
        net = Network::fromJson(minimalModelLayers(data.sampleShape, std::max(1, data.numClasses())));
        built = true;
    } catch (const SpecError&) {
    }

    const std::size_t n = data.size();
    if (n == 0) return;
    std::vector<std::size_t> first(std::min<std::size_t>(n, 4));
    std::iota(first.begin(), first.end(), std::size_t(0));
    (void)subset(data, first);
    (void)capPerClass(data, 1);
    (void)splitLast(data, n / 4);
    (void)splitRandom(data, n / 4, 7);
    (void)shuffledOrder(n, 7, 1);
    Batch batch;
    fillBatch(data, first, batch, LabelEncoding::OneHot, float(kUnitPixelScale));
    require(batch.labels.size() == first.size(), "fillBatch() gave another number of labels");

    if (!built || !smallEnoughToRun(net)) return;
    net.setup(1);
    runInference(net, batch.inputs);
}

}  // namespace cnnwb::fuzz
