// cnnwb bench: training and inference throughput of presets on synthetic data,
// against the machine's measured GEMM peak (see bench/model_bench.h).
#include "commands.h"
#include "path_argument.h"

#include "bench/model_bench.h"
#include "engine/errors.h"
#include "engine/layer_registry.h"
#include "engine/presets.h"

#include <QCommandLineParser>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>

namespace cnnwb::cli {

namespace {

const QStringList kReferencePresets{"e1-lenet1988", "e3-mlp", "e3-cnn", "e4-h", "e5-cifar10net"};

// Upper bounds that keep a typo from asking for tens of gigabytes or days:
// three 8192² float matrices are 768 MB.
constexpr int kMaxBenchThreads = 256, kMaxGemmSize = 8192, kMaxSteps = 1000000, kMaxRepetitions = 1000;

bool parseIntList(const QString& text, std::vector<int>& out, int max) {
    out.clear();
    for (const QString& part : text.split(',', Qt::SkipEmptyParts)) {
        bool ok = false;
        const int v = part.trimmed().toInt(&ok);
        if (!ok || v < 1 || v > max) return false;
        out.push_back(v);
    }
    return !out.empty();
}

Json toJson(const bench::ModelResult& r, double peak) {
    Json j = {{"kind", "model"},
              {"preset", r.preset},
              {"threads", r.threads},
              {"batch_size", r.batchSize},
              {"steps", r.steps},
              {"repetitions", r.repetitions},
              {"multiply_adds_per_image", r.multiplyAdds},
              {"train_images_per_second", r.trainImagesPerSecond},
              {"infer_images_per_second", r.inferImagesPerSecond},
              {"gflops", r.trainGflops},
              {"infer_gflops", r.inferGflops},
              {"fraction_of_gemm_peak", peak > 0 ? r.trainGflops / peak : 0.0},
              {"peak_rss_mb", r.peakRssMb}};
    if (!r.layers.empty()) {
        Json layers = Json::array();
        for (const auto& l : r.layers)
            layers.push_back({{"name", l.name}, {"type", l.type}, {"algorithm", l.algorithm},
                              {"multiply_adds_per_image", l.multiplyAdds},
                              {"forward_seconds", l.forwardSeconds}, {"backward_seconds", l.backwardSeconds}});
        j["layers"] = layers;
    }
    return j;
}

// Per-layer times of one training step and the GFLOP/s of the layers that are
// products. Backward counts twice the forward's multiply-adds (kernel and input
// gradients), once for the first trained layer, which skips its input gradient.
void printLayers(const bench::ModelResult& r, double peak) {
    double convFlops = 0, convSeconds = 0, allSeconds = 0;
    std::printf("    %-16s %-20s %-22s %10s %10s %9s\n", "layer", "type", "algorithm", "fwd ms", "bwd ms", "GFLOP/s");
    for (std::size_t i = 0; i < r.layers.size(); ++i) {
        const auto& l = r.layers[i];
        const LayerType* info = findLayerType(l.type);
        const LayerCategory category = info ? info->category : LayerCategory::Reshape;
        const bool product = category == LayerCategory::Convolution || category == LayerCategory::Dense;
        const double seconds = l.forwardSeconds + l.backwardSeconds;
        const double flops = 2.0 * l.multiplyAdds * r.batchSize * (l.inputGradient ? 3 : 2);
        allSeconds += seconds;
        if (category == LayerCategory::Convolution) convFlops += flops, convSeconds += seconds;
        const std::string rate = product && seconds > 0 ? std::to_string(int(flops / seconds / 1e9 + 0.5)) : "";
        std::printf("    %-16s %-20s %-22s %10.3f %10.3f %9s\n", l.name.c_str(), l.type.c_str(), l.algorithm.c_str(),
                    l.forwardSeconds * 1e3,
                    l.backwardSeconds * 1e3, rate.c_str());
    }
    if (convSeconds <= 0) return;
    const double convGflops = convFlops / convSeconds / 1e9;
    std::printf("    Convolution layers: %.1f GFLOP/s", convGflops);
    if (peak > 0) std::printf(" = %.0f%% of GEMM peak", 100 * convGflops / peak);
    std::printf(", %.0f%% of the layers' time\n", 100 * convSeconds / allSeconds);
}

}  // namespace

int bench(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Training and inference throughput of presets on synthetic data (no data set needed), with the machine's "
        "float GEMM peak. Defaults to the five reference models.");
    parser.addHelpOption();
    parser.addPositionalArgument("presets", "Preset ids or spec files.", "[PRESET...]");
    parser.addOption({"threads", "Thread counts to measure, comma-separated (default 1,2).", "LIST", "1,2"});
    parser.addOption({"steps", "Training steps per repetition (default: enough for ~0.4 s).", "N", "0"});
    parser.addOption({"repetitions", "Repetitions; the median is reported (default 5).", "N", "5"});
    parser.addOption({"json", "Write the results as a JSON array to FILE.", "FILE"});
    parser.addOption({"layers", "Also time every layer of a training step."});
    parser.addOption({"no-peak", "Skip the GEMM peak measurement."});
    parser.addOption({"reference-conv", "Run every convolution on the reference path (im2col + GEMM, no Winograd), "
                                        "to compare against the algorithms chosen per layer."});
    parser.addOption({"cpu-clock", "Time with process CPU time instead of wall time (for 1-thread runs on a busy "
                                   "machine: measures the work, not the waiting)."});
    parser.addOption({"gemm-sizes", "Square sizes for the GEMM peak (default 1024,2048).", "LIST", "1024,2048"});
    parser.process(args);

