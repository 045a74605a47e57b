#include "network_with_weights.h"

namespace cnnwb {

NetworkWithWeights networkWithWeights(const ModelSpec& spec, const Session* session, const std::string& where) {
    NetworkWithWeights result{spec.buildNetwork(), false};
    result.net.setup(spec.training.seed);
    result.trained = session && session->weightsFit(spec.layers);
    if (result.trained) restoreWeights(*session, result.net, where);
    return result;
}

}  // namespace cnnwb
