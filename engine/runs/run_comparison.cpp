#include "run_comparison.h"

#include "../setting_path.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

namespace cnnwb {

Spread Spread::of(const std::vector<double>& values) {
    Spread s;
    s.n = int(values.size());
    if (values.empty()) return s;
    double sum = 0;
    for (double v : values) sum += v;
    s.mean = sum / double(s.n);
    double squares = 0;
    for (double v : values) squares += (v - s.mean) * (v - s.mean);
    s.std = s.n > 1 ? std::sqrt(squares / double(s.n - 1)) : 0.0;
    s.min = *std::min_element(values.begin(), values.end());
    s.max = *std::max_element(values.begin(), values.end());
    return s;
}

std::string Spread::text(int digits) const {
    if (n == 0) return "-";
    char buf[96];
    if (n == 1) std::snprintf(buf, sizeof buf, "%.*f (n = 1)", digits, mean);
    else std::snprintf(buf, sizeof buf, "%.*f ± %.*f (n = %d)", digits, mean, digits, std, n);
    return buf;
}

Verdict verdictOf(double published, const Spread& ours) {
    if (published > ours.max) return Verdict::Above;
    if (published < ours.min) return Verdict::Below;
    return Verdict::Inside;
}

std::string verdictText(Verdict verdict) {
    switch (verdict) {
    case Verdict::Inside: return "inside";
    case Verdict::Above: return "above";
    case Verdict::Below: return "below";
    }
    return "";
}

double reportedAccuracy(const ReportedFigure& figure) {
    return figure.metric == "test_error" ? 1.0 - figure.value : figure.value;
}

std::optional<double> reportedMetricOf(const ReportedFigure& figure, const RunRow& run) {
    if (figure.metric == "val_accuracy") return run.bestValidationAccuracy;
    // The E4 author reports the test error at the epoch of best validation.
    if (figure.metric == "test_error" && run.testAtBestValidation) return run.testAtBestValidation;
    return run.finalTestAccuracy;
}

std::string seedGroupTitle(const RunRow& member) {
    std::string changes;
    for (const std::string& c : member.changes)
        if (c.rfind("training.seed:", 0) != 0) changes += (changes.empty() ? "" : "; ") + c;
    const std::string name = member.specName.empty() ? member.preset : member.specName;
    return changes.empty() ? name : name + " [" + changes + "]";
}

std::vector<SettingRow> differingSettings(const std::vector<ModelSpec>& specs) {
    std::vector<std::string> paths;
    std::set<std::string> seen;
    std::vector<std::vector<std::pair<std::string, Json>>> values;
    for (const ModelSpec& spec : specs) {
        std::vector<std::pair<std::string, Json>> pairs;
        for (const std::string& p : settingPaths(spec)) {
            pairs.emplace_back(p, settingValue(spec, p));
            if (seen.insert(p).second) paths.push_back(p);
        }
        values.push_back(std::move(pairs));
    }
    std::vector<SettingRow> rows;
    for (const std::string& path : paths) {
        SettingRow row{path, {}};
        for (const auto& pairs : values) {
            auto it = std::find_if(pairs.begin(), pairs.end(), [&](const auto& p) { return p.first == path; });
            row.values.push_back(it == pairs.end() ? std::string() : settingText(it->second));
        }
        if (std::adjacent_find(row.values.begin(), row.values.end(), std::not_equal_to<>()) != row.values.end())
            rows.push_back(std::move(row));
    }
    return rows;
}

}  // namespace cnnwb
