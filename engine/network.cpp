#include "network.h"

#include "errors.h"
#include "layer_registry.h"
#include "limits.h"
#include "layers/input.h"

#include <tbb/task_arena.h>

#include <chrono>
#include <set>

namespace cnnwb {

struct Network::SerialArena {
    tbb::task_arena arena{1};
};

Network::Network() : serialArena_(std::make_unique<SerialArena>()) {}
Network::~Network() = default;
Network::Network(Network&&) noexcept = default;
Network& Network::operator=(Network&&) noexcept = default;

Network Network::fromJson(const Json& layers) {
    if (!layers.is_array()) throw SpecError("field 'layers' must be a list of layer objects; got " + jsonTypeName(layers));
    if (layers.empty()) throw SpecError("field 'layers' is empty; a model starts with an Input layer");
    Network net;
    std::set<std::string> names;
    Shape shape;
    std::uint64_t params = 0;
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const Json& obj = layers[i];
        auto layer = createLayer(obj, int(i));
        bool enabled = true;
        if (obj.contains("enabled")) {
            if (!obj["enabled"].is_boolean())
                throw SpecError("layer " + std::to_string(i + 1) + " (" + layer->label() +
                                "): field 'enabled' must be true or false; got " + jsonTypeName(obj["enabled"]));
            enabled = obj["enabled"].get<bool>();
        }
        if (!names.insert(layer->name()).second)
            throw SpecError("layer " + std::to_string(i + 1) + " (" + layer->label() + "): the name '" +
                            layer->name() + "' is already used by an earlier layer; names must be unique");
        const bool isInput = layerTypeOf(*layer).category == LayerCategory::Input;
        if (i == 0 && !isInput)
            throw SpecError("layer 1 (" + layer->label() + "): a model must start with an Input layer that gives the image shape");
        if (i > 0 && isInput)
            throw SpecError("layer " + std::to_string(i + 1) + " (" + layer->label() + "): only the first layer can be an Input layer");
        if (isInput && !enabled) throw SpecError("layer 1 (" + layer->label() + "): the Input layer cannot be disabled");

        LayerRow row{layer->name(), layer->type(), enabled, shape, 0, 0, "", 0};
        if (enabled) {
            const Shape in = shape;
            try {
                shape = layer->outputShape(in);
            } catch (const SpecError& e) {
                throw SpecError("layer " + std::to_string(i + 1) + ": " + e.what());
            }
            const std::string where = "layer " + std::to_string(i + 1) + " (" + layer->label() + ")";
            if (shape.size() == 0) throw SpecError(where + ": its output " + shape.str() + " is empty");
            if (shape.size() > kMaxValuesPerImage)
                throw SpecError(where + ": its output " + shape.str() + " holds " + withThousands(shape.size()) +
                                " values per image; at most " + withThousands(kMaxValuesPerImage) + " are allowed");
            row = {layer->name(), layer->type(), true, shape, layer->paramCount(in),
                   layer->nonTrainableParamCount(in), layer->paramFormula(in), layer->multiplyAdds(in)};
            params += row.params;
            if (params > kMaxParameters)
                throw SpecError(where + ": brings the model to " + withThousands(params) + " parameters; at most " +
                                withThousands(kMaxParameters) + " are allowed (this layer has " +
                                withThousands(row.params) + ")");
            if (isInput) net.inputShape_ = shape;
            net.active_.push_back(layer.get());
        }
        net.rows_.push_back(row);
        net.enabled_.push_back(enabled);
        net.layers_.push_back(std::move(layer));
    }
    if (net.active_.size() < 2) throw SpecError("the model has no layer after Input; add at least one Dense layer");
    net.outputShape_ = shape;
    return net;
}

std::size_t Network::totalParams() const {
    std::size_t n = 0;
    for (const auto& r : rows_) n += r.params;
    return n;
}

std::size_t Network::nonTrainableParams() const {
    std::size_t n = 0;
    for (const auto& r : rows_) n += r.nonTrainableParams;
    return n;
}

std::uint64_t Network::multiplyAdds() const {
    std::uint64_t n = 0;
    for (const auto& r : rows_) n += r.multiplyAdds;
    return n;
}

Json Network::toJson() const {
    Json arr = Json::array();
    for (std::size_t i = 0; i < layers_.size(); ++i) {
        Json j = layerToJson(*layers_[i]);
        if (!enabled_[i]) j["enabled"] = false;
        arr.push_back(std::move(j));
    }
    return arr;
}

void Network::setup(std::uint32_t seed) {
    Rng rng(seed);
    Shape shape;
    for (Layer* l : active_) {
        l->setup(shape, rng);
        shape = l->outputShape();
    }
    outputs_.assign(active_.size(), Tensor());
    resetLayerTimes();
    setUp_ = true;
}

void Network::setOutputLogits(bool on) {
    outputLogits_ = on && active_.back()->endsWithSoftmax();
    active_.back()->setEmitLogits(outputLogits_);
}

