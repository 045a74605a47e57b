#include "commands.h"

#include "engine/errors.h"
#include "engine/presets.h"
#include "engine/session_file.h"
#include "engine/trainer.h"

#include <QCommandLineParser>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <unistd.h>

namespace cnnwb::cli {

namespace {

// Shows progress: a redrawn bar on a terminal, plain lines otherwise, or one
// JSON object per epoch.
class ConsoleProgress : public TrainingObserver {
public:
    ConsoleProgress(bool json, int epochs) : json_(json), tty_(::isatty(1)), epochs_(epochs) {}

    void onBatchEnd(const BatchStats& b) override {
        if (json_) return;
        const bool last = b.batch == b.batchesPerEpoch;
        if (tty_) {
            const auto now = std::chrono::steady_clock::now();
            if (!last && now - lastDraw_ < std::chrono::milliseconds(100)) return;
            lastDraw_ = now;
            const int width = 30;
            const int filled = int(double(b.batch) / b.batchesPerEpoch * width);
            const double eta = b.elapsedSeconds / (double((b.epoch - 1) * b.batchesPerEpoch + b.batch)) *
                               double(epochs_ * b.batchesPerEpoch) - b.elapsedSeconds;
            std::printf("\repoch %d/%d [%s%s] %d/%d loss %.4f acc %.4f %.0f img/s ETA %s ", b.epoch, epochs_,
                        std::string(filled, '#').c_str(), std::string(width - filled, '.').c_str(), b.batch,
                        b.batchesPerEpoch, b.loss, b.accuracy, b.imagesPerSecond, clock(eta).c_str());
            std::fflush(stdout);
        } else if (b.batch % std::max(1, b.batchesPerEpoch / 5) == 0 && !last) {
            std::printf("epoch %d/%d batch %d/%d loss %.4f acc %.4f %.0f img/s\n", b.epoch, epochs_, b.batch,
                        b.batchesPerEpoch, b.loss, b.accuracy, b.imagesPerSecond);
            std::fflush(stdout);
        }
    }

    void onEpochEnd(const EpochStats& e) override {
        if (json_) {
            Json j = {{"event", "epoch"}, {"epoch", e.epoch}, {"loss", e.train.loss}, {"accuracy", e.train.accuracy},
                      {"seconds", e.seconds}, {"images_per_second", e.imagesPerSecond}};
            if (e.validation) j["val_loss"] = e.validation->loss, j["val_accuracy"] = e.validation->accuracy;
            if (e.test) j["test_loss"] = e.test->loss, j["test_accuracy"] = e.test->accuracy;
            std::cout << j.dump() << std::endl;
            return;
        }
        if (tty_) std::printf("\n");
        std::printf("epoch %d/%d done: loss %.4f acc %.4f", e.epoch, epochs_, e.train.loss, e.train.accuracy);
        if (e.validation) std::printf(" | val loss %.4f acc %.4f", e.validation->loss, e.validation->accuracy);
        if (e.test) std::printf(" | test loss %.4f acc %.4f", e.test->loss, e.test->accuracy);
        std::printf(" | %.1f s, %.0f img/s\n", e.seconds, e.imagesPerSecond);
        std::fflush(stdout);
    }

