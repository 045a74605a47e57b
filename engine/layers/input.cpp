#include "input.h"

namespace cnnwb {

std::unique_ptr<Layer> Input::create(LayerArgs& args) {
    auto l = std::make_unique<Input>();
    auto s = args.integerList("shape", 3, 1);
    l->shape_ = {s[2], s[0], s[1]};
    return l;
}

}  // namespace cnnwb
