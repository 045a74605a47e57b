// Filters through time: copies of every convolution kernel (the parameters
// whose role is ParamRole::Filter) taken as a run trains — before the first
// step, every `every_batches` steps and at the end of every epoch — so the
// filter view can scrub through them, show what changed between two, and
// plot one weight over the whole run. Kept in the session file and so in the
// run library.
//
// Memory is bounded: when the next copy would pass the limit, the history
// thins itself — every other in-epoch copy goes (the interval doubles), and
// once only epoch ends are left, every other epoch end — so a long run keeps
// an even spread from start to end. Which copies stay is a function of their
// step numbers only, so a resumed run keeps the same copies as an
// uninterrupted one.
#pragma once

#include "layer_args.h"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace cnnwb {

class Network;

struct WeightHistorySettings {
    int everyBatches = 100;  // a copy every this many steps, besides the epoch ends; 0: epoch ends only
    int maxMegabytes = 16;   // the most the copies may take, in MiB (1 .. kMaxWeightHistoryMegabytes)

    std::uint64_t budgetBytes() const { return std::uint64_t(maxMegabytes) << 20; }
    static WeightHistorySettings fromJson(const Json& object, const std::string& where);
    Json toJson() const;
    bool operator==(const WeightHistorySettings&) const = default;
};
inline constexpr int kMaxWeightHistoryMegabytes = 4096;

// When a copy was taken. Epoch 0, step 0: the weights before training.
struct WeightHistoryPoint {
    int epoch = 0;         // 1-based; 0 before training
    int batch = 0;         // batches of that epoch done
    std::int64_t step = 0; // batches done in the whole run
    bool epochEnd = false; // the weights the epoch ended with
    bool operator==(const WeightHistoryPoint&) const = default;
};

class WeightHistory {
public:
    // One tracked parameter: "layer/param" and how many values it has.
    struct Tracked {
        std::string key;
        std::size_t count = 0;
        bool operator==(const Tracked&) const = default;
    };

    WeightHistory() = default;
    explicit WeightHistory(const WeightHistorySettings& settings) : settings_(settings) {}

    // Whether a copy is due after step `step` (an in-epoch one).
    bool due(std::int64_t step) const;
    // Copies the filters of `net` at `point` when the thinning keeps that
    // point; a copy at the step of the last one only marks it an epoch end.
    void record(Network& net, const WeightHistoryPoint& point);
    // The same for values already gathered (tests, the session reader):
    // `values` holds every tracked parameter in `tracked` order.
    void add(const WeightHistoryPoint& point, const std::vector<Tracked>& tracked, std::vector<float> values);

    bool empty() const { return points_.empty(); }
    std::size_t size() const { return points_.size(); }
    const std::vector<Tracked>& tracked() const { return tracked_; }
    const std::vector<WeightHistoryPoint>& points() const { return points_; }
    const WeightHistorySettings& settings() const { return settings_; }
    // Whether `net`'s filters are the ones tracked (same keys and sizes).
    bool fits(Network& net) const;

    // Copy `index`'s values of `key` (empty when not tracked).
    std::span<const float> values(std::size_t index, const std::string& key) const;
    // Copy `index` minus copy `index - 1`, for `key` (index ≥ 1).
    std::vector<float> change(std::size_t index, const std::string& key) const;
    // Value `element` of `key` in every copy, oldest first.
    std::vector<float> trace(const std::string& key, std::size_t element) const;

    std::uint64_t bytes() const { return std::uint64_t(points_.size()) * snapshotFloats() * sizeof(float); }
    std::uint64_t snapshotBytes() const { return snapshotFloats() * sizeof(float); }
    // In-epoch copies are kept every this many steps (a multiple of
    // every_batches once thinned); epoch ends every this many epochs.
    std::int64_t batchStride() const { return batchStride_ > 0 ? batchStride_ : settings_.everyBatches; }
    int epochStride() const { return epochStride_; }
    // A copy of the filters is larger than the whole limit: nothing is kept.
    bool tooLarge() const { return tooLarge_; }
    // Grows with every change, so a reader can tell an old copy from a new one.
    std::uint64_t revision() const { return revision_; }
    // "41 copies · 0.4 MB of 16 MB · every 200 batches (thinned)".
    std::string describe() const;

    // The header part of the session file (points, tracked, strides); the
    // values go into the file's data, copy after copy.
    Json toJson() const;
    // Reads a history whose copies are `values` (each snapshotFloats() long).
    static WeightHistory fromJson(const Json& j, const WeightHistorySettings& settings,
                                  std::vector<std::vector<float>> values, const std::string& where);
    // What fromJson needs to know before reading the values: copies × floats each.
    static std::pair<std::uint64_t, std::uint64_t> shapeOf(const Json& j, const std::string& where);
    const std::vector<float>& snapshot(std::size_t index) const { return values_[index]; }

private:
    std::size_t snapshotFloats() const;
    bool keeps(const WeightHistoryPoint& p) const;
    // Halves the copies (in-epoch ones first); false when none can go.
    bool thin();
    std::ptrdiff_t offsetOf(const std::string& key) const;

    WeightHistorySettings settings_;
    std::vector<Tracked> tracked_;
    std::vector<WeightHistoryPoint> points_;
    std::vector<std::vector<float>> values_;
    std::int64_t batchStride_ = 0;  // 0: every_batches, not thinned yet
    int epochStride_ = 1;
    bool tooLarge_ = false;
    std::uint64_t revision_ = 0;
};

}  // namespace cnnwb
