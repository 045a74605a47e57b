// What the editor knows about the current spec after an edit: each layer's
// output shape and parameter count (as far as the network could be built),
// the totals, and the first error with the layer it belongs to. Computed from
// the spec JSON with the engine's own checks (Network::fromJson, then
// ModelSpec::fromJson for the fit between model and data), so the editor and
// `cnnwb` never disagree about what is valid.
#pragma once

#include "engine/model_spec.h"

#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

namespace cnnwb::ui {

struct NetworkAnalysis {
    // One entry per spec layer; empty for layers after an error (their input is unknown).
    std::vector<std::optional<LayerRow>> rows;
    bool networkBuilt = false;  // layers and shapes are valid (totals below are meaningful)
    QString error;              // the first problem, empty when the whole spec is valid
    int errorLayer = -1;        // 0-based spec index of the layer at fault, -1 when none
    bool settingsError = false; // the problem is in the experiment settings, not a layer

    std::size_t totalParams = 0;
    std::size_t trainableParams = 0;
    std::size_t nonTrainableParams = 0;
    std::uint64_t multiplyAdds = 0;
    std::size_t activationsPerImage = 0;  // floats written by all active layers for one image
    Shape inputShape, outputShape;

    bool valid() const { return error.isEmpty(); }
};

// `spec` is a whole spec document (format, version, layers, training, data).
// Never throws: any problem ends up in `error`.
NetworkAnalysis analyseSpec(const Json& spec);

// The 0-based layer index an engine message names ("layer 3 (...)" → 2), or -1.
int layerIndexFromMessage(const std::string& message);

}  // namespace cnnwb::ui