    static std::string clock(double seconds) {
        if (!(seconds >= 0)) seconds = 0;
        const long s = long(seconds + 0.5);
        char buf[32];
        std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
        return buf;
    }

private:
    bool json_, tty_;
    int epochs_;
    std::chrono::steady_clock::time_point lastDraw_{};
};

void printTable(const History& h) {
    std::printf("\n%5s  %10s %9s  %10s %9s  %10s %9s  %8s\n", "epoch", "loss", "acc", "val_loss", "val_acc",
                "test_loss", "test_acc", "seconds");
    for (const auto& e : h.epochs) {
        auto cell = [](const std::optional<Score>& s, bool acc) {
            char buf[16];
            if (!s) return std::string("-");
            std::snprintf(buf, sizeof buf, acc ? "%.4f" : "%.4f", acc ? s->accuracy : s->loss);
            return std::string(buf);
        };
        std::printf("%5d  %10.4f %9.4f  %10s %9s  %10s %9s  %8.1f\n", e.epoch, e.train.loss, e.train.accuracy,
                    cell(e.validation, false).c_str(), cell(e.validation, true).c_str(), cell(e.test, false).c_str(),
                    cell(e.test, true).c_str(), e.seconds);
    }
}

}  // namespace

int train(const QStringList& args) {
    QCommandLineParser p;
    p.setApplicationDescription("Train a model on its data set and report the scores.");
    p.addPositionalArgument("SPEC_OR_PRESET", "A preset id (see `cnnwb presets`) or a model spec file (.json).");
    p.addOptions({{"data", "Folder with the data sets (default: $CNNWB_DATA, then the user cache).", "DIR"},
                  {"epochs", "Number of epochs (default: the spec's).", "N"},
                  {"threads", "Worker threads (default: all cores).", "T"},
                  {"seed", "Random seed for weights, shuffling and dropout (default: the spec's).", "S"},
                  {"out", "Write a session file (spec, weights, history) when done or stopped.", "RUN.cnnwb"},
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
        std::cerr << "cnnwb train: give exactly one preset id or spec file, e.g. `cnnwb train e1-lenet1988`\n";
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
    int seed = -1;
    if (!intOption("epochs", 1, options.epochs) || !intOption("threads", 1, options.threads) ||
        !intOption("seed", 0, seed) || !intOption("max-batches", 1, options.maxBatchesPerEpoch))
        return 2;
    if (seed >= 0) options.seed = std::uint32_t(seed);
    const bool json = p.isSet("json");
    try {
        const ModelSpec spec = loadSpecOrPreset(p.positionalArguments()[0].toStdString());
        TrainingData data = prepareTrainingData(spec.data, p.value("data").toStdString());
        Trainer trainer(spec, std::move(data), options);
        if (!json)
            std::printf("%s: %zu training, %zu validation, %zu test images; %d epochs, batch %d, %d threads\n",
                        spec.name.c_str(), trainer.data().train.size(), trainer.data().validation.size(),
                        trainer.data().test.size(), trainer.epochs(), spec.training.batchSize, trainer.threads());
        ConsoleProgress progress(json, trainer.epochs());
        const auto start = std::chrono::steady_clock::now();
        std::string status = run_status::kFinished;
        int rc = 0;
        try {
            trainer.run(&progress);
        } catch (const TrainingError& e) {
            std::cerr << "\ncnnwb train: " << e.what() << "\n";
            status = run_status::failed(e.what());
            rc = 1;
        }
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const History& h = trainer.history();
        if (!json) printTable(h);
        Json final = {{"event", "final"}, {"preset", spec.id}, {"status", status}, {"epochs", h.epochs.size()},
                      {"seconds", seconds}, {"threads", trainer.threads()}, {"seed", trainer.seed()}};
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
        if (json)
            std::cout << final.dump() << std::endl;
        else if (final.contains("test_accuracy"))
            std::printf("\ntest accuracy %.4f (error %.2f%%) after %zu epochs in %.1f s\n",
                        final["test_accuracy"].get<double>(), 100 * (1 - final["test_accuracy"].get<double>()),
                        h.epochs.size(), seconds);
        if (p.isSet("out")) {
            saveSession(captureSession(trainer, status), p.value("out").toStdString());
            if (!json) std::printf("session saved to %s\n", qPrintable(p.value("out")));
        }
        return rc;
    } catch (const std::exception& e) {
        std::cerr << "cnnwb train: " << e.what() << "\n";
        return 1;
    }
}

int evaluate(const QStringList& args) {
    QCommandLineParser p;
    p.setApplicationDescription("Re-score a saved session's weights on the test set.");
    p.addPositionalArgument("RUN.cnnwb", "A session file written by `cnnwb train --out` or the app.");
    p.addOptions({{"data", "Folder with the data sets.", "DIR"}, {"json", "Print one JSON object."}});
    p.addHelpOption();
    if (!p.parse(args) || p.positionalArguments().size() != 1) {
        std::cerr << "cnnwb evaluate: give one session file, e.g. `cnnwb evaluate run.cnnwb`\n";
        return 2;
    }
    try {
        const Session s = loadSession(p.positionalArguments()[0].toStdString());
        TrainingData data = prepareTrainingData(s.spec.data, p.value("data").toStdString());
        Trainer trainer(s.spec, std::move(data), {.seed = s.seed});
        restoreWeights(s, trainer.network());
        const Score score = trainer.evaluate(trainer.data().test);
        if (p.isSet("json"))
            std::cout << Json{{"test_accuracy", score.accuracy}, {"test_loss", score.loss},
                              {"test_images", trainer.data().test.size()}}.dump() << std::endl;
        else
            std::printf("%s: test accuracy %.4f, loss %.4f on %zu images\n", s.spec.name.c_str(), score.accuracy,
                        score.loss, trainer.data().test.size());
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "cnnwb evaluate: " << e.what() << "\n";
        return 1;
    }
}

}  // namespace cnnwb::cli
