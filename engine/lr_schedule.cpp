#include "lr_schedule.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace cnnwb {

const std::vector<std::string>& lrScheduleTypes() {
    static const std::vector<std::string> types{"constant", "step", "cosine", "one_cycle"};
    return types;
}

LrSchedule LrSchedule::fromJson(const Json& object, const std::string& where) {
    LrSchedule s;
    LayerArgs a(object, within(where, "training.lr_schedule"));
    s.type = a.choice("type", s.type, lrScheduleTypes());
    if (s.type == "step") {
        s.dropEvery = a.integer("drop_every", s.dropEvery, 1, 100000);
        s.factor = a.number("factor", s.factor, 1e-6, 1.0);
    } else if (s.type == "cosine") {
        s.alpha = a.number("alpha", s.alpha, 0.0, 1.0);
    } else if (s.type == "one_cycle") {
        s.pctStart = a.number("pct_start", s.pctStart, 0.0, 1.0);
        s.divFactor = a.number("div_factor", s.divFactor, 1.0, 1e6);
        s.finalDivFactor = a.number("final_div_factor", s.finalDivFactor, 1.0, 1e9);
    }
    a.finish();  // a field of another type's is named as unknown, with this type's fields listed
    return s;
}

Json LrSchedule::toJson() const {
    Json j = {{"type", type}};
    if (type == "step") {
        j["drop_every"] = dropEvery;
        j["factor"] = factor;
    } else if (type == "cosine") {
        j["alpha"] = alpha;
    } else if (type == "one_cycle") {
        j["pct_start"] = pctStart;
        j["div_factor"] = divFactor;
        j["final_div_factor"] = finalDivFactor;
    }
    return j;
}

double LrSchedule::rate(double base, long long step, long long stepsPerEpoch, int epochs) const {
    const long long total = std::max(1LL, stepsPerEpoch * std::max(1, epochs));
    step = std::clamp(step, 0LL, total - 1);
    // Halfway down a cosine from 1 to 0 as t goes from 0 to 1.
    auto cosineFall = [](double t) { return 0.5 * (1.0 + std::cos(std::numbers::pi * std::clamp(t, 0.0, 1.0))); };
    if (type == "step") {
        const long long epoch = stepsPerEpoch > 0 ? step / stepsPerEpoch : 0;  // 0-based
        return base * std::pow(factor, double(epoch / dropEvery));
    }
    if (type == "cosine") {
        const double t = total > 1 ? double(step) / double(total - 1) : 0.0;
        return base * (alpha + (1.0 - alpha) * cosineFall(t));
    }
    if (type == "one_cycle") {
        const double first = base / divFactor, last = first / finalDivFactor;
        const double rising = pctStart * double(total - 1);
        if (double(step) <= rising && rising > 0)
            return first + (base - first) * (1.0 - cosineFall(double(step) / rising));
        const double falling = double(total - 1) - rising;
        const double t = falling > 0 ? (double(step) - rising) / falling : 1.0;
        return last + (base - last) * cosineFall(t);
    }
    return base;
}

}  // namespace cnnwb
