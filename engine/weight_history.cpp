#include "weight_history.h"

#include "errors.h"
#include "json_text.h"
#include "limits.h"
#include "network.h"

#include <algorithm>
#include <limits>

namespace cnnwb {

WeightHistorySettings WeightHistorySettings::fromJson(const Json& object, const std::string& where) {
    WeightHistorySettings s;
    LayerArgs a(object, where);
    s.everyBatches = a.integer("every_batches", s.everyBatches, 0, 1000000);
    s.maxMegabytes = a.integer("max_megabytes", s.maxMegabytes, 1, kMaxWeightHistoryMegabytes);
    a.finish();
    return s;
}

Json WeightHistorySettings::toJson() const { return {{"every_batches", everyBatches}, {"max_megabytes", maxMegabytes}}; }

namespace {

// The largest interval thinning may reach (a stored history's too): 2^30 steps or epochs.
constexpr std::int64_t kMaxStride = std::int64_t(1) << 30;

// The parameters a history tracks, with their keys, in the network's order.
std::vector<std::pair<std::string, const Tensor*>> filterParams(Network& net) {
    std::vector<std::pair<std::string, const Tensor*>> out;
    for (Layer* l : net.activeLayers())
        for (const Param& p : l->params())
            if (p.role == ParamRole::Filter && p.value) out.emplace_back(l->name() + "/" + p.name, p.value);
    return out;
}

}  // namespace

bool WeightHistory::due(std::int64_t step) const { return batchStride() > 0 && step > 0 && step % batchStride() == 0; }

bool WeightHistory::keeps(const WeightHistoryPoint& p) const {
    if (p.step == 0 && p.epoch == 0) return true;  // before training: what every change is measured from
    if (p.epochEnd) return p.epoch % epochStride_ == 0;
    return due(p.step);
}

std::size_t WeightHistory::snapshotFloats() const {
    std::size_t n = 0;
    for (const Tracked& t : tracked_) n += t.count;
    return n;
}

bool WeightHistory::fits(Network& net) const {
    const auto params = filterParams(net);
    if (params.size() != tracked_.size()) return false;
    for (std::size_t i = 0; i < params.size(); ++i)
        if (params[i].first != tracked_[i].key || params[i].second->size() != tracked_[i].count) return false;
    return true;
}

void WeightHistory::record(Network& net, const WeightHistoryPoint& point) {
    const auto params = filterParams(net);
    std::vector<Tracked> tracked;
    std::vector<float> values;
    for (const auto& [key, tensor] : params) {
        tracked.push_back({key, tensor->size()});
        values.insert(values.end(), tensor->data(), tensor->data() + tensor->size());
    }
    add(point, tracked, std::move(values));
}

void WeightHistory::add(const WeightHistoryPoint& point, const std::vector<Tracked>& tracked, std::vector<float> values) {
    if (tracked.empty()) return;  // a model without convolutions has no filters to follow
    if (points_.empty()) tracked_ = tracked;
    if (tracked != tracked_) throw std::logic_error("weight history: the network's filters changed during a run");
    if (values.size() != snapshotFloats()) throw std::logic_error("weight history: a copy of the wrong size");
    // The epoch's last batch may have been copied already: the same weights, now also the epoch's end.
    if (point.epochEnd && !points_.empty() && points_.back().step == point.step && !points_.back().epochEnd) {
        points_.back().epochEnd = true;
        points_.back().epoch = point.epoch;
        ++revision_;
        return;
    }
    if (!keeps(point)) return;
    if (snapshotBytes() > settings_.budgetBytes()) {
        if (!tooLarge_) ++revision_;
        tooLarge_ = true;
        return;
    }
    while (bytes() + snapshotBytes() > settings_.budgetBytes())
        if (!thin()) return;  // only the weights before training are left, and nothing else fits
    if (!keeps(point)) return;  // thinning may have doubled the interval past this point
    points_.push_back(point);
    values_.push_back(std::move(values));
    ++revision_;
}

bool WeightHistory::thin() {
    const bool inEpoch = std::any_of(points_.begin(), points_.end(),
                                     [](const WeightHistoryPoint& p) { return !p.epochEnd && p.step > 0; });
    if (inEpoch && batchStride() < kMaxStride) batchStride_ = batchStride() * 2;
    else if (!inEpoch && points_.size() > 1 && epochStride_ < kMaxStride) epochStride_ *= 2;
    else return false;
    const std::size_t before = points_.size();
    std::size_t kept = 0;
    for (std::size_t i = 0; i < points_.size(); ++i)
        if (keeps(points_[i])) {
            if (kept != i) {  // a vector moved onto itself would be left empty
                points_[kept] = points_[i];
                values_[kept] = std::move(values_[i]);
            }
            ++kept;
        }
    points_.resize(kept);
    values_.resize(kept);
    ++revision_;
    return kept < before || points_.size() > 1;
}

std::ptrdiff_t WeightHistory::offsetOf(const std::string& key) const {
    std::size_t offset = 0;
    for (const Tracked& t : tracked_) {
        if (t.key == key) return std::ptrdiff_t(offset);
        offset += t.count;
    }
    return -1;
}

std::span<const float> WeightHistory::values(std::size_t index, const std::string& key) const {
    const std::ptrdiff_t offset = offsetOf(key);
    if (offset < 0 || index >= values_.size()) return {};
    for (const Tracked& t : tracked_)
        if (t.key == key) return std::span(values_[index]).subspan(std::size_t(offset), t.count);
    return {};
}

std::vector<float> WeightHistory::change(std::size_t index, const std::string& key) const {
    if (index == 0) return {};
    const auto now = values(index, key);
    const auto before = values(index - 1, key);
    std::vector<float> out(now.size());
    for (std::size_t i = 0; i < now.size(); ++i) out[i] = now[i] - before[i];
    return out;
}

std::vector<float> WeightHistory::trace(const std::string& key, std::size_t element) const {
    std::vector<float> out;
    const std::ptrdiff_t offset = offsetOf(key);
    if (offset < 0) return out;
    for (const auto& v : values_)
        if (std::size_t(offset) + element < v.size()) out.push_back(v[std::size_t(offset) + element]);
    return out;
}

std::string WeightHistory::describe() const {
    if (tooLarge_ && points_.empty())
        return "not kept: one copy of the filters takes " + bytesText(snapshotBytes()) + ", more than the " +
               std::to_string(settings_.maxMegabytes) + " MB limit";
    std::string text = std::to_string(points_.size()) + (points_.size() == 1 ? " copy · " : " copies · ") +
                       bytesText(bytes()) + " of " + std::to_string(settings_.maxMegabytes) + " MB · ";
    if (batchStride() > 0) text += "every " + std::to_string(batchStride()) + " batches and ";
    text += epochStride_ == 1 ? "every epoch end" : "every " + std::to_string(epochStride_) + " epoch ends";
    if (batchStride_ > 0 || epochStride_ > 1) text += " (thinned to stay within the limit)";
    return text;
}

Json WeightHistory::toJson() const {
    Json tracked = Json::array();
    for (const Tracked& t : tracked_) tracked.push_back({{"name", t.key}, {"count", t.count}});
    Json points = Json::array();
    for (const WeightHistoryPoint& p : points_) points.push_back({p.epoch, p.batch, p.step, p.epochEnd});
    return {{"point_columns", {"epoch", "batch", "step", "epoch_end"}},
            {"tracked", tracked},
            {"points", points},
            {"batch_stride", batchStride_},
            {"epoch_stride", epochStride_},
            {"too_large", tooLarge_}};
}

std::pair<std::uint64_t, std::uint64_t> WeightHistory::shapeOf(const Json& j, const std::string& where) {
    const std::string what = where + ": the filter history";
    std::uint64_t floats = 0;
    try {
        for (const Json& t : j.at("tracked")) {
            floats += std::uint64_t(jsonInteger(t.at("count"), 1, std::int64_t(1) << 40, what + ": a parameter size"));
            // Far beyond any file this reads, and far from overflowing: a damaged index stops here.
            if (floats > (std::uint64_t(1) << 50)) throw SpecError(what + " is damaged (its copies would be too large)");
        }
        return {j.at("points").size(), floats};
    } catch (const Json::exception& e) {
        throw SpecError(what + " is damaged (" + e.what() + ")");
    }
}

WeightHistory WeightHistory::fromJson(const Json& j, const WeightHistorySettings& settings,
                                      std::vector<std::vector<float>> values, const std::string& where) {
    const std::string what = where + ": the filter history";
    WeightHistory h(settings);
    try {
        for (const Json& t : j.at("tracked"))
            h.tracked_.push_back({t.at("name").get<std::string>(),
                                  std::size_t(jsonInteger(t.at("count"), 1, std::int64_t(1) << 40, what + ": a parameter size"))});
        const int maxInt = std::numeric_limits<int>::max();
        for (const Json& p : j.at("points"))
            h.points_.push_back({int(jsonInteger(p.at(0), 0, maxInt, what + ": an epoch")),
                                 int(jsonInteger(p.at(1), 0, maxInt, what + ": a batch")),
                                 jsonInteger(p.at(2), 0, INT64_MAX, what + ": a step"), p.at(3).get<bool>()});
        // Thinning doubles these: far beyond any run's steps and epochs, and far from overflowing.
        h.batchStride_ = jsonInteger(j.at("batch_stride"), 0, kMaxStride, what + ": 'batch_stride'");
        h.epochStride_ = int(jsonInteger(j.at("epoch_stride"), 1, kMaxStride, what + ": 'epoch_stride'"));
        h.tooLarge_ = j.at("too_large").get<bool>();
    } catch (const Json::exception& e) {
        throw SpecError(what + " is damaged (" + e.what() + ")");
    }
    if (values.size() != h.points_.size()) throw SpecError(what + " is damaged (its copies do not match its index)");
    for (const auto& v : values)
        if (v.size() != h.snapshotFloats()) throw SpecError(what + " is damaged (a copy of the wrong size)");
    h.values_ = std::move(values);
    h.revision_ = 1;
    return h;
}

}  // namespace cnnwb
