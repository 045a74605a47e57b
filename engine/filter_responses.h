// What a filter responds to: for every filter (output channel) of a layer
// with feature maps, the images of a data set it responds to most — each
// image's strongest value of that filter's map, where it is, and the patch of
// the image that value sees (its receptive field, through every window layer
// before it). Images are distinct: a filter's top nine are nine images.
#pragma once

#include "data/dataset.h"
#include "network.h"

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace cnnwb {

// A rectangle of input pixels, bounds included, clipped to the image.
struct PixelBox {
    int top = 0, left = 0, bottom = 0, right = 0;
    int height() const { return bottom - top + 1; }
    int width() const { return right - left + 1; }
    bool operator==(const PixelBox&) const = default;
};

// The input pixels value (row, column) of active layer `layer`'s output
// depends on. Throws std::invalid_argument naming the layer on the way that
// mixes every position (Flatten, Dense, global pooling).
PixelBox receptiveField(const Network& net, std::size_t layer, int row, int column);

struct FilterResponse {
    std::size_t sample = 0;  // index in the data set
    int row = 0, column = 0; // where in the feature map
    float activation = 0;
    PixelBox patch;          // what of the image that value sees
};

struct FilterResponses {
    std::string layer;
    std::size_t scanned = 0;  // images looked at (all of the set unless stopped)
    bool complete = false;
    // Per filter, strongest first (ties: the earlier image).
    std::vector<std::vector<FilterResponse>> filters;
};

// The `count` images of `data` each filter of active layer `layer` responds
// to most. `progress(done, total)` is called after every batch; returning
// false stops early (the result says how far it got). Throws
// std::invalid_argument when the layer has no feature maps.
FilterResponses strongestResponses(Network& net, const Dataset& data, float pixelScale, std::size_t layer, int count,
                                   const std::function<bool(std::size_t, std::size_t)>& progress = {});

// Active layer index by name; throws std::invalid_argument listing the layers that have feature maps.
std::size_t featureMapLayer(const Network& net, const std::string& name);

}  // namespace cnnwb
