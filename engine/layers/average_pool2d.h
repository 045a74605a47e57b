// AveragePool2D: the mean of each pool window, per channel. With 'same'
// padding a window at the border averages only the cells inside the image,
// as Keras does (the padding is not counted).
#pragma once

#include "pool2d.h"

namespace cnnwb {

class AveragePool2D : public Pool2D {
public:
    static std::unique_ptr<Layer> create(LayerArgs& args);
    std::string type() const override { return "AveragePool2D"; }
    std::string addToGraph(GraphBuilder& graph, const std::string& input) const override;

protected:
    void doForward(const Tensor& in, Tensor& out, Mode mode) override;
    void doBackward(const Tensor& in, const Tensor& out, const Tensor& dOut, Tensor* dIn) override;
};

}  // namespace cnnwb
