// Reads one layer's JSON object (Keras argument names), checking types and
// ranges, and remembering which fields were read so that an unknown field -
// a typo - is reported with the list of known ones.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace cnnwb {

using Json = nlohmann::json;

class LayerArgs {
public:
    // `label` names the layer in messages, e.g. "layer 2 (Conv2D 'h1')".
    LayerArgs(const Json& object, std::string label);

    const std::string& label() const { return label_; }
    bool has(const std::string& key) const;

    int integer(const std::string& key, std::optional<int> fallback, int min, int max);
    // The same for values beyond int (seeds up to 2^32 - 1).
    long long integer64(const std::string& key, std::optional<long long> fallback, long long min, long long max);
    double number(const std::string& key, std::optional<double> fallback, double min, double max);
    bool boolean(const std::string& key, bool fallback);
    std::string string(const std::string& key, std::optional<std::string> fallback);
    std::string choice(const std::string& key, std::optional<std::string> fallback,
                       const std::vector<std::string>& choices);
    // An integer n in [min, max] (meaning n×n) or a list [h, w] of them, like
    // Keras's kernel_size / strides / pool_size.
    std::pair<int, int> pair(const std::string& key, std::optional<std::pair<int, int>> fallback,
                             int min, int max);
    // A list of `count` integers, the i-th in [min, maxima[i]].
    std::vector<int> integerList(const std::string& key, std::size_t count, int min, const std::vector<int>& maxima);

    // Marks a field as known without reading it (e.g. "type").
    void accept(const std::string& key) { known_.insert(key); }
    // Throws SpecError if the object has a field nobody asked for.
    void finish() const;

    [[noreturn]] void fail(const std::string& key, const std::string& expected) const;

private:
    const Json* find(const std::string& key);
    const Json& object_;
    std::string label_;
    std::set<std::string> known_;
};

std::string jsonTypeName(const Json& value);

// "where: part", or "part" when `where` is empty: how messages name a field's place.
std::string within(const std::string& where, const std::string& part);

}  // namespace cnnwb
