#include "new_experiment.h"

#include "engine/layer_registry.h"

namespace cnnwb::ui {

ModelSpec newExperimentSpec() {
    ModelSpec spec;
    spec.name = "Untitled experiment";
    spec.layers = minimalModelLayers(spec.data.imageShape(), *spec.data.knownClassCount());
    // Through the engine's checks, as every spec the window holds.
    return ModelSpec::fromJson(spec.toJson(), "new experiment");
}

}  // namespace cnnwb::ui
