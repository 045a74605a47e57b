#include "optimizer.h"

#include "../errors.h"
#include "../parallel.h"
#include "adadelta.h"
#include "adam.h"
#include "rmsprop.h"
#include "sgd.h"

#include <climits>
#include <cmath>
#include <functional>
#include <set>
#include <stdexcept>

namespace cnnwb {

namespace {

// Element-wise work, so the chunk size only affects speed, never results.
constexpr int kDecayChunk = 16384;

// LayerArgs for type checks, unknown fields and message wording, plus the
// open and half-open ranges optimizer arguments need (LayerArgs::number only
// knows closed ones, and would word "> 0" as "≥ 0").
class OptimizerArgs {
public:
    OptimizerArgs(const Json& object, const std::string& label) : object_(object), args_(object, label) {
        args_.accept("type");
    }

    // learning_rate, epsilon.
    double positive(const std::string& key, double fallback) {
        return read(key, fallback, "a number > 0", [](double x) { return x > 0; });
    }
    // momentum, rho, beta_1, beta_2.
    double fraction(const std::string& key, double fallback) {
        return read(key, fallback, "a number ≥ 0 and < 1", [](double x) { return x >= 0 && x < 1; });
    }
    // weight_decay.
    double nonNegative(const std::string& key, double fallback) {
        return read(key, fallback, "a number ≥ 0", [](double x) { return x >= 0; });
    }
    bool boolean(const std::string& key, bool fallback) { return args_.boolean(key, fallback); }
    void finish() const { args_.finish(); }

private:
    double read(const std::string& key, double fallback, const char* expected,
                const std::function<bool(double)>& inRange) {
        args_.accept(key);
        auto it = object_.find(key);
        if (it == object_.end()) return fallback;
        if (!it->is_number() || !std::isfinite(it->get<double>()) || !inRange(it->get<double>()))
            args_.fail(key, expected);
        return it->get<double>();
    }

    const Json& object_;
    LayerArgs args_;
};

struct OptimizerType {
    std::string name;
    std::function<std::unique_ptr<Optimizer>(OptimizerArgs&)> create;
};

const std::vector<OptimizerType>& optimizerTypes() {
    // Fallbacks come from each optimizer's settings struct, which holds the Keras defaults.
    static const std::vector<OptimizerType> types{
        {"SGD",
         [](OptimizerArgs& args) {
             SGDSettings s;
             s.learningRate = args.positive("learning_rate", s.learningRate);
             s.momentum = args.fraction("momentum", s.momentum);
             s.nesterov = args.boolean("nesterov", s.nesterov);
             s.weightDecay = args.nonNegative("weight_decay", s.weightDecay);
             return std::unique_ptr<Optimizer>(std::make_unique<SGD>(s));
         }},
        {"RMSprop",
         [](OptimizerArgs& args) {
             RMSpropSettings s;
             s.learningRate = args.positive("learning_rate", s.learningRate);
             s.rho = args.fraction("rho", s.rho);
             s.epsilon = args.positive("epsilon", s.epsilon);
             s.weightDecay = args.nonNegative("weight_decay", s.weightDecay);
             return std::unique_ptr<Optimizer>(std::make_unique<RMSprop>(s));
         }},
        {"Adadelta",
         [](OptimizerArgs& args) {
             AdadeltaSettings s;
             s.learningRate = args.positive("learning_rate", s.learningRate);
             s.rho = args.fraction("rho", s.rho);
             s.epsilon = args.positive("epsilon", s.epsilon);
             s.weightDecay = args.nonNegative("weight_decay", s.weightDecay);
             return std::unique_ptr<Optimizer>(std::make_unique<Adadelta>(s));
         }},
        {"Adam",
         [](OptimizerArgs& args) {
             AdamSettings s;
             s.learningRate = args.positive("learning_rate", s.learningRate);
             s.beta1 = args.fraction("beta_1", s.beta1);
             s.beta2 = args.fraction("beta_2", s.beta2);
             s.epsilon = args.positive("epsilon", s.epsilon);
             s.weightDecay = args.nonNegative("weight_decay", s.weightDecay);
             return std::unique_ptr<Optimizer>(std::make_unique<Adam>(s));
         }},
    };
    return types;
}

std::string knownTypeList() {
    std::string list;
    for (const auto& name : Optimizer::typeNames()) list += (list.empty() ? "" : ", ") + name;
    return list;
}

}  // namespace

const std::vector<std::string>& Optimizer::typeNames() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> n;
        for (const auto& t : optimizerTypes()) n.push_back(t.name);
        return n;
    }();
    return names;
}

