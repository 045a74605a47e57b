// Comparing runs: the numbers every comparison view shows, computed once for
// the CLI (`cnnwb runs compare`, `cnnwb sweep`) and the GUI alike.
// - Spread over a seed group (or over a sweep point's repeats): mean, sample
//   standard deviation, min, max, n.
// - Where a published figure lies against the range of our runs.
// - The settings table of several runs: only the paths where they differ.
#pragma once

#include "run_library.h"

#include <optional>
#include <string>
#include <vector>

namespace cnnwb {

struct Spread {
    int n = 0;
    double mean = 0;
    double std = 0;  // sample standard deviation (n − 1); 0 for one value
    double min = 0;
    double max = 0;

    static Spread of(const std::vector<double>& values);
    // "0.9476 ± 0.0013 (n = 8)", with `digits` decimals.
    std::string text(int digits = 4) const;
};

// Where a published figure lies against our runs' range of the same metric.
enum class Verdict { Inside, Above, Below };
Verdict verdictOf(double published, const Spread& ours);
std::string verdictText(Verdict verdict);  // "inside", "above", "below"

// The accuracy a preset's reported figure speaks of, read from a run
// (test_error figures compare with 1 − accuracy): the final test accuracy, or
// the best validation accuracy for "val_accuracy".
std::optional<double> reportedMetricOf(const ReportedFigure& figure, const RunRow& run);
// The published figure as an accuracy (test_error 0.0095 → 0.9905).
double reportedAccuracy(const ReportedFigure& figure);

// A line of the settings table: the setting and its value in each run.
struct SettingRow {
    std::string path;
    std::vector<std::string> values;  // one per run, "" where the setting does not exist
};

// What a seed group is called: the spec's name and the changes of its runs
// other than the seed ("E1 · LeNet 1988 [h1.activation: tanh → relu]").
std::string seedGroupTitle(const RunRow& member);

// Only the settings whose values are not all the same.
std::vector<SettingRow> differingSettings(const std::vector<ModelSpec>& specs);

}  // namespace cnnwb
