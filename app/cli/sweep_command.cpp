// `cnnwb sweep`: an ablation as one command - the cartesian product of the
// --set values, each repeated over seeds, run one after another and recorded
// in the run library; a sweep run again skips what already finished. Every
// value is checked before the first run starts. Ends with the results table.
#include "commands.h"
#include "console_progress.h"
#include "data_option.h"
#include "path_argument.h"
#include "run_source.h"

#include "engine/errors.h"
#include "engine/runs/run_recorder.h"
#include "engine/runs/sweep.h"
#include "engine/setting_path.h"

#include <QCommandLineParser>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>

namespace cnnwb::cli {

namespace {

std::string percent(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%+.2f points", 100 * v);
    return buf;
}

// One row per source and configuration; the change is against the very first row.
void printResults(const std::vector<std::pair<std::string, std::vector<SweepResult>>>& tables) {
    std::printf("\n%-64s %-26s %-26s %s\n", "CONFIGURATION", "FINAL ACCURACY", "BEST VALIDATION", "CHANGE VS FIRST");
    std::optional<double> first;
    for (const auto& [source, results] : tables)
        for (const SweepResult& r : results) {
            std::string settings = tables.size() > 1 ? source + (r.settings == "as given" ? "" : ": " + r.settings) : r.settings;
            if (settings.size() > 64) settings = settings.substr(0, 63) + "…";
            std::optional<double> change;
            if (r.finalMetric.n > 0) {
                if (!first) first = r.finalMetric.mean;
                else change = r.finalMetric.mean - *first;
            }
            std::printf("%-64s %-26s %-26s %s\n", settings.c_str(), r.finalMetric.text().c_str(),
                        r.bestValidation.n ? r.bestValidation.text().c_str() : "-",
                        change ? percent(*change).c_str() : "-");
        }
}

}  // namespace

int sweep(const QStringList& args) {
    QCommandLineParser p;
    p.setApplicationDescription(
        "Run an experiment over the cartesian product of setting values, each repeated over seeds, and show the\n"
        "results with their spread. Every run goes into the run library; running the same sweep again skips the\n"
        "runs that finished (so an interrupted sweep goes on where it stopped).\n\n"
        "  cnnwb sweep e1-lenet1988 --set layers.h1.activation=tanh,relu --repeat 3\n"
        "  cnnwb sweep e1-lenet1988 e1-relu e1-no-h3 e1-crossentropy e1-rbf --repeat 5   (presets as the axis)");
    p.addPositionalArgument("SOURCE...", "Preset ids, spec files (.json), session files (.cnnwb) or runs: each is swept.");
    p.addOptions({{"set", "A setting and its values: PATH=V1,V2,... (repeatable: the product of all).", "PATH=VALUES"},
                  {"repeat", "Seeds per configuration: the spec's seed, +1, +2, ... (default 1).", "N"},
                  {"seeds", "These seeds instead of --repeat.", "S1,S2,..."},
                  {"epochs", "Epochs of every run (default: the spec's).", "N"},
                  {"data", "Folder with the data sets.", "DIR"},
                  {"data-folder", kDataFolderHelp, "DIR"},
                  {"threads", "Worker threads per run (default: all cores).", "T"},
                  {"runs", "The run library folder.", "DIR"},
                  {"max-batches", "At most N batches per epoch (for quick tries).", "N"},
                  {"json", "Print one JSON object per run and the results as JSON."}});
    p.addHelpOption();
    if (!p.parse(args)) {
        std::cerr << "cnnwb sweep: " << p.errorText().toStdString() << "\n";
        return 2;
    }
    if (p.isSet("help")) {
        std::cout << p.helpText().toStdString();
        return 0;
    }
    if (p.positionalArguments().isEmpty()) {
        std::cerr << "cnnwb sweep: give one or more experiments and what to vary, e.g.\n"
                     "  cnnwb sweep e1-lenet1988 --set layers.h1.activation=tanh,relu --repeat 3\n"
                     "  cnnwb sweep e1-lenet1988 e1-relu e1-no-h3 --repeat 5\n";
        return 2;
    }
    auto positive = [&](const char* name, int& value) {
        if (!p.isSet(name)) return true;
        bool ok = false;
        const long long v = p.value(name).toLongLong(&ok);
        if (!ok || v < 1 || v > 1000000) {
            std::cerr << "cnnwb sweep: --" << name << " must be an integer ≥ 1; got '" << p.value(name).toStdString()
                      << "'\n";
            return false;
        }
        value = int(v);
        return true;
    };
    int repeats = 1, epochs = 0;
    TrainerOptions options;
    if (!positive("repeat", repeats) || !positive("epochs", epochs) || !positive("threads", options.threads) ||
        !positive("max-batches", options.maxBatchesPerEpoch))
        return 2;
    std::vector<std::uint32_t> seeds;
    if (p.isSet("seeds")) {
        for (const QString& s : p.value("seeds").split(',')) {
            bool ok = false;
            const qulonglong v = s.trimmed().toULongLong(&ok);
            if (!ok || v > std::uint64_t(kMaxSeed)) {
                std::cerr << "cnnwb sweep: --seeds wants integers from 0 to " << kMaxSeed << " separated by commas; got '"
                          << s.toStdString() << "'\n";
                return 2;
            }
            seeds.push_back(std::uint32_t(v));
        }
    }
    const bool json = p.isSet("json");
    try {
        RunLibrary library(runLibraryFolder(pathArgument(p.value("runs"))));
        std::vector<SweepAxis> axes;
        for (const QString& set : p.values("set")) axes.push_back(SweepAxis::parse(set.toStdString()));
        // Every source and configuration is checked here, before any run starts.
        std::vector<RunSource> sources;
        std::vector<SweepPlan> plans;
        std::size_t total = 0;
        for (const QString& what : p.positionalArguments()) {
            sources.push_back(loadRunSource(pathArgument(what), library));
            ModelSpec base = sources.back().spec;
            applyDataFolderOption(p, base);
            if (epochs > 0) setSetting(base, "training.epochs", epochs);
            plans.push_back(SweepPlan::make(base, axes, repeats, seeds));
            total += plans.back().points.size();
            if (!json)
                std::printf("%s from %s: %d configuration%s × %zu seeds = %zu runs\n", plans.back().id.c_str(),
                            sources.back().description.c_str(), plans.back().configurations,
                            plans.back().configurations == 1 ? "" : "s", plans.back().seeds.size(),
                            plans.back().points.size());
        }
        if (!json) std::printf("%zu runs in all, recorded in %s\n", total, library.folder().c_str());

        std::map<std::string, std::string> done;  // point key → run id
        for (const RunRow& r : library.list())
            if (!r.sweep.empty() && r.status == run_status::kFinished) done[r.sweep] = r.id;

        std::map<std::string, TrainingData> dataCache;  // points often share their data settings
        InterruptWatch interrupts;
        const auto start = std::chrono::steady_clock::now();
        int ran = 0, failed = 0;
        std::size_t counterValue = 0;
        for (std::size_t s = 0; s < plans.size(); ++s) {
            const SweepPlan& plan = plans[s];
            const RunSource& source = sources[s];
            for (const SweepPoint& point : plan.points) {
                ++counterValue;
                const std::string counter = "[" + std::to_string(counterValue) + "/" + std::to_string(total) + "]";
                const std::string label = (plans.size() > 1 ? source.description + ": " : std::string()) + point.label;
                if (auto it = done.find(point.key); it != done.end()) {
                    if (json)
                        std::cout << Json{{"event", "skipped"}, {"point", point.key}, {"run_id", it->second}}.dump()
                                  << std::endl;
                    else
                        std::printf("%s %s: finished before (run %s)\n", counter.c_str(), label.c_str(), it->second.c_str());
                    continue;
                }
                const std::string dataKey = point.spec.data.toJson().dump();
                if (!dataCache.count(dataKey)) {
                    dataCache[dataKey] =
                        prepareTrainingData(point.spec.data, dataFolderOption(p), decodingProgress("cnnwb sweep"));
                    reportSkipped("cnnwb sweep", dataCache[dataKey]);
                }
                Trainer trainer(point.spec, dataCache[dataKey], options);
                TrainingControl control;
                ConsoleProgress progress(json, trainer.epochs(), &control, /*quiet=*/true);
                if (!json) {
                    std::printf("%s %s\n", counter.c_str(), label.c_str());
                    std::fflush(stdout);
                }
                RunMeta meta = runMetaFrom(source.origin, source.spec, point.spec);
                meta.sweep = point.key;
                RunRecorder recorder(library.folder(), trainer, meta, &progress);  // checkpointed every epoch
                recorder.onCheckpointFailed = [](const std::string& what) {
                    std::cerr << "\ncnnwb sweep: a checkpoint could not be written (training goes on): " << what << "\n";
                };
                std::string status = run_status::kFinished;
                try {
                    if (trainer.run(&recorder, &control) == RunEnd::Stopped) status = run_status::kStopped;
                } catch (const TrainingError& e) {
                    status = run_status::failed(e.what());
                    ++failed;
                }
                const Session session = recorder.finish(status);
                const std::string id = session.run.id;
                ++ran;
                const RunRow row = summarizeRun(session);
                if (json) {
                    Json j = row.toJson();
                    j["event"] = "run";
                    j["point"] = point.key;
                    std::cout << j.dump() << std::endl;
                } else {
                    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
                    const std::size_t left = total - counterValue;
                    std::printf("    %s: final test %s, best validation %s, %.1f s; run %s%s\n", status.c_str(),
                                row.finalTestAccuracy ? std::to_string(*row.finalTestAccuracy).substr(0, 6).c_str() : "-",
                                row.bestValidationAccuracy
                                    ? std::to_string(*row.bestValidationAccuracy).substr(0, 6).c_str()
                                    : "-",
                                session.wallSeconds, id.c_str(),
                                left > 0 ? (", about " + ConsoleProgress::clock(elapsed / ran * double(left)) + " to go").c_str()
                                         : "");
                    std::fflush(stdout);
                }
                if (status == run_status::kStopped) {
                    std::fprintf(stderr, "\nSweep interrupted; run the same command again to go on where it stopped.\n");
                    return InterruptWatch::exitCode();
                }
            }
        }
        const std::vector<RunRow> rows = library.list();
        std::vector<std::pair<std::string, std::vector<SweepResult>>> tables;
        for (std::size_t s = 0; s < plans.size(); ++s) tables.emplace_back(sources[s].description, sweepResults(plans[s], rows));
        if (json) {
            Json out = {{"event", "results"}, {"results", Json::array()}};
            for (const auto& [source, results] : tables)
                for (const SweepResult& r : results)
                    out["results"].push_back({{"source", source}, {"configuration", r.settings}, {"finished", r.finished},
                                              {"final_mean", r.finalMetric.mean}, {"final_std", r.finalMetric.std},
                                              {"final_n", r.finalMetric.n}, {"final_min", r.finalMetric.min},
                                              {"final_max", r.finalMetric.max}, {"best_val_mean", r.bestValidation.mean},
                                              {"best_val_std", r.bestValidation.std},
                                              {"change_vs_first", r.changeOfMean ? Json(*r.changeOfMean) : Json()}});
            std::cout << out.dump() << std::endl;
        } else {
            printResults(tables);
        }
        return failed > 0 ? 1 : 0;
    } catch (const std::exception& e) {
        std::cerr << "cnnwb sweep: " << e.what() << "\n";
        return 1;
    }
}

}  // namespace cnnwb::cli
