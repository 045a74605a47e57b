#include "layer.h"

#include "errors.h"

namespace cnnwb {

std::size_t Layer::paramCount(const Shape&) const { return 0; }
std::size_t Layer::nonTrainableParamCount(const Shape&) const { return 0; }
std::string Layer::paramFormula(const Shape& in) const {
    return paramCount(in) == 0 ? "no weights" : withThousands(paramCount(in));
}
std::uint64_t Layer::multiplyAdds(const Shape&) const { return 0; }

void Layer::setup(const Shape& in, Rng& rng) {
    out_ = outputShape(in);
    in_ = in;
    doSetup(in, rng);
    setUp_ = true;
}

void Layer::forward(const Tensor& in, Tensor& out, Mode mode) {
    if (!setUp_) throw std::logic_error(label() + ": forward before setup");
    if (in.sampleShape() != in_)
        throw SpecError(label() + ": expected input " + in_.str() + ", got " + in.sampleShape().str());
    out.resize(in.batch(), out_);
    doForward(in, out, mode);
}

void Layer::backward(const Tensor& in, const Tensor& out, const Tensor& dOut, Tensor* dIn) {
    if (dIn) dIn->resize(in.batch(), in_);
    doBackward(in, out, dOut, dIn);
}

std::string withThousands(std::uint64_t n) {
    std::string s = std::to_string(n);
    for (int i = int(s.size()) - 3; i > 0; i -= 3) s.insert(std::size_t(i), ",");
    return s;
}

}  // namespace cnnwb
