// Optimizers with Keras semantics and defaults. State (momenta, running
// averages) is keyed by a stable name "layer/param", never by address, so it
// can be saved with a session and a resumed run is bit-exact.
#pragma once

#include "../layer.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace cnnwb {

// One trainable parameter as the optimizer sees it.
struct NamedParam {
    std::string key;  // "h1/kernel"
    Tensor* value = nullptr;
    Tensor* grad = nullptr;
};

class Optimizer {
public:
    virtual ~Optimizer() = default;

    // Builds an optimizer from {"type": "SGD"|"RMSprop"|"Adadelta"|"Adam", args};
    // unknown types or fields are a SpecError naming `where` and the field.
    static std::unique_ptr<Optimizer> create(const Json& object, const std::string& where);
    static const std::vector<std::string>& typeNames();

    virtual std::string type() const = 0;
    // Full arguments, defaults filled in: {"type": ..., "learning_rate": ..., ...}.
    virtual Json config() const = 0;

    double learningRate() const { return learningRate_; }
    void setLearningRate(double lr) { learningRate_ = lr; }
    // L2 weight decay: grad += weight_decay × value before the update (0 = off).
    double weightDecay() const { return weightDecay_; }

    // One update of every parameter from its gradient (the gradient of the
    // batch-mean loss). Deterministic at any thread count.
    void step(const std::vector<NamedParam>& params);

    // Per-parameter state as flat float arrays, for sessions.
    const std::map<std::string, std::vector<std::vector<float>>>& state() const { return state_; }
    void setState(std::map<std::string, std::vector<std::vector<float>>> s) { state_ = std::move(s); }
    long long iterations() const { return iterations_; }
    // Float arrays of state kept per trained parameter (SGD with momentum 1, Adam 2).
    int stateArraysPerParameter() const { return slotCount(); }
    void setIterations(long long n) { iterations_ = n; }

protected:
    // Updates value in place from grad (weight decay already applied); `slots`
    // is this parameter's state, created zeroed with `slotCount()` arrays.
    virtual void update(float* value, const float* grad, std::size_t n, std::vector<std::vector<float>>& slots) = 0;
    virtual int slotCount() const = 0;

    double learningRate_ = 0.01;
    double weightDecay_ = 0.0;
    long long iterations_ = 0;  // steps taken, for Adam's bias correction

private:
    std::map<std::string, std::vector<std::vector<float>>> state_;
    std::vector<float> decayed_;
};

}  // namespace cnnwb
