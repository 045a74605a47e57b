// `cnnwb lr-find`: the learning-rate range test (engine/lr_range_test.h) on a
// model's data — the loss at each of a sweep of exponentially rising rates,
// a coarse plot of it on the terminal and a suggested rate. Nothing is
// recorded in the run library: it is a measurement before a run.
#include "commands.h"
#include "data_option.h"
#include "path_argument.h"
#include "run_source.h"

#include "engine/json_text.h"
#include "engine/lr_range_test.h"

#include <QCommandLineParser>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>

namespace cnnwb::cli {

namespace {

// The smoothed loss against log rate as rows of text, one per tried rate
// (every k-th when there are many): the shape is what matters.
void printCurve(const LrRangeTest& test) {
    if (test.points.empty()) return;
    double low = test.points.front().smoothedLoss, high = low;
    for (const LrRangePoint& p : test.points) {
        low = std::min(low, p.smoothedLoss);
        high = std::max(high, p.smoothedLoss);
    }
    const std::size_t every = std::max<std::size_t>(1, test.points.size() / 40);
    // The row that stands for the suggested point (rows stand for `every` points each).
    std::size_t suggestedAt = test.points.size();
    for (std::size_t i = 0; i < test.points.size(); ++i)
        if (test.suggestedRate > 0 && test.points[i].rate == test.suggestedRate) suggestedAt = i;
    std::printf("%12s %10s %10s\n", "RATE", "LOSS", "SMOOTHED");
    for (std::size_t i = 0; i < test.points.size(); i += every) {
        const LrRangePoint& p = test.points[i];
        const int bar = high > low ? int(std::lround(40 * (p.smoothedLoss - low) / (high - low))) : 0;
        const bool suggested = i <= suggestedAt && suggestedAt < i + every;
        std::printf("%12.3g %10.4f %10.4f %s%s\n", p.rate, p.loss, p.smoothedLoss, std::string(std::size_t(bar), '#').c_str(),
                    suggested ? "   <- suggested" : "");
    }
}

bool doubleOption(const QCommandLineParser& p, const char* name, double& value) {
    if (!p.isSet(name)) return true;
    bool ok = false;
    value = p.value(name).toDouble(&ok);
    if (!ok) std::cerr << "cnnwb lr-find: --" << name << " must be a number; got '" << p.value(name).toStdString() << "'\n";
    return ok;
}

}  // namespace

int lrFind(const QStringList& args) {
    QCommandLineParser p;
    p.setApplicationDescription(
        "The learning-rate range test: train from the model's first weights with a rate that rises exponentially\n"
        "at every step, from --start to --end, and watch the loss. It is flat while the rate is too small, falls\n"
        "where the rate is useful and explodes when it is too large; the suggestion is where it falls fastest.\n"
        "SOURCE is a preset id, a spec file (.json), a session file (.cnnwb) or a run of the library; its\n"
        "optimizer, batch size, augmentation and seed are used. Nothing is recorded.\n\n"
        "  cnnwb lr-find e3-cnn --steps 100\n"
        "  cnnwb lr-find my-net.json --data-folder ~/photos --end 1");
    p.addPositionalArgument("SOURCE", "The model to test (see above).");
    p.addOptions({{"set", "Change one setting first (repeatable), as for `cnnwb train`.", "PATH=VALUE"},
                  {"start", "The first rate (default 1e-7).", "RATE"},
                  {"end", "The last rate (default 10).", "RATE"},
                  {"steps", "Rates tried, one training step each (default 100).", "N"},
                  {"data", "Folder with the data sets, the only place looked at.", "DIR"},
                  {"data-folder", kDataFolderHelp, "DIR"},
                  {"threads", "Worker threads (default: all cores).", "T"},
                  {"runs", "The run library, for a SOURCE that is a run.", "DIR"},
                  {"json", "Print one JSON object: every point and the suggestion."}});
    p.addHelpOption();
    if (!p.parse(args)) {
        std::cerr << "cnnwb lr-find: " << p.errorText().toStdString() << "\n";
        return 2;
    }
    if (p.isSet("help")) {
        std::cout << p.helpText().toStdString();
        return 0;
    }
    if (p.positionalArguments().size() != 1) {
        std::cerr << "cnnwb lr-find: give exactly one preset id, spec file or run, e.g. `cnnwb lr-find e3-cnn`\n";
        return 2;
    }
    LrRangeTestOptions options;
    double steps = options.steps, threads = 0;
    if (!doubleOption(p, "start", options.startRate) || !doubleOption(p, "end", options.endRate) ||
        !doubleOption(p, "steps", steps) || !doubleOption(p, "threads", threads))
        return 2;
    if (steps != std::floor(steps) || threads != std::floor(threads) || threads < 0 || threads > 4096) {
        std::cerr << "cnnwb lr-find: --steps and --threads must be whole numbers\n";
        return 2;
    }
    options.steps = int(std::clamp(steps, -1.0, 1e6));
    options.threads = int(threads);
    try {
        options.check();
    } catch (const std::exception& e) {
        std::cerr << "cnnwb lr-find: " << e.what() << "\n";
        return 2;
    }
    const bool json = p.isSet("json");
    try {
        RunLibrary library(runLibraryFolder(pathArgument(p.value("runs"))));
        const RunSource source = loadRunSource(pathArgument(p.positionalArguments()[0]), library);
        ModelSpec spec = source.spec;
        applyDataFolderOption(p, spec);
        applySets(spec, p.values("set"));
        TrainingData data = prepareTrainingData(spec.data, dataFolderOption(p), decodingProgress("cnnwb lr-find"));
        reportSkipped("cnnwb lr-find", data);
        if (!json)
            std::printf("%s: %d rates from %g to %g, one batch of %d each, optimizer %s\n", spec.name.c_str(),
                        options.steps, options.startRate, options.endRate, spec.training.batchSize,
                        spec.training.optimizer.value("type", std::string("?")).c_str());
        const LrRangeTest test = runLrRangeTest(spec, std::move(data), options);
        if (json) {
            Json points = Json::array();
            for (const LrRangePoint& pt : test.points)
                points.push_back({{"rate", pt.rate}, {"loss", pt.loss}, {"smoothed_loss", pt.smoothedLoss}});
            Json out = {{"model", spec.name}, {"stopped_because", test.stoppedBecause}, {"points", points},
                        {"lowest_loss_rate", test.lowestLossRate}};
            out["suggested_rate"] = test.suggestedRate > 0 ? Json(test.suggestedRate) : Json(nullptr);
            std::cout << out.dump() << std::endl;
            return 0;
        }
        printCurve(test);
        std::printf("\n%zu rates tried; %s.\n", test.points.size(), test.stoppedBecause.c_str());
        if (test.suggestedRate > 0)
            std::printf("suggested learning rate %.3g (the loss falls fastest there); the lowest loss was at %.3g, "
                        "a tenth of it is %.3g.\nUse it: cnnwb train %s --set training.optimizer.learning_rate=%.3g\n",
                        test.suggestedRate, test.lowestLossRate, test.lowestLossRate / 10,
                        qPrintable(p.positionalArguments()[0]), test.suggestedRate);
        else
            std::printf("no suggestion: the loss never fell over these rates; try a wider range (--start, --end).\n");
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "cnnwb lr-find: " << e.what() << "\n";
        return 1;
    }
}

}  // namespace cnnwb::cli