// Below this many multiply-adds per pass, task overhead and cross-core
// traffic cost more than a second thread gains: E1 at batch 16 (1 M) trained
// at 94k images/s on 1 thread and 67k on 2 before this cut-off.
constexpr double kMinParallelMultiplyAdds = 4e6;

bool Network::usesOneThread(int batch) const {
    return double(batch) * double(multiplyAdds()) < kMinParallelMultiplyAdds;
}

template <typename Body>
void Network::runSizedFor(int batch, Body&& body) {
    if (usesOneThread(batch)) serialArena_->arena.execute(body);
    else body();
}

void Network::runStep(int batch, const std::function<void()>& step) { runSizedFor(batch, step); }

const Tensor& Network::forward(const Tensor& input, Mode mode) {
    if (!setUp_) throw std::logic_error("Network::forward before setup");
    if (input.sampleShape() != inputShape_)
        throw SpecError("the model expects input images of " + inputShape_.str() + ", but the data are " +
                        input.sampleShape().str());
    lastInput_ = &input;
    const Tensor* x = &input;
    // Input (layer 0) is an identity: no copy.
    const bool timed = mode == Mode::Training;
    runSizedFor(input.batch(), [&] {
        for (std::size_t i = 1; i < active_.size(); ++i) {
            const auto start = std::chrono::steady_clock::now();
            active_[i]->forward(*x, outputs_[i], mode);
            if (timed) {
                layerTimes_[i].forwardSeconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
                ++layerTimes_[i].passes;
            }
            x = &outputs_[i];
        }
    });
    return *x;
}

void Network::backward(const Tensor& dOutput) { backwardThrough(dOutput, false); }

const Tensor& Network::backwardToInput(const Tensor& dOutput) {
    backwardThrough(dOutput, true);
    return inputGrads_[1];
}

void Network::backwardThrough(const Tensor& dOutput, bool toInput) {
    const Tensor* dOut = &dOutput;
    lastDOutput_ = &dOutput;
    inputGrads_.resize(active_.size());
    // Training needs gradients only down to the first layer with trainable
    // parameters: it skips its input gradient, and the layers below it (an
    // MLP's Flatten) are not run backward at all.
    // Callers run it inside runStep(), which already picks the threads.
    const std::size_t firstTrained = toInput ? 1 : firstTrainedLayer();
    for (std::size_t i = active_.size() - 1; i >= 1; --i) {
        if (!toInput && i < firstTrained) break;
        const Tensor& in = i == 1 ? *lastInput_ : outputs_[i - 1];
        // Training reads each input gradient only in the layer below, so two
        // buffers take turns (each grows once to the largest and stays);
        // backwardToInput keeps every layer's for outputGradient().
        Tensor* dIn = toInput ? &inputGrads_[i] : i == firstTrained ? nullptr : &trainingGrads_[i % 2];
        const auto start = std::chrono::steady_clock::now();
        active_[i]->backward(in, outputs_[i], *dOut, dIn);
        if (!toInput)
            layerTimes_[i].backwardSeconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (dIn) dOut = dIn;
    }
}

std::size_t Network::firstTrainedLayer() {
    for (std::size_t i = 1; i < active_.size(); ++i)
        for (const Param& p : active_[i]->params())
            if (p.trainable()) return i;
    return active_.size();
}

void Network::resetLayerTimes() { layerTimes_.assign(active_.size(), LayerTime{}); }

std::vector<NamedLayerTime> Network::namedLayerTimes() const {
    std::vector<NamedLayerTime> out;
    for (std::size_t i = 1; i < active_.size() && i < layerTimes_.size(); ++i) out.push_back({active_[i]->name(), layerTimes_[i]});
    return out;
}

void Network::probabilities(Tensor& out) const {
    out = outputs_.back();
    if (active_.back()->outputMeaning() == OutputMeaning::Distances) {
        out.vector() *= -1.0f;
        applyActivation(ActivationKind::Softmax, out);
    } else if (outputLogits_) {
        applyActivation(ActivationKind::Softmax, out);
    }
}

bool Network::givesProbabilities() const {
    return outputLogits_ || active_.back()->outputMeaning() != OutputMeaning::Logits;
}

void Network::preferReferenceAlgorithms(bool on) {
    for (Layer* l : active_) l->preferReferenceAlgorithm(on);
}

void Network::setTrainingSteps(std::uint64_t steps) {
    for (Layer* l : active_) l->setTrainingSteps(steps);
}

std::vector<NamedParam> Network::trainableParams() {
    std::vector<NamedParam> out;
    for (Layer* l : active_)
        for (const Param& p : l->params())
            if (p.trainable()) out.push_back({l->name() + "/" + p.name, p.value, p.grad});
    return out;
}

std::vector<Param> Network::allParams(std::vector<std::string>* keys) {
    std::vector<Param> out;
    for (Layer* l : active_)
        for (const Param& p : l->params()) {
            out.push_back(p);
            if (keys) keys->push_back(l->name() + "/" + p.name);
        }
    return out;
}

}  // namespace cnnwb
