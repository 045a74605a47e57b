// MaxPool2D: keeps the largest value of each pool window, per channel. With
// 'same' padding the padded cells never win (they count as −∞, as in Keras).
#pragma once

#include "pool2d.h"

namespace cnnwb {

class MaxPool2D : public Pool2D {
public:
    static std::unique_ptr<Layer> create(LayerArgs& args);
    std::string type() const override { return "MaxPool2D"; }
    std::string addToGraph(GraphBuilder& graph, const std::string& input) const override;

    bool explainsOutput() const override { return true; }

protected:
    CellExplanation doExplainOutput(const float* input, int channel, int row, int column) const override;
    void doForward(const Tensor& in, Tensor& out, Mode mode) override;
    void doBackward(const Tensor& in, const Tensor& out, const Tensor& dOut, Tensor* dIn) override;

private:
    // For every output value of the last forward, the index of its winner in
    // the sample (c*H*W + y*W + x); backward sends the whole gradient there.
    std::vector<int> argmax_;
};

}  // namespace cnnwb
