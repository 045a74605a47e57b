#include "activation_layer.h"

#include "../export/graph_builder.h"
namespace cnnwb {

std::unique_ptr<Layer> ActivationLayer::create(LayerArgs& args) {
    auto l = std::make_unique<ActivationLayer>();
    l->kind_ = activationFromName(args.choice("activation", std::nullopt, activationNames()), args.label());
    return l;
}

void ActivationLayer::doForward(const Tensor& in, Tensor& out, Mode) {
    std::copy(in.data(), in.data() + in.size(), out.data());
    applyActivation(effective(kind_), out);
}

void ActivationLayer::doBackward(const Tensor&, const Tensor& out, const Tensor& dOut, Tensor* dIn) {
    if (!dIn) return;
    std::copy(dOut.data(), dOut.data() + dOut.size(), dIn->data());
    activationBackward(effective(kind_), out, *dIn);
}

std::string ActivationLayer::addToGraph(GraphBuilder& graph, const std::string& input) const {
    return graph.activation(input, name(), effective(kind_), Layer::outputShape());
}

}  // namespace cnnwb
