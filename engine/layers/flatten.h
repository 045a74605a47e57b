// Flatten: reshapes H×W×C to one vector. Data stay in channel-major (C,H,W)
// order, so nothing moves in memory.
#pragma once

#include "../export/graph_builder.h"
#include "../layer.h"

namespace cnnwb {

class Flatten : public Layer {
public:
    static std::unique_ptr<Layer> create(LayerArgs&) { return std::make_unique<Flatten>(); }

    std::string type() const override { return "Flatten"; }
    Shape outputShape(const Shape& in) const override { return Shape::vector(int(in.size())); }
    Json config() const override { return Json::object(); }
    std::string addToGraph(GraphBuilder& graph, const std::string& input) const override {
        return graph.flatten(input, name());
    }

protected:
    void doForward(const Tensor& in, Tensor& out, Mode) override {
        std::copy(in.data(), in.data() + in.size(), out.data());
    }
    void doBackward(const Tensor&, const Tensor&, const Tensor& dOut, Tensor* dIn) override {
        if (dIn) std::copy(dOut.data(), dOut.data() + dOut.size(), dIn->data());
    }
};

}  // namespace cnnwb
