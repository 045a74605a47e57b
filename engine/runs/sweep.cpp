#include "sweep.h"

#include "../data/md5.h"
#include "../errors.h"
#include "../json_text.h"
#include "../setting_path.h"

#include <map>

namespace cnnwb {

namespace {

// Splits at commas that are not inside brackets, braces or quotes.
std::vector<std::string> splitValues(const std::string& text) {
    std::vector<std::string> parts;
    std::string current;
    int depth = 0;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            current += c;
            if (c == '\\' && i + 1 < text.size()) current += text[++i];
            else if (c == '"') quoted = false;
            continue;
        }
        if (c == '"') quoted = true;
        if (c == '[' || c == '{') ++depth;
        if (c == ']' || c == '}') --depth;
        if (c == ',' && depth == 0) {
            parts.push_back(current);
            current.clear();
            continue;
        }
        current += c;
    }
    parts.push_back(current);
    return parts;
}

std::string trimmed(const std::string& s) {
    const auto b = s.find_first_not_of(" \t");
    const auto e = s.find_last_not_of(" \t");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

}  // namespace

SweepAxis SweepAxis::parse(const std::string& text) {
    const auto equals = text.find('=');
    if (equals == std::string::npos || equals == 0)
        throw SpecError("--set '" + text + "': write PATH=VALUE[,VALUE...], e.g. layers.h1.activation=tanh,relu");
    SweepAxis axis;
    axis.path = trimmed(text.substr(0, equals));
    for (const std::string& part : splitValues(text.substr(equals + 1))) {
        const std::string v = trimmed(part);
        if (v.empty()) throw SpecError("--set '" + text + "': an empty value; separate values with commas");
        const std::optional<Json> value = parseJsonValue(v);
        axis.values.push_back(value ? *value : Json(v));
    }
    return axis;
}

std::string SweepPlan::configurationText(int configuration) const {
    std::string text;
    int rest = configuration;
    // The last axis varies fastest.
    std::vector<std::string> parts(axes.size());
    for (int a = int(axes.size()) - 1; a >= 0; --a) {
        const auto& values = axes[std::size_t(a)].values;
        const int i = rest % int(values.size());
        rest /= int(values.size());
        parts[std::size_t(a)] = axes[std::size_t(a)].path + "=" + settingText(values[std::size_t(i)]);
    }
    for (const std::string& p : parts) text += (text.empty() ? "" : ", ") + p;
    return text.empty() ? "as given" : text;
}

SweepPlan SweepPlan::make(const ModelSpec& base, const std::vector<SweepAxis>& axes, int repeats,
                          const std::vector<std::uint32_t>& seeds) {
    SweepPlan plan;
    plan.axes = axes;
    std::map<std::string, int> seen;
    for (const SweepAxis& a : axes) {
        if (a.path == "training.seed")
            throw SpecError("--set training.seed: vary the seed with --repeat N or --seeds S1,S2,...");
        if (seen[a.path]++) throw SpecError("--set " + a.path + " is given twice; list all its values in one --set");
        try {
            (void)settingValue(base, a.path);  // an unknown path is refused here, listing the known names
        } catch (const SpecError& e) {
            throw SpecError("--set " + a.path + ": " + e.what());
        }
    }
    if (!seeds.empty()) {
        plan.seeds = seeds;
    } else {
        if (repeats < 1) throw SpecError("--repeat must be at least 1");
        for (int r = 0; r < repeats; ++r) plan.seeds.push_back(base.training.seed + std::uint32_t(r));
    }
    plan.configurations = 1;
    for (const SweepAxis& a : axes) plan.configurations *= int(a.values.size());

    Json identity = {{"spec", base.toJson()}, {"seeds", plan.seeds}};
    for (const SweepAxis& a : axes) identity["axes"].push_back({a.path, a.values});
    const std::string text = identity.dump();
    plan.id = "sweep-" + md5Hex(text.data(), text.size()).substr(0, 10);

    for (int c = 0; c < plan.configurations; ++c) {
        std::vector<std::pair<std::string, Json>> settings;
        int rest = c;
        for (int a = int(axes.size()) - 1; a >= 0; --a) {
            const auto& values = axes[std::size_t(a)].values;
            settings.insert(settings.begin(), {axes[std::size_t(a)].path, values[std::size_t(rest % int(values.size()))]});
            rest /= int(values.size());
        }
        ModelSpec spec = base;
        for (const auto& [path, value] : settings) {
            try {
                setSetting(spec, path, value);
            } catch (const SpecError& e) {
                throw SpecError("--set " + path + "=" + settingText(value) + ": " + e.what());
            }
        }
        for (std::size_t r = 0; r < plan.seeds.size(); ++r) {
            SweepPoint p;
            p.configuration = c;
            p.repeat = int(r);
            p.settings = settings;
            p.spec = spec;
            p.spec.training.seed = plan.seeds[r];
            p.key = plan.id + "/c" + std::to_string(c) + "/r" + std::to_string(r);
            p.label = plan.configurationText(c) + ", seed " + std::to_string(plan.seeds[r]);
            plan.points.push_back(std::move(p));
        }
    }
    return plan;
}

std::vector<SweepResult> sweepResults(const SweepPlan& plan, const std::vector<RunRow>& runs) {
    std::map<std::string, const RunRow*> byKey;
    for (const RunRow& r : runs)
        if (!r.sweep.empty() && r.status == run_status::kFinished) byKey[r.sweep] = &r;
    std::vector<SweepResult> results;
    for (int c = 0; c < plan.configurations; ++c) {
        std::vector<double> finals, bests;
        int finished = 0;
        for (const SweepPoint& p : plan.points) {
            if (p.configuration != c) continue;
            const auto it = byKey.find(p.key);
            if (it == byKey.end()) continue;
            ++finished;
            const RunRow& r = *it->second;
            if (r.finalTestAccuracy) finals.push_back(*r.finalTestAccuracy);
            else if (r.finalValidationAccuracy) finals.push_back(*r.finalValidationAccuracy);
            if (r.bestValidationAccuracy) bests.push_back(*r.bestValidationAccuracy);
        }
        SweepResult row;
        row.configuration = c;
        row.settings = plan.configurationText(c);
        row.finalMetric = Spread::of(finals);
        row.bestValidation = Spread::of(bests);
        row.finished = finished;
        if (!results.empty() && results.front().finalMetric.n > 0 && row.finalMetric.n > 0)
            row.changeOfMean = row.finalMetric.mean - results.front().finalMetric.mean;
        results.push_back(std::move(row));
    }
    return results;
}

}  // namespace cnnwb
