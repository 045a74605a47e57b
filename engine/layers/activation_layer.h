// Activation: applies linear, relu, tanh, sigmoid or softmax element-wise
// (softmax over each sample's features).
#pragma once

#include "../layer.h"

namespace cnnwb {

class ActivationLayer : public Layer {
public:
    static std::unique_ptr<Layer> create(LayerArgs& args);

    std::string type() const override { return "Activation"; }
    std::optional<PositionWindow> positionWindow() const override { return PositionWindow{}; }  // value by value
    Shape outputShape(const Shape& in) const override { return in; }
    Json config() const override { return {{"activation", activationName(kind_)}}; }
    std::string addToGraph(GraphBuilder& graph, const std::string& input) const override;
    bool endsWithSoftmax() const override { return kind_ == ActivationKind::Softmax; }
    ActivationKind kind() const { return kind_; }

protected:
    void doForward(const Tensor& in, Tensor& out, Mode) override;
    void doBackward(const Tensor& in, const Tensor& out, const Tensor& dOut, Tensor* dIn) override;

private:
    ActivationKind kind_ = ActivationKind::Linear;
};

}  // namespace cnnwb
