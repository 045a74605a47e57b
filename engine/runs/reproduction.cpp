#include "reproduction.h"

#include <algorithm>

namespace cnnwb {

std::optional<MeasuredFigure> measuredFigure(const std::vector<RunRow>& runs, const std::string& presetId,
                                             const ReportedFigure& reported) {
    const bool error = reported.metric == "test_error";
    const bool validation = reported.metric == "val_accuracy";
    std::vector<double> values;
    for (const RunRow& r : runs) {
        if (presetId.empty() || r.trashed || r.status != run_status::kFinished || r.parent.kind != "preset" ||
            r.parent.id != presetId || r.preset != presetId || !r.changes.empty() || r.epochsDone < r.epochsPlanned)
            continue;
        // A validation figure (E5's was taken on the test set) is its best epoch; test figures the final one.
        const std::optional<double> accuracy =
            validation ? (r.bestValidationAccuracy ? r.bestValidationAccuracy : r.bestTestAccuracy) : r.finalTestAccuracy;
        if (accuracy) values.push_back(error ? 1 - *accuracy : *accuracy);
    }
    if (values.empty()) return std::nullopt;
    MeasuredFigure m;
    m.runs = int(values.size());
    for (double v : values) m.mean += v / double(values.size());
    m.best = error ? *std::min_element(values.begin(), values.end()) : *std::max_element(values.begin(), values.end());
    return m;
}

}  // namespace cnnwb
