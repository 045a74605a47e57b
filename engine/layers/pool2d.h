// What MaxPool2D and AveragePool2D share: the Keras arguments pool_size,
// strides (default: pool_size) and padding, and the output shape.
#pragma once

#include "../layer.h"
#include "window2d.h"

namespace cnnwb {

class Pool2D : public Layer {
public:
    Shape outputShape(const Shape& in) const override {
        const Window2D w = window(in);
        return {in.c, w.outH, w.outW};
    }
    Json config() const override {
        return {{"pool_size", {poolSize_.first, poolSize_.second}},
                {"strides", {strides_.first, strides_.second}},
                {"padding", paddingName(padding_)}};
    }
    std::pair<int, int> poolSize() const { return poolSize_; }
    std::pair<int, int> strides() const { return strides_; }
    Padding padding() const { return padding_; }
    std::optional<PositionWindow> positionWindow() const override { return positionWindowOf(window_); }

protected:
    void readArgs(LayerArgs& args) {
        poolSize_ = args.pair("pool_size", std::pair{2, 2}, 1, kMaxWindowSide);
        strides_ = args.pair("strides", poolSize_, 1, kMaxWindowSide);
        padding_ = paddingFromName(args.choice("padding", "valid", paddingNames()));
    }
    Window2D window(const Shape& in) const {
        return makeWindow(label(), type(), in, poolSize_, strides_, padding_, "pool");
    }
    void doSetup(const Shape& in, Rng&) override { window_ = window(in); }

    std::pair<int, int> poolSize_{2, 2};
    std::pair<int, int> strides_{2, 2};
    Padding padding_ = Padding::Valid;
    Window2D window_;  // for the input shape given to setup
};

}  // namespace cnnwb
