// Input: declares the shape of one sample (Keras order: height, width, channels).
#pragma once

#include "../layer.h"

namespace cnnwb {

class Input : public Layer {
public:
    static std::unique_ptr<Layer> create(LayerArgs& args);

    std::string type() const override { return "Input"; }
    std::optional<PositionWindow> positionWindow() const override { return PositionWindow{}; }  // value by value
    Shape outputShape(const Shape&) const override { return shape_; }
    Json config() const override { return {{"shape", {shape_.h, shape_.w, shape_.c}}}; }
    std::string addToGraph(GraphBuilder&, const std::string& input) const override { return input; }
    const Shape& shape() const { return shape_; }

protected:
    void doForward(const Tensor& in, Tensor& out, Mode) override { out = in; }
    void doBackward(const Tensor&, const Tensor&, const Tensor& dOut, Tensor* dIn) override {
        if (dIn) *dIn = dOut;
    }

private:
    Shape shape_;
};

}  // namespace cnnwb
