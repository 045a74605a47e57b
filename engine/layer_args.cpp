#include "layer_args.h"

#include "errors.h"

#include <cmath>
#include <cstdio>
#include <limits>

namespace cnnwb {

std::string jsonTypeName(const Json& v) {
    if (v.is_null()) return "null";
    if (v.is_boolean()) return "a boolean";
    if (v.is_number_integer() || v.is_number_unsigned()) return "the integer " + v.dump();
    if (v.is_number()) return "the number " + v.dump();
    if (v.is_string()) return "the string " + v.dump();
    if (v.is_array()) return "a list";
    return "an object";
}

std::string within(const std::string& where, const std::string& part) {
    return where.empty() ? part : where + ": " + part;
}

LayerArgs::LayerArgs(const Json& object, std::string label) : object_(object), label_(std::move(label)) {
    if (!object_.is_object()) throw SpecError(within(label_, "expected a JSON object, got " + jsonTypeName(object_)));
}

bool LayerArgs::has(const std::string& key) const { return object_.contains(key); }

const Json* LayerArgs::find(const std::string& key) {
    known_.insert(key);
    auto it = object_.find(key);
    return it == object_.end() ? nullptr : &*it;
}

void LayerArgs::fail(const std::string& key, const std::string& expected) const {
    auto it = object_.find(key);
    std::string got = it == object_.end() ? "it is missing" : "got " + jsonTypeName(*it);
    throw SpecError(within(label_, "field '" + key + "' must be " + expected + "; " + got));
}

static bool isInteger(const Json& v, double limit = 1e9) {
    if (v.is_number_integer() || v.is_number_unsigned()) return true;
    if (v.is_number_float()) {
        double d = v.get<double>();
        return std::isfinite(d) && d == std::floor(d) && std::abs(d) < limit;
    }
    return false;
}

static std::string rangeText(const char* what, double min, double max) {
    auto fmt = [](double x) {
        if (x == std::floor(x) && std::abs(x) < 1e15) return std::to_string((long long)x);
        char text[32];  // shortest form: 0.99, 1e-12 (never "0.000000" for a tiny bound)
        std::snprintf(text, sizeof text, "%.6g", x);
        return std::string(text);
    };
    bool noMax = max == double(std::numeric_limits<int>::max()) || max >= 1e15;
    if (noMax) return std::string(what) + " ≥ " + fmt(min);
    return std::string(what) + " from " + fmt(min) + " to " + fmt(max);
}

int LayerArgs::integer(const std::string& key, std::optional<int> fallback, int min, int max) {
    const Json* v = find(key);
    std::string expected = rangeText("an integer", min, max);
    if (!v) {
        if (fallback) return *fallback;
        fail(key, expected);
    }
    if (!isInteger(*v)) fail(key, expected);
    double d = v->get<double>();
    if (d < min || d > max) fail(key, expected);
    return int(d);
}

long long LayerArgs::integer64(const std::string& key, std::optional<long long> fallback, long long min,
                              long long max) {
    const Json* v = find(key);
    std::string expected = rangeText("an integer", double(min), double(max));
    if (!v) {
        if (fallback) return *fallback;
        fail(key, expected);
    }
    if (!isInteger(*v, 1e18)) fail(key, expected);
    const double d = v->get<double>();
    if (d < double(min) || d > double(max)) fail(key, expected);
    return v->is_number_float() ? (long long)d : v->is_number_unsigned() ? (long long)v->get<unsigned long long>()
                                                                          : v->get<long long>();
}

double LayerArgs::number(const std::string& key, std::optional<double> fallback, double min, double max) {
    const Json* v = find(key);
    std::string expected = rangeText("a number", min, max);
    if (!v) {
        if (fallback) return *fallback;
        fail(key, expected);
    }
    if (!v->is_number()) fail(key, expected);
    double d = v->get<double>();
    if (!std::isfinite(d) || d < min || d > max) fail(key, expected);
    return d;
}

bool LayerArgs::boolean(const std::string& key, bool fallback) {
    const Json* v = find(key);
    if (!v) return fallback;
    if (!v->is_boolean()) fail(key, "true or false");
    return v->get<bool>();
}

std::string LayerArgs::string(const std::string& key, std::optional<std::string> fallback) {
    const Json* v = find(key);
    if (!v) {
        if (fallback) return *fallback;
        fail(key, "a string");
    }
    if (!v->is_string()) fail(key, "a string");
    return v->get<std::string>();
}

std::string LayerArgs::choice(const std::string& key, std::optional<std::string> fallback,
                              const std::vector<std::string>& choices) {
    std::string list;
    for (const auto& c : choices) list += (list.empty() ? "" : ", ") + ("'" + c + "'");
    const Json* v = find(key);
    if (!v) {
        if (fallback) return *fallback;
        fail(key, "one of " + list);
    }
    if (v->is_string())
        for (const auto& c : choices)
            if (c == v->get<std::string>()) return c;
    fail(key, "one of " + list);
}

std::pair<int, int> LayerArgs::pair(const std::string& key, std::optional<std::pair<int, int>> fallback,
                                    int min, int max) {
    const Json* v = find(key);
    std::string expected = rangeText("an integer", min, max) + " or a list of two such integers [height, width]";
    if (!v) {
        if (fallback) return *fallback;
        fail(key, expected);
    }
    auto ok = [&](const Json& x) { return isInteger(x) && x.get<double>() >= min && x.get<double>() <= max; };
    if (ok(*v)) return {int(v->get<double>()), int(v->get<double>())};
    if (v->is_array() && v->size() == 2 && ok((*v)[0]) && ok((*v)[1]))
        return {int((*v)[0].get<double>()), int((*v)[1].get<double>())};
    fail(key, expected);
}

std::vector<int> LayerArgs::integerList(const std::string& key, std::size_t count, int min,
                                        const std::vector<int>& maxima) {
    const Json* v = find(key);
    std::string expected = "a list of " + std::to_string(count) + " integers";
    for (std::size_t i = 0; i < count && i < maxima.size(); ++i)
        expected += std::string(i == 0 ? " (" : ", ") + std::to_string(min) + ".." + std::to_string(maxima[i]);
    if (count > 0 && !maxima.empty()) expected += ")";
    if (!v || !v->is_array() || v->size() != count) fail(key, expected);
    std::vector<int> out;
    for (std::size_t i = 0; i < count; ++i) {
        const Json& x = (*v)[i];
        const double most = i < maxima.size() ? maxima[i] : std::numeric_limits<int>::max();
        if (!isInteger(x) || x.get<double>() < min || x.get<double>() > most) fail(key, expected);
        out.push_back(int(x.get<double>()));
    }
    return out;
}

void LayerArgs::finish() const {
    for (auto it = object_.begin(); it != object_.end(); ++it) {
        if (known_.count(it.key())) continue;
        std::string list;
        for (const auto& k : known_) list += (list.empty() ? "" : ", ") + k;
        throw SpecError(within(label_, "unknown field '" + it.key() + "'; known fields are: " + list));
    }
}

}  // namespace cnnwb
