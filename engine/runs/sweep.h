// A sweep: the same experiment with one or more settings varied, each
// combination repeated over seeds, as one plan. Every value is checked with
// the spec loader before any run starts (a bad path or value is refused with
// its message). Each point has a key that names it in the run library, so a
// sweep run again skips the points that already finished (resumable).
//
//   --set layers.h1.activation=tanh,relu --set layers.h3.enabled=true,false --repeat 3
//   → 2 × 2 configurations × 3 seeds = 12 runs
#pragma once

#include "run_comparison.h"

#include <string>
#include <utility>
#include <vector>

namespace cnnwb {

// One varied setting and its values.
struct SweepAxis {
    std::string path;
    std::vector<Json> values;

    // "layers.h1.activation=tanh,relu" (values are JSON where they parse as
    // JSON, else text; commas inside [...] or quotes do not split).
    static SweepAxis parse(const std::string& text);
};

struct SweepPoint {
    int configuration = 0;  // 0-based index into the cartesian product
    int repeat = 0;         // 0-based
    std::vector<std::pair<std::string, Json>> settings;  // path → value, the seed excluded
    ModelSpec spec;         // the base spec with these settings and the repeat's seed
    std::string key;        // "<sweep id>/c<configuration>/r<repeat>"
    std::string label;      // "layers.h1.activation=relu, seed 2"
};

struct SweepPlan {
    std::string id;  // from the base spec, the axes and the seeds: the same sweep gets the same id
    std::vector<SweepAxis> axes;
    std::vector<std::uint32_t> seeds;
    std::vector<SweepPoint> points;  // configuration-major: every seed of configuration 0 first
    int configurations = 0;

    // Seeds: `seeds` when given, else `repeats` seeds from the spec's own
    // (s, s+1, ...). Throws SpecError for an unknown path or a bad value,
    // naming it with the spec loader's message.
    static SweepPlan make(const ModelSpec& base, const std::vector<SweepAxis>& axes, int repeats,
                          const std::vector<std::uint32_t>& seeds = {});
    // "layers.h1.activation=relu, layers.h3.enabled=false" for a configuration.
    std::string configurationText(int configuration) const;
};

// One row of a sweep's results: a configuration over its repeats.
struct SweepResult {
    int configuration = 0;
    std::string settings;           // configurationText
    Spread finalMetric;             // final test accuracy (validation when there is no test)
    Spread bestValidation;          // best validation accuracy, when there is a validation set
    std::optional<double> changeOfMean;  // finalMetric.mean − that of configuration 0
    int finished = 0;               // repeats that finished
};

// Results from the library's rows of the sweep (matched by point key).
std::vector<SweepResult> sweepResults(const SweepPlan& plan, const std::vector<RunRow>& runs);

}  // namespace cnnwb
