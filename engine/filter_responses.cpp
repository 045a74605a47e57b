#include "filter_responses.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace cnnwb {

namespace {

bool hasFeatureMaps(const Network& net, std::size_t layer) {
    return layer >= 1 && layer < net.activeLayers().size() && !net.activeLayers()[layer]->outputShape().isFlat();
}

std::string mapLayerList(const Network& net) {
    std::string names;
    for (std::size_t i = 1; i < net.activeLayers().size(); ++i)
        if (hasFeatureMaps(net, i)) names += (names.empty() ? "" : ", ") + net.activeLayers()[i]->name();
    return names.empty() ? std::string("none") : names;
}

// Strongest first; ties go to the earlier image, so the answer never depends on batch or thread count.
bool stronger(const FilterResponse& a, const FilterResponse& b) {
    return a.activation != b.activation ? a.activation > b.activation : a.sample < b.sample;
}

}  // namespace

std::size_t featureMapLayer(const Network& net, const std::string& name) {
    for (std::size_t i = 1; i < net.activeLayers().size(); ++i)
        if (net.activeLayers()[i]->name() == name && hasFeatureMaps(net, i)) return i;
    throw std::invalid_argument("no layer '" + name + "' with feature maps; the layers with feature maps are: " +
                                mapLayerList(net));
}

PixelBox receptiveField(const Network& net, std::size_t layer, int row, int column) {
    const auto& layers = net.activeLayers();
    if (!hasFeatureMaps(net, layer)) throw std::invalid_argument("layer " + std::to_string(layer) + " has no feature maps");
    // Rows and columns of one layer's output, walked back one layer at a time to the image.
    long long top = row, bottom = row, left = column, right = column;
    for (std::size_t i = layer; i >= 1; --i) {
        const std::optional<PositionWindow> w = layers[i]->positionWindow();
        if (!w)
            throw std::invalid_argument(layers[i]->label() +
                                        " mixes every position of its input, so what lies after it sees the whole image");
        top = top * w->strideRows - w->padTop;
        bottom = bottom * w->strideRows - w->padTop + w->rows - 1;
        left = left * w->strideColumns - w->padLeft;
        right = right * w->strideColumns - w->padLeft + w->columns - 1;
    }
    const Shape image = net.inputShape();
    return {int(std::max(0LL, top)), int(std::max(0LL, left)), int(std::min<long long>(image.h - 1, bottom)),
            int(std::min<long long>(image.w - 1, right))};
}

FilterResponses strongestResponses(Network& net, const Dataset& data, float pixelScale, std::size_t layer, int count,
                                   const std::function<bool(std::size_t, std::size_t)>& progress) {
    if (!hasFeatureMaps(net, layer))
        throw std::invalid_argument("the layer has no feature maps; the layers with feature maps are: " + mapLayerList(net));
    if (count < 1) throw std::invalid_argument("count must be at least 1");
    const Shape maps = net.activeLayers()[layer]->outputShape();
    FilterResponses out;
    out.layer = net.activeLayers()[layer]->name();
    out.filters.resize(std::size_t(maps.c));
    constexpr std::size_t kBatch = 128;
    Batch batch;
    std::vector<std::size_t> indices;
    const int plane = maps.h * maps.w;
    for (std::size_t begin = 0; begin < data.size(); begin += kBatch) {
        const std::size_t end = std::min(data.size(), begin + kBatch);
        indices.resize(end - begin);
        std::iota(indices.begin(), indices.end(), begin);
        fillBatch(data, indices, batch, LabelEncoding::Integer, pixelScale);
        net.forward(batch.inputs, Mode::Inference);
        const Tensor& a = net.activation(layer);
        for (std::size_t s = 0; s < indices.size(); ++s) {
            const float* sample = a.sample(int(s));
            for (int c = 0; c < maps.c; ++c) {
                const float* map = sample + std::size_t(c) * std::size_t(plane);
                const int best = int(std::max_element(map, map + plane) - map);  // the first of equal maxima
                FilterResponse r{begin + s, best / maps.w, best % maps.w, map[best], {}};
                auto& top = out.filters[std::size_t(c)];
                if (int(top.size()) == count && !stronger(r, top.back())) continue;
                top.insert(std::upper_bound(top.begin(), top.end(), r, stronger), r);
                if (int(top.size()) > count) top.pop_back();
            }
        }
        out.scanned = end;
        if (progress && !progress(end, data.size())) break;
    }
    out.complete = out.scanned == data.size();
    for (auto& filter : out.filters)
        for (FilterResponse& r : filter) r.patch = receptiveField(net, layer, r.row, r.column);
    return out;
}

}  // namespace cnnwb
