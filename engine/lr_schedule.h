// Learning-rate schedules: the rate of every training step, from the
// optimizer's learning_rate (the base), the step's place in the run and the
// schedule's settings. A pure function of those, so a resumed run and any
// thread count give the same rates.
//
//   constant    the base rate throughout
//   step        × factor every drop_every epochs (Keras' step-decay callback, PyTorch StepLR)
//   cosine      half a cosine from the base down to alpha × base over the run (Keras CosineDecay)
//   one_cycle   up from base / div_factor to the base over the first pct_start of the steps,
//               then down along a cosine to base / (div_factor × final_div_factor) (PyTorch OneCycleLR)
#pragma once

#include "layer_args.h"

#include <string>
#include <vector>

namespace cnnwb {

struct LrSchedule {
    std::string type = "constant";  // one of lrScheduleTypes()
    int dropEvery = 10;             // step: epochs between drops
    double factor = 0.1;            // step: multiplier at each drop
    double alpha = 0.0;             // cosine: the last rate as a fraction of the base
    double pctStart = 0.3;          // one_cycle: share of the steps spent rising
    double divFactor = 25;          // one_cycle: the first rate is base / div_factor
    double finalDivFactor = 1e4;    // one_cycle: the last is the first / final_div_factor

    // {"type": "cosine", "alpha": 0.0}: only the fields of its type, checked.
    static LrSchedule fromJson(const Json& object, const std::string& where);
    Json toJson() const;  // the type and its own fields
    bool isConstant() const { return type == "constant"; }
    bool operator==(const LrSchedule&) const = default;

    // The rate of step `step` (0-based, counted over the whole run) of a run
    // of `epochs` epochs of `stepsPerEpoch` steps, for base rate `base`.
    double rate(double base, long long step, long long stepsPerEpoch, int epochs) const;
};

const std::vector<std::string>& lrScheduleTypes();

}  // namespace cnnwb
