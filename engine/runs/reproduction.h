// How the figure an experiment's authors reported compares with what was
// measured here: the finished runs of the run library that are the preset
// exactly as published (started from the preset itself, no setting changed),
// in the reported metric's own terms (an error stays an error). Runs with
// any change, other data included, are other experiments and do not count.
#pragma once

#include "run_library.h"

#include <optional>
#include <string>
#include <vector>

namespace cnnwb {

struct MeasuredFigure {
    int runs = 0;       // finished runs of the published recipe
    double mean = 0;    // of their final figure, in the reported metric
    double best = 0;    // highest accuracy, or lowest error
};

// Nothing when no such run exists ("not yet run here").
std::optional<MeasuredFigure> measuredFigure(const std::vector<RunRow>& runs, const std::string& presetId,
                                             const ReportedFigure& reported);

}  // namespace cnnwb
