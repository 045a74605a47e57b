#include "tensor.h"

#include <algorithm>

namespace cnnwb {

std::string Shape::str() const {
    if (isFlat()) return std::to_string(c);
    return std::to_string(h) + "×" + std::to_string(w) + "×" + std::to_string(c);
}

void Tensor::resize(int batch, Shape sample) {
    batch_ = batch;
    shape_ = sample;
    data_.resize(std::size_t(batch) * sample.size());
}

void Tensor::setZero() { std::fill(data_.begin(), data_.end(), 0.0f); }
void Tensor::fill(float v) { std::fill(data_.begin(), data_.end(), v); }

}  // namespace cnnwb