    std::vector<int> threadCounts, gemmSizes;
    bench::BenchOptions options;
    bool stepsOk = false, repetitionsOk = false;
    options.steps = parser.value("steps").toInt(&stepsOk);
    options.repetitions = parser.value("repetitions").toInt(&repetitionsOk);
    if (!parseIntList(parser.value("threads"), threadCounts, kMaxBenchThreads) ||
        !parseIntList(parser.value("gemm-sizes"), gemmSizes, kMaxGemmSize) || !stepsOk || options.steps < 0 ||
        options.steps > kMaxSteps || !repetitionsOk || options.repetitions < 1 || options.repetitions > kMaxRepetitions) {
        std::cerr << "cnnwb bench: --threads takes integers from 1 to " << kMaxBenchThreads
                  << " and --gemm-sizes from 1 to " << kMaxGemmSize << ", separated by commas; --steps takes 0 to "
                  << kMaxSteps << " and --repetitions 1 to " << kMaxRepetitions << "\n";
        return 2;
    }
    options.perLayer = parser.isSet("layers");
    options.cpuClock = parser.isSet("cpu-clock");
    options.referenceAlgorithms = parser.isSet("reference-conv");
    QStringList ids = parser.positionalArguments();
    if (ids.isEmpty()) ids = kReferencePresets;

    std::vector<ModelSpec> specs;
    try {
        for (const QString& id : ids) specs.push_back(loadSpecOrPreset(pathArgument(id)));
    } catch (const std::exception& e) {
        std::cerr << "cnnwb bench: " << e.what() << "\n";
        return 1;
    }

    Json out = Json::array();
    std::map<int, double> peak;
    if (!parser.isSet("no-peak")) {
        for (int t : threadCounts) {
            const bench::GemmPeak g = bench::measureGemmPeak(t, gemmSizes, options);
            peak[t] = g.gflops;
            std::printf("GEMM peak, %d thread%s: %.1f GFLOP/s (%d×%d float, median of %d)\n", t, t > 1 ? "s" : "",
                        g.gflops, g.size, g.size, options.repetitions);
            out.push_back({{"kind", "gemm_peak"}, {"preset", "gemm-peak"}, {"threads", t}, {"size", g.size},
                           {"gflops", g.gflops}});
        }
    }
    std::printf("\n%-16s %7s %6s %12s %12s %9s %7s %9s\n", "preset", "threads", "batch", "train img/s",
                "infer img/s", "GFLOP/s", "%peak", "peak MB");
    std::fflush(stdout);
    for (const ModelSpec& spec : specs)
        for (int t : threadCounts) {
            bench::ModelResult r;
            try {
                r = bench::benchmarkModel(spec, t, options);
            } catch (const std::exception& e) {
                std::cerr << "cnnwb bench: " << (spec.id.empty() ? spec.name : spec.id) << ": " << e.what() << "\n";
                return 1;
            }
            const double p = peak.count(t) ? peak[t] : 0.0;
            const std::string ofPeak = p > 0 ? std::to_string(int(100 * r.trainGflops / p + 0.5)) + "%" : "-";
            std::printf("%-16s %7d %6d %12.0f %12.0f %9.1f %7s %9.0f\n", r.preset.c_str(), t, r.batchSize,
                        r.trainImagesPerSecond, r.inferImagesPerSecond, r.trainGflops, ofPeak.c_str(), r.peakRssMb);
            if (options.perLayer) printLayers(r, p);
            std::fflush(stdout);
            out.push_back(toJson(r, p));
        }

    if (parser.isSet("json")) {
        std::ofstream file(pathArgument(parser.value("json")));
        file << out.dump(2) << "\n";
        if (!file) {
            std::cerr << "cnnwb bench: cannot write " << parser.value("json").toStdString() << "\n";
            return 1;
        }
    }
    return 0;
}

}  // namespace cnnwb::cli
