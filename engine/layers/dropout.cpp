#include "dropout.h"

namespace cnnwb {

std::unique_ptr<Layer> Dropout::create(LayerArgs& args) {
    auto l = std::make_unique<Dropout>();
    l->rate_ = args.number("rate", std::nullopt, 0.0, 0.99);
    return l;
}

void Dropout::doForward(const Tensor& in, Tensor& out, Mode mode) {
    maskValid_ = mode == Mode::Training && rate_ > 0;
    if (!maskValid_) {
        std::copy(in.data(), in.data() + in.size(), out.data());
        return;
    }
    // The mask is drawn sequentially from the layer's own generator, so it is
    // the same at any thread count.
    mask_.resize(in.size());
    const float keep = float(1.0 / (1.0 - rate_));
    std::uniform_real_distribution<float> u(0.0f, 1.0f);
    for (std::size_t i = 0; i < in.size(); ++i) {
        mask_[i] = u(rng_) < float(rate_) ? 0.0f : keep;
        out[i] = in[i] * mask_[i];
    }
}

void Dropout::doBackward(const Tensor&, const Tensor&, const Tensor& dOut, Tensor* dIn) {
    if (!dIn) return;
    if (!maskValid_) {
        std::copy(dOut.data(), dOut.data() + dOut.size(), dIn->data());
        return;
    }
    for (std::size_t i = 0; i < dOut.size(); ++i) (*dIn)[i] = dOut[i] * mask_[i];
}

}  // namespace cnnwb
