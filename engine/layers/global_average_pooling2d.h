// GlobalAveragePooling2D: the mean of each channel over the whole image,
// H×W×C → C (Keras; keepdims=True keeps the shape 1×1×C). Modern small CNNs
// end with it instead of Flatten: it has no weights and does not depend on
// the image size. It averages in float, one channel at a time.
#pragma once

#include "../layer.h"

namespace cnnwb {

class GlobalAveragePooling2D : public Layer {
public:
    static std::unique_ptr<Layer> create(LayerArgs& args);

    std::string type() const override { return "GlobalAveragePooling2D"; }
    Shape outputShape(const Shape& in) const override;
    std::uint64_t multiplyAdds(const Shape& in) const override { return in.size(); }
    Json config() const override { return {{"keepdims", keepDims_}}; }
    std::string addToGraph(GraphBuilder& graph, const std::string& input) const override;

protected:
    void doForward(const Tensor& in, Tensor& out, Mode mode) override;
    void doBackward(const Tensor& in, const Tensor& out, const Tensor& dOut, Tensor* dIn) override;

private:
    bool keepDims_ = false;
};

}  // namespace cnnwb