std::unique_ptr<Optimizer> Optimizer::create(const Json& object, const std::string& where) {
    if (!object.is_object())
        throw SpecError(where + ": expected a JSON object such as {\"type\": \"Adam\"}, got " + jsonTypeName(object));
    auto typeIt = object.find("type");
    if (typeIt == object.end())
        throw SpecError(where + ": missing field 'type'; known optimizers are: " + knownTypeList());
    if (!typeIt->is_string())
        throw SpecError(where + ": field 'type' must be a string; got " + jsonTypeName(*typeIt));
    const std::string type = typeIt->get<std::string>();
    for (const auto& t : optimizerTypes()) {
        if (t.name != type) continue;
        OptimizerArgs args(object, where + " (" + type + ")");
        auto optimizer = t.create(args);
        args.finish();
        return optimizer;
    }
    throw SpecError(where + ": unknown optimizer '" + type + "'; known optimizers are: " + knownTypeList());
}

void Optimizer::step(const std::vector<NamedParam>& params) {
    // Check every parameter before changing any, so a bad call leaves weights
    // and state as they were.
    std::set<std::string> seen;
    for (const auto& p : params) {
        const std::string what = "optimizer: parameter '" + p.key + "'";
        if (!p.value || !p.grad)
            throw std::runtime_error(what + " has no " + (p.value ? "gradient" : "value") + " tensor");
        if (p.grad->size() != p.value->size())
            throw std::runtime_error(what + " has " + std::to_string(p.value->size()) + " values but " +
                                     std::to_string(p.grad->size()) + " gradients");
        if (p.value->size() > std::size_t(INT_MAX))
            throw std::runtime_error(what + " is too large (" + std::to_string(p.value->size()) + " values)");
        if (!seen.insert(p.key).second) throw std::runtime_error(what + " appears twice in one step");
        auto it = state_.find(p.key);
        if (it == state_.end()) continue;
        bool fits = it->second.size() == std::size_t(slotCount());
        for (const auto& slot : it->second) fits = fits && slot.size() == p.value->size();
        if (!fits)
            throw std::runtime_error(what + ": saved " + type() + " state does not fit; expected " +
                                     std::to_string(slotCount()) + " arrays of " +
                                     std::to_string(p.value->size()) + " values");
    }

    ++iterations_;  // before updating: Adam's bias correction uses the 1-based step number
    for (const auto& p : params) {
        const std::size_t n = p.value->size();
        auto [it, created] = state_.try_emplace(p.key);
        if (created) it->second.assign(std::size_t(slotCount()), std::vector<float>(n, 0.0f));

        const float* grad = p.grad->data();
        if (weightDecay_ > 0) {
            // L2 decay goes into a scratch copy: the caller's gradient stays as computed.
            decayed_.resize(n);
            const float decay = float(weightDecay_);
            const float* value = p.value->data();
            float* decayed = decayed_.data();
            // Captured by value so the pointers are locals and the loop vectorises.
            parallelForChunks(int(n), kDecayChunk, [=](int begin, int end) {
                for (int i = begin; i < end; ++i) decayed[i] = grad[i] + decay * value[i];
            });
            grad = decayed_.data();
        }
        update(p.value->data(), grad, n, it->second);
    }
}

}  // namespace cnnwb
