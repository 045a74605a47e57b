#include "input.h"

#include "../limits.h"

namespace cnnwb {

std::unique_ptr<Layer> Input::create(LayerArgs& args) {
    auto l = std::make_unique<Input>();
    auto s = args.integerList("shape", 3, 1, {kMaxImageSide, kMaxImageSide, kMaxImageChannels});
    l->shape_ = {s[2], s[0], s[1]};
    return l;
}

}  // namespace cnnwb
