// What `cnnwb train` and `cnnwb sweep` print while a run goes on (a redrawn
// bar on a terminal, plain lines otherwise, or one JSON object per epoch),
// the per-epoch table after it, and Ctrl-C (or SIGTERM, SIGHUP): the first
// stops the run after the current batch (it is kept and recorded as
// stopped), a second one quits.
#pragma once

#include "engine/trainer.h"

#include <chrono>
#include <string>

namespace cnnwb::cli {

class ConsoleProgress : public TrainingObserver {
public:
    // `control`: asked to stop when Ctrl-C was pressed (may be null).
    // `quiet`: only the bar on a terminal, no lines per epoch (sweeps).
    ConsoleProgress(bool json, int epochs, TrainingControl* control = nullptr, bool quiet = false);

    void onBatchEnd(const BatchStats& b) override;
    void onEpochEnd(const EpochStats& e) override;

    // "0:01:05".
    static std::string clock(double seconds);

private:
    bool json_, tty_, quiet_;
    int epochs_;
    TrainingControl* control_;
    std::chrono::steady_clock::time_point lastDraw_{};
};

// The history's epochs as a table on stdout.
void printEpochTable(const History& h);

// Ctrl-C, SIGTERM or SIGHUP while installed: the first is remembered
// (interrupted()); the handler then steps aside, so a second one ends the
// process at once.
class InterruptWatch {
public:
    InterruptWatch();
    ~InterruptWatch();
    static bool interrupted();
    // 128 + the signal that asked for the stop, as a shell reports it (130 for Ctrl-C).
    static int exitCode();
};

}  // namespace cnnwb::cli
