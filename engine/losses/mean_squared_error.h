// Mean squared error against one-hot targets, as Keras: the mean over the
// outputs of (y - t)², then the mean over the batch.
#pragma once

#include "loss.h"

namespace cnnwb {

class MeanSquaredError : public Loss {
public:
    std::string name() const override { return "mean_squared_error"; }
    double compute(const Tensor& output, const std::vector<int>& labels, Tensor& grad) const override;
};

}  // namespace cnnwb
