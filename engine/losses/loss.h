// Losses over a batch with integer class labels (one-hot targets implied).
// compute() returns the batch-mean loss and writes dLoss/dOutput.
#pragma once

#include "../tensor.h"

#include <memory>
#include <string>
#include <vector>

namespace cnnwb {

class Loss {
public:
    virtual ~Loss() = default;

    // Keras names: "mean_squared_error" (alias "mse"), "categorical_crossentropy".
    static std::unique_ptr<Loss> create(const std::string& name, const std::string& where);
    static const std::vector<std::string>& names();
    // Every name a spec may use, aliases included, in the order messages list them.
    static const std::vector<std::string>& spellings();
    // The full name of a spelling ("mse" → "mean_squared_error").
    static std::string canonicalName(const std::string& spelling);

    virtual std::string name() const = 0;
    // True when the loss can take raw logits of a final softmax and work in
    // the numerically stable fused form.
    virtual bool acceptsLogits() const { return false; }
    void setFromLogits(bool on) { fromLogits_ = on && acceptsLogits(); }
    bool fromLogits() const { return fromLogits_; }

    // `output`: the network's output (probabilities, or logits when
    // fromLogits()); `labels`: one class index per sample. Throws
    // std::invalid_argument when a label is outside the output's classes.
    virtual double compute(const Tensor& output, const std::vector<int>& labels, Tensor& grad) const = 0;

protected:
    static void checkLabels(const Tensor& output, const std::vector<int>& labels);
    bool fromLogits_ = false;
};

}  // namespace cnnwb
