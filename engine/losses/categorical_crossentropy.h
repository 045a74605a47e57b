// Categorical cross-entropy against one-hot targets, batch mean.
// From logits (a final softmax handed over by the network) it is computed as
// log-sum-exp minus the target logit, with gradient softmax - onehot: finite
// for saturated logits, raw 0-255 inputs and batch size 1. From
// probabilities it clips them to [1e-7, 1 - 1e-7] as Keras does.
#pragma once

#include "loss.h"

namespace cnnwb {

class CategoricalCrossentropy : public Loss {
public:
    std::string name() const override { return "categorical_crossentropy"; }
    bool acceptsLogits() const override { return true; }
    double compute(const Tensor& output, const std::vector<int>& labels, Tensor& grad) const override;
};

}  // namespace cnnwb
