#include "console_progress.h"

#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <unistd.h>

namespace cnnwb::cli {

namespace {

std::atomic<int> gSignal{0};

// SIGINT (Ctrl-C), SIGTERM (kill, a shutdown) and SIGHUP (the terminal
// closed) all ask for a stop; the handler then steps aside for all three, so
// a second signal ends the process at once.
constexpr int kStopSignals[] = {SIGINT, SIGTERM, SIGHUP};

extern "C" void onInterrupt(int signal) {
    int none = 0;
    gSignal.compare_exchange_strong(none, signal);
    for (int s : kStopSignals) std::signal(s, SIG_DFL);
}

}  // namespace

InterruptWatch::InterruptWatch() {
    gSignal = 0;
    for (int s : kStopSignals) std::signal(s, onInterrupt);
}

InterruptWatch::~InterruptWatch() {
    for (int s : kStopSignals) std::signal(s, SIG_DFL);
}

bool InterruptWatch::interrupted() { return gSignal != 0; }

int InterruptWatch::exitCode() { return gSignal != 0 ? 128 + gSignal : 0; }

ConsoleProgress::ConsoleProgress(bool json, int epochs, TrainingControl* control, bool quiet)
    : json_(json), tty_(::isatty(1)), quiet_(quiet), epochs_(epochs), control_(control) {}

void ConsoleProgress::onBatchEnd(const BatchStats& b) {
    // The trainer's own thread asks itself to stop: a signal handler may only set a flag.
    if (control_ && InterruptWatch::interrupted() && !control_->stopRequested()) {
        control_->requestStop();
        std::fprintf(stderr, "\nStopping after this batch; the run is kept (Ctrl-C again quits at once)...\n");
    }
    if (json_) return;
    const bool last = b.batch == b.batchesPerEpoch;
    if (tty_) {
        const auto now = std::chrono::steady_clock::now();
        if (!last && now - lastDraw_ < std::chrono::milliseconds(100)) return;
        lastDraw_ = now;
        const int width = 30;
        const int filled = int(double(b.batch) / b.batchesPerEpoch * width);
        const double eta = b.elapsedSeconds / (double((b.epoch - 1) * b.batchesPerEpoch + b.batch)) *
                               double(epochs_ * b.batchesPerEpoch) -
                           b.elapsedSeconds;
        std::printf("\repoch %d/%d [%s%s] %d/%d loss %.4f acc %.4f %.0f img/s ETA %s ", b.epoch, epochs_,
                    std::string(filled, '#').c_str(), std::string(width - filled, '.').c_str(), b.batch,
                    b.batchesPerEpoch, b.loss, b.accuracy, b.imagesPerSecond, clock(eta).c_str());
        std::fflush(stdout);
    } else if (!quiet_ && b.batch % std::max(1, b.batchesPerEpoch / 5) == 0 && !last) {
        std::printf("epoch %d/%d batch %d/%d loss %.4f acc %.4f %.0f img/s\n", b.epoch, epochs_, b.batch,
                    b.batchesPerEpoch, b.loss, b.accuracy, b.imagesPerSecond);
        std::fflush(stdout);
    }
}

void ConsoleProgress::onEpochEnd(const EpochStats& e) {
    if (json_) {
        Json j = {{"event", "epoch"}, {"epoch", e.epoch}, {"loss", e.train.loss}, {"accuracy", e.train.accuracy},
                  {"seconds", e.seconds}, {"images_per_second", e.imagesPerSecond}};
        if (e.validation) j["val_loss"] = e.validation->loss, j["val_accuracy"] = e.validation->accuracy;
        if (e.test) j["test_loss"] = e.test->loss, j["test_accuracy"] = e.test->accuracy;
        std::cout << j.dump() << std::endl;
        return;
    }
    if (quiet_) {
        if (tty_ && e.epoch == epochs_) std::printf("\r%*s\r", 110, "");  // the bar goes; the caller sums up
        return;
    }
    if (tty_) std::printf("\n");
    std::printf("epoch %d/%d done: loss %.4f acc %.4f", e.epoch, epochs_, e.train.loss, e.train.accuracy);
    if (e.validation) std::printf(" | val loss %.4f acc %.4f", e.validation->loss, e.validation->accuracy);
    if (e.test) std::printf(" | test loss %.4f acc %.4f", e.test->loss, e.test->accuracy);
    std::printf(" | %.1f s, %.0f img/s\n", e.seconds, e.imagesPerSecond);
    std::fflush(stdout);
}

std::string ConsoleProgress::clock(double seconds) {
    if (!(seconds >= 0)) seconds = 0;
    const long s = long(seconds + 0.5);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
    return buf;
}

void printEpochTable(const History& h) {
    std::printf("\n%5s  %10s %9s  %10s %9s  %10s %9s  %8s\n", "epoch", "loss", "acc", "val_loss", "val_acc",
                "test_loss", "test_acc", "seconds");
    for (const auto& e : h.epochs) {
        auto cell = [](const std::optional<Score>& s, bool acc) {
            char buf[16];
            if (!s) return std::string("-");
            std::snprintf(buf, sizeof buf, "%.4f", acc ? s->accuracy : s->loss);
            return std::string(buf);
        };
        std::printf("%5d  %10.4f %9.4f  %10s %9s  %10s %9s  %8.1f\n", e.epoch, e.train.loss, e.train.accuracy,
                    cell(e.validation, false).c_str(), cell(e.validation, true).c_str(), cell(e.test, false).c_str(),
                    cell(e.test, true).c_str(), e.seconds);
    }
}

}  // namespace cnnwb::cli
