#include "commands.h"
#include "console_progress.h"
#include "data_option.h"
#include "path_argument.h"
#include "run_source.h"

#include "engine/errors.h"
#include "engine/json_text.h"
#include "engine/presets.h"
#include "engine/runs/run_library.h"
#include "engine/runs/run_lock.h"
#include "engine/runs/run_recorder.h"
#include "engine/session_file.h"
#include "engine/setting_path.h"
#include "engine/trainer.h"

#include <QCommandLineParser>
#include <QFile>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <unistd.h>

namespace cnnwb::cli {

int train(const QStringList& args) {
    QCommandLineParser p;
    p.setApplicationDescription(
        "Train a model on its data set, report the scores and record the run in the run library.\n"
        "SOURCE is a preset id, a spec file (.json), a session file (.cnnwb) or a run of the library.");
    p.addPositionalArgument("SOURCE", "What to train (see above).");
    p.addOptions({{"set", "Change one setting first, e.g. layers.h1.activation=relu or training.batch_size=32 "
                          "(repeatable; `cnnwb runs show` and the docs list the paths).", "PATH=VALUE"},
                  {"epochs", "Number of epochs (default: the spec's); with --continue, how many more.", "N"},
                  {"seed", "Random seed for weights, shuffling and dropout (default: the spec's).", "S"},
                  {"continue", "Go on training a stored run (SOURCE a run or .cnnwb) from its weights and optimizer "
                               "state; the curve continues, and the numbers are those of an uninterrupted run."},
                  {"data", "Folder with the data sets, the only place looked at (without it: $CNNWB_DATA, then the user cache).", "DIR"},
                  {"data-folder", kDataFolderHelp, "DIR"},
                  {"threads", "Worker threads (default: all cores).", "T"},
                  {"runs", "The run library (default: $CNNWB_RUNS, then the user data folder).", "DIR"},
                  {"out", "Also write the session to this file when done or stopped.", "RUN.cnnwb"},
                  {"max-batches", "Train on at most N batches per epoch (for quick tries).", "N"},
                  {"json", "Print one JSON object per epoch and a final one."}});
    p.addHelpOption();
    if (!p.parse(args)) {
        std::cerr << "cnnwb train: " << p.errorText().toStdString() << "\n";
        return 2;
    }
    if (p.isSet("help")) {
        std::cout << p.helpText().toStdString();
        return 0;
    }
    if (p.positionalArguments().size() != 1) {
        std::cerr << "cnnwb train: give exactly one preset id, spec file or run, e.g. `cnnwb train e1-lenet1988`\n";
        return 2;
    }
    auto intOption = [&](const char* name, int min, int& value) {
        if (!p.isSet(name)) return true;
        bool ok = false;
        const long long v = p.value(name).toLongLong(&ok);
        if (!ok || v < min || v > 1000000000) {
            std::cerr << "cnnwb train: --" << name << " must be an integer ≥ " << min << "; got '"
                      << p.value(name).toStdString() << "'\n";
            return false;
        }
        value = int(v);
        return true;
    };
    TrainerOptions options;
    int epochs = 0;
    if (!intOption("epochs", 1, epochs) || !intOption("threads", 1, options.threads) ||
        !intOption("max-batches", 1, options.maxBatchesPerEpoch))
        return 2;
    const bool json = p.isSet("json");
    const bool resume = p.isSet("continue");
    bool continueInPlace = false;
    try {
        RunLibrary library(runLibraryFolder(pathArgument(p.value("runs"))));
        const RunSource source = loadRunSource(pathArgument(p.positionalArguments()[0]), library);
        ModelSpec spec = source.spec;
        applyDataFolderOption(p, spec);  // before --set, which may then pick classes or a size
        applySets(spec, p.values("set"));
        if (p.isSet("seed")) {  // the engine's range, as for the spec's own seed
            const std::string raw = p.value("seed").toStdString();
            const std::optional<Json> parsed = parseJsonValue(raw);
            try {
                setSetting(spec, "training.seed", parsed ? *parsed : Json(raw));
            } catch (const SpecError& e) {
                throw SpecError(std::string("--seed: ") + e.what());
            }
        }
        if (resume) {
            if (!source.session)
                throw SpecError("--continue goes on from a stored run: give a run id or a .cnnwb file, not " +
                                source.description);
            const Session& stored = *source.session;
            if (run_status::isFailed(stored.status))
                throw SpecError(source.description + " " + stored.status + "; a failed run's weights are no start");
            const int done = int(stored.history.epochs.size());
            const bool partial = !stored.history.batches.empty() && stored.history.batches.back().epoch > done;
            if (epochs > 0) setSetting(spec, "training.epochs", done + epochs);
            else if (!partial && done >= spec.training.epochs)
                throw SpecError(source.description + " has finished its " + std::to_string(done) +
                                " epochs; give --epochs N to train N more");
            options.seed = stored.seed;
            // A run whose process died (kill, crash, power cut) goes on as itself from its last checkpoint.
            const bool interrupted = stored.status == run_status::kInterrupted ||
                                     (stored.status == run_status::kRunning && !RunLock::isHeld(library.folder(), stored.run.id));
            continueInPlace = source.origin.kind == "run" && interrupted && epochs == 0 && !p.isSet("set") &&
                              !p.isSet("seed");
        } else if (epochs > 0) {
            setSetting(spec, "training.epochs", epochs);
        }
        TrainingData data = prepareTrainingData(spec.data, dataFolderOption(p), decodingProgress("cnnwb train"));
        reportSkipped("cnnwb train", data);
        Trainer trainer(spec, std::move(data), options);
        if (resume) trainer.resumeFrom(*source.session);
        if (!json)
            std::printf("%s: %zu training, %zu validation, %zu test images; %d epochs, batch %d, %d threads%s\n",
                        spec.name.c_str(), trainer.data().train.size(), trainer.data().validation.size(),
                        trainer.data().test.size(), trainer.epochs(), spec.training.batchSize, trainer.threads(),
                        resume ? (", continuing " + source.description).c_str() : "");
        TrainingControl control;
        InterruptWatch interrupts;
        ConsoleProgress progress(json, trainer.epochs(), &control);
        // Recorded now and checkpointed every epoch: a kill loses at most one.
        RunRecorder recorder(library.folder(), trainer,
                             continueInPlace ? source.session->run : runMetaFrom(source.origin, source.spec, spec),
                             &progress);
        recorder.onCheckpointFailed = [](const std::string& what) {
            std::cerr << "\ncnnwb train: a checkpoint could not be written (training goes on): " << what << "\n";
        };
        const auto start = std::chrono::steady_clock::now();
        std::string status = run_status::kFinished;
        int rc = 0;
        try {
            if (trainer.run(&recorder, &control) == RunEnd::Stopped) {
                status = run_status::kStopped;
                rc = InterruptWatch::exitCode();  // 130 for Ctrl-C, 143 for SIGTERM, as a shell reports it
            }
        } catch (const TrainingError& e) {
            std::cerr << "\ncnnwb train: " << e.what() << "\n";
            status = run_status::failed(e.what());
            rc = 1;
        }
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const History& h = trainer.history();
        if (!json) printEpochTable(h);

        Session session = recorder.finish(status);
        const std::string id = session.run.id;

        Json final = {{"event", "final"}, {"preset", spec.id}, {"status", status}, {"epochs", h.epochs.size()},
                      {"seconds", seconds}, {"threads", trainer.threads()}, {"seed", trainer.seed()},
                      {"run_id", id}, {"changes", session.run.changes}};
        // Training throughput over the finished epochs, evaluation excluded.
        double trainSeconds = 0, trainImages = 0;
        for (const auto& e : h.epochs)
            if (e.imagesPerSecond > 0) {
                trainSeconds += double(trainer.data().train.size()) / e.imagesPerSecond;
                trainImages += double(trainer.data().train.size());
            }
        final["images_per_second"] = trainSeconds > 0 ? trainImages / trainSeconds : 0.0;
        if (!h.epochs.empty() && h.epochs.back().test) {
            final["test_accuracy"] = h.epochs.back().test->accuracy;
            final["test_loss"] = h.epochs.back().test->loss;
        }
        if (json) {
            std::cout << final.dump() << std::endl;
        } else {
            if (final.contains("test_accuracy"))
                std::printf("\ntest accuracy %.4f (error %.2f%%) after %zu epochs in %.1f s\n",
                            final["test_accuracy"].get<double>(), 100 * (1 - final["test_accuracy"].get<double>()),
                            h.epochs.size(), seconds);
            std::printf("recorded as run %s (%s) in %s\n", id.c_str(), status.c_str(), library.folder().c_str());
            for (const std::string& c : session.run.changes) std::printf("  changed from %s %s: %s\n",
                                                                         session.run.parent.kind.c_str(),
                                                                         session.run.parent.id.c_str(), c.c_str());
        }
        if (p.isSet("out")) {
            saveSession(session, pathArgument(p.value("out")));
            if (!json) std::printf("session saved to %s\n", qPrintable(p.value("out")));
        }
        return rc;
    } catch (const std::exception& e) {
        std::cerr << "cnnwb train: " << e.what() << "\n";
        return 1;
    }
}

}  // namespace cnnwb::cli
