#include "layer.h"

#include "errors.h"

#include <stdexcept>

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

CellExplanation Layer::explainOutput(const float* input, int channel, int row, int column) const {
    if (!explainsOutput()) throw std::invalid_argument(label() + ": its values are not explained cell by cell");
    if (!setUp_) throw std::logic_error(label() + ": explained before setup");
    if (channel < 0 || channel >= out_.c || row < 0 || row >= out_.h || column < 0 || column >= out_.w)
        throw std::out_of_range(label() + ": there is no output value at channel " + std::to_string(channel) + ", row " +
                                std::to_string(row) + ", column " + std::to_string(column) + "; its output is " +
                                out_.str() + " (channels 0.." + std::to_string(out_.c - 1) + ", rows 0.." +
                                std::to_string(out_.h - 1) + ", columns 0.." + std::to_string(out_.w - 1) + ")");
    return doExplainOutput(input, channel, row, column);
}

CellExplanation Layer::doExplainOutput(const float*, int, int, int) const {
    throw std::logic_error(label() + ": explainsOutput() without doExplainOutput()");
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

std::string Layer::addToGraph(GraphBuilder&, const std::string&) const {
    throw SpecError(label() + ": has no exported form (ONNX) yet; remove or replace it to export");
}

}  // namespace cnnwb
