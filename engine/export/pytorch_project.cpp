#include "pytorch_project.h"

#include "tensor_file.h"

#include "../code_version.h"
#include "../durable_file.h"
#include "../errors.h"
#include "../layer_registry.h"
#include "../network_with_weights.h"
#include "../optimizers/optimizer.h"
#include "../trainer.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numeric>

namespace cnnwb {

namespace {

const std::string& projectFile(const std::string& name) {
    // Filled once by a static's initialiser, which C++ runs once whatever the threads.
    static const std::map<std::string, std::string> texts = [] {
        std::map<std::string, std::string> m;
        for (const auto& f : pytorchProjectFiles()) m[f.name] = f.text;
        return m;
    }();
    auto it = texts.find(name);
    if (it == texts.end()) throw std::logic_error("resources/pytorch/" + name + " is not compiled in");
    return it->second;
}

// Python's keywords and the names Network (workbench.py) uses itself.
bool reservedInPython(const std::string& name) {
    static const std::vector<std::string> reserved{
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def",
        "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
        "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
        // nn.Module and Network attributes a layer must not shadow
        "forward", "training", "layer_names", "output_layer", "gives_distances", "hand_logits_to_loss",
        "workbench_state", "load_workbench_state", "named_workbench_parameters", "state_dict", "parameters",
        "modules", "children", "train", "eval", "to", "cuda", "cpu", "type", "float", "double", "half", "apply"};
    return std::find(reserved.begin(), reserved.end(), name) != reserved.end();
}

// Text from a spec (its name, where it came from) inside a Python comment: a
// line break there would end the comment and make the rest code, so control
// characters become spaces. Files people send each other must not run code.
std::string pythonComment(const std::string& text) {
    std::string out = text;
    for (char& c : out)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
    return out;
}

std::vector<int> shapeOf(const Tensor& t) {
    const Shape s = t.sampleShape();
    if (s.isFlat()) return {t.batch(), s.c};
    return {t.batch(), s.c, s.h, s.w};
}

std::string shapeTuple(const Shape& s) {
    return "(" + std::to_string(s.c) + ", " + std::to_string(s.h) + ", " + std::to_string(s.w) + ")";
}

// The project cannot mirror these; say so before writing anything.
void refuseWhatCannotBeExported(const ModelSpec& spec, const Network& net) {
    if (spec.data.isImageFolder())
        throw SpecError("data.dataset 'folder': the PyTorch project reads MNIST and CIFAR-10 (data.dataset 'mnist' or "
                        "'cifar10'); an image folder cannot be exported yet");
    const std::string& library = projectFile("workbench.py");
    for (const Layer* layer : net.activeLayers())
        if (library.find("\nclass " + layer->type() + "(") == std::string::npos)
            throw SpecError(layer->label() + ": the PyTorch project has no " + layer->type() +
                            " layer (workbench.py); remove or replace it to export");
}

// model.py: the layers in order, each a workbench.py class with its Keras arguments.
std::string modelPy(const ModelSpec& spec, const Network& net, const std::string& description, Json& layersOut) {
    std::string py = "# The model of '" + pythonComment(spec.name) + "', exported from CNN Workbench (" +
                     pythonComment(description) +
                     ").\n# Layer by layer as in the workbench, each under its name there; the classes\n"
                     "# (workbench.py) take the workbench's Keras arguments. Shapes are channels × height × width.\n"
                     "import workbench as wb\n\n\ndef build_model():\n    return wb.Network([\n";
    std::vector<std::string> taken;
    for (Layer* layer : net.activeLayers()) {
        const std::string python = pythonIdentifier(layer->name(), taken);
        // The first layer (Input) takes what it gives.
        const Shape in = layer == net.activeLayers().front() ? layer->outputShape() : layer->inputShape();
        const Json config = layer->config();
        std::string args = "input_shape=" + shapeTuple(in);
        for (auto it = config.begin(); it != config.end(); ++it) args += ", " + it.key() + "=" + pythonLiteral(it.value());
        std::size_t params = 0;
        for (const Param& p : layer->params()) params += p.value->size();
        py += "        # " + in.str() + " → " + layer->outputShape().str() + ", " +
              withThousands(params) + " parameters\n";
        py += "        (" + pythonLiteral(python) + ", " + pythonLiteral(layer->name()) + ", wb." + layer->type() +
              "(" + args + ")),\n";
        layersOut.push_back({{"workbench", layer->name()}, {"python", python}, {"type", layer->type()},
                             {"input_shape", {in.c, in.h, in.w}},
                             {"config", config}});
    }
    return py + "    ])\n";
}

std::vector<NamedTensor> weightTensors(Network& net) {
    std::vector<std::string> keys;
    const std::vector<Param> params = net.allParams(&keys);
    std::vector<NamedTensor> out;
    for (std::size_t i = 0; i < params.size(); ++i)
        out.push_back({keys[i], shapeOf(*params[i].value),
                       std::vector<float>(params[i].value->data(), params[i].value->data() + params[i].value->size())});
    return out;
}

// The engine's state per "layer/param" as "optimizer/layer/param/k".
std::vector<NamedTensor> optimizerTensors(const ModelSpec& spec, const Session& session, const std::string& where,
                                          long long& iterations) {
    auto optimizer = Optimizer::create(spec.training.optimizer, "training.optimizer");
    restoreOptimizer(session, *optimizer, where);
    iterations = optimizer->iterations();
    std::vector<NamedTensor> out;
    for (const auto& [key, slots] : optimizer->state())
        for (std::size_t k = 0; k < slots.size(); ++k)
            out.push_back({"optimizer/" + key + "/" + std::to_string(k), {int(slots[k].size())}, slots[k]});
    return out;
}

// A training pass on generated inputs with the layers that draw random
// numbers in training (dropout) turned off, so PyTorch can repeat it exactly.
std::vector<NamedTensor> checkTensors(const ModelSpec& spec, const std::vector<NamedTensor>& weights, double& loss) {
    ModelSpec checked = spec;
    for (Json& layer : checked.layers) {
        const LayerType* type = layer.is_object() && layer.contains("type") && layer["type"].is_string()
                                    ? findLayerType(layer["type"].get<std::string>())
                                    : nullptr;
        if (type && type->category == LayerCategory::Regularisation) layer["enabled"] = false;
    }
    const Shape image = checked.buildNetwork().inputShape();
    const int classes = checked.knownClassCount().value_or(0);
    if (classes <= 0) throw SpecError("the model's class count is not known; cannot make the check batch");
    const Dataset generated = generatedCheckImages(image, classes, kPyTorchCheckSamples);
    TrainingData data;
    data.train = generated;
    data.test = generated;
    TrainerOptions options;
    options.threads = 1;
    Trainer trainer(checked, std::move(data), options);
    Session stored;
    for (const NamedTensor& w : weights) stored.weights[w.name] = w.values;
    restoreWeights(stored, trainer.network(), "the exported weights");

    std::vector<std::size_t> all(kPyTorchCheckSamples);
    std::iota(all.begin(), all.end(), std::size_t(0));
    Batch batch;
    fillBatch(generated, all, batch, LabelEncoding::Integer, float(checked.data.rescale));
    int hits = 0;
    loss = trainer.gradientsOn(batch, hits);
    if (!std::isfinite(loss)) throw SpecError("the check batch's loss is not finite with these weights; cannot export a check");

    Network& net = trainer.network();
    const Tensor& output = net.activation(net.activeLayers().size() - 1);
    std::vector<NamedTensor> out{
        {"input", {batch.inputs.batch(), image.c, image.h, image.w},
         std::vector<float>(batch.inputs.data(), batch.inputs.data() + batch.inputs.size())},
        {"labels", {kPyTorchCheckSamples}, std::vector<float>(batch.labels.begin(), batch.labels.end())},
        {"output", {output.batch(), int(output.sampleSize())}, std::vector<float>(output.data(), output.data() + output.size())},
        {"loss", {1}, {float(loss)}}};
    for (const NamedParam& p : net.trainableParams())
        out.push_back({"grad/" + p.key, shapeOf(*p.grad), std::vector<float>(p.grad->data(), p.grad->data() + p.grad->size())});
    return out;
}

Json configJson(const PyTorchExportSource& source, const Json& layers, int epochsDone, bool trained,
                std::optional<long long> optimizerIterations, double checkLoss) {
    const ModelSpec& spec = source.spec;
    Json origin = {{"kind", source.origin.kind}, {"id", source.origin.id}, {"description", source.description}};
    Json config = {
        {"format", "cnn-workbench-pytorch-project"},
        {"version", 1},
        {"name", spec.name},
        {"exported_by", std::string("CNN Workbench ") + codeVersion()},
        {"source", origin},
        {"weights", trained ? "trained in the workbench" : "initialised by the workbench from the spec's seed (untrained)"},
        {"epochs_done", epochsDone},
        {"epochs_planned", spec.training.epochs},
        {"training", spec.training.toJson()},
        {"data", spec.data.toJson()},
        {"data_manifest",
         {{"dataset", spec.data.dataset},
          {"title", datasetKind(spec.data.dataset).title},
          {"folder", "train.py --data DIR reads DIR/mnist or DIR/cifar-10-batches-bin (or DIR itself), the files "
                     "plain or .gz, as the workbench does"},
          {"get_it", "cnnwb download " + spec.data.dataset + " --data DIR"}}},
        {"distributed",
         {{"global_batch_size", spec.training.batchSize},
          {"per_rank_batch_size", "global_batch_size / WORLD_SIZE (processes over all machines); it must divide evenly"},
          {"learning_rate_scaling",
           "none: the global batch stays the workbench's, so the learning rate and schedule do too. To grow the "
           "global batch k times instead, raise batch_size here and scale learning_rate by k (linear rule, Goyal et "
           "al. 2017), warming up over the first epochs"},
          {"backend", "gloo on CPU, nccl on GPU"},
          {"rank_0_only", "evaluation, history, weights"}}},
        {"layers", layers},
        {"check", {{"samples", kPyTorchCheckSamples}, {"inputs", "generated (not data): fixed pseudo-random pixels"},
                   {"mode", "training, with dropout off (its masks are random)"}, {"engine_loss", checkLoss}}},
        {"spec", spec.toJson()},
    };
    if (optimizerIterations) config["optimizer_iterations"] = *optimizerIterations;
    return config;
}

}  // namespace

Dataset generatedCheckImages(const Shape& image, int classes, int count) {
    Dataset generated;
    generated.name = "generated images (not data)";
    generated.sampleShape = image;
    for (int c = 0; c < classes; ++c) generated.classNames.push_back(std::to_string(c));
    std::uint32_t state = 12345;  // a linear congruential sequence, its top bytes
    for (int n = 0; n < count; ++n) {
        for (std::size_t i = 0; i < image.size(); ++i) {
            state = state * 1664525u + 1013904223u;
            generated.pixels.push_back(std::uint8_t(state >> 24));
        }
        generated.labels.push_back(n % std::max(classes, 1));
    }
    return generated;
}

std::string pythonIdentifier(const std::string& name, std::vector<std::string>& taken) {
    auto valid = [&](const std::string& s) {
        if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
        for (char c : s)
            if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
        return !reservedInPython(s) && std::find(taken.begin(), taken.end(), s) == taken.end();
    };
    std::string id = name;
    if (!valid(id)) {
        std::string cleaned;
        for (char c : name) cleaned += std::isalnum(static_cast<unsigned char>(c)) && (c & 0x80) == 0 ? c : '_';
        if (cleaned.empty() || std::isdigit(static_cast<unsigned char>(cleaned[0]))) cleaned = "layer_" + cleaned;
        id = cleaned;
        for (int n = 2; !valid(id); ++n) id = cleaned + "_" + std::to_string(n);
    }
    taken.push_back(id);
    return id;
}

std::string pythonLiteral(const Json& value) {
    if (value.is_boolean()) return value.get<bool>() ? "True" : "False";
    if (value.is_null()) return "None";
    if (value.is_array()) {
        std::string s = "[";
        for (std::size_t i = 0; i < value.size(); ++i) s += (i ? ", " : "") + pythonLiteral(value[i]);
        return s + "]";
    }
    if (value.is_object()) {
        std::string s = "{";
        bool first = true;
        for (auto it = value.begin(); it != value.end(); ++it, first = false)
            s += (first ? "" : ", ") + pythonLiteral(it.key()) + ": " + pythonLiteral(it.value());
        return s + "}";
    }
    // Numbers and strings: JSON's spelling is Python's (strings as escaped UTF-8).
    return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

PyTorchExportResult exportPyTorchProject(const PyTorchExportSource& source, const std::filesystem::path& folder) {
    const ModelSpec& spec = source.spec;
    const Session* session = source.session;
    auto [net, trained] = networkWithWeights(spec, session, source.description);
    refuseWhatCannotBeExported(spec, net);

    PyTorchExportResult result;
    result.trainedWeights = trained;
    if (trained) result.epochsDone = int(session->history.epochs.size());
    Json layers = Json::array();
    const std::string model = modelPy(spec, net, source.description, layers);
    const std::vector<NamedTensor> weights = weightTensors(net);
    std::optional<long long> iterations;
    std::vector<NamedTensor> optimizer;
    if (result.trainedWeights && session->optimizerState.contains("slots")) {
        long long steps = 0;
        optimizer = optimizerTensors(spec, *session, source.description, steps);
        iterations = steps;
    }
    const std::vector<NamedTensor> check = checkTensors(spec, weights, result.checkLoss);
    result.checkSamples = kPyTorchCheckSamples;
    const std::string config =
        configJson(source, layers, result.epochsDone, result.trainedWeights, iterations, result.checkLoss).dump(2) + "\n";

    std::error_code error;
    std::filesystem::create_directories(folder, error);
    if (error || !std::filesystem::is_directory(folder))
        throw DataError(folder.string() + ": cannot make the project folder (" +
                        (error ? error.message() : "a file of that name is in the way") + ")");
    auto writeText = [&](const std::string& name, const std::string& text) {
        writeFileDurably(folder / name, [&](std::ostream& out) { out << text; });
        result.files.push_back(folder / name);
    };
    auto writeTensors = [&](const std::string& stem, const std::vector<NamedTensor>& tensors, const Json& extra) {
        writeTensorFile(folder / (stem + ".json"), folder / (stem + ".bin"), tensors, extra);
        result.files.push_back(folder / (stem + ".json"));
        result.files.push_back(folder / (stem + ".bin"));
    };
    for (const auto& f : pytorchProjectFiles()) writeText(f.name, f.text);
    writeText("model.py", model);
    writeText("config.json", config);
    writeTensors("weights", weights, {{"epochs_done", result.epochsDone}});
    if (iterations) writeTensors("optimizer", optimizer, {{"iterations", *iterations}});
    else std::filesystem::remove(folder / "optimizer.json", error);  // an earlier export's would not belong
    writeTensors("check", check, Json::object());
    return result;
}

}  // namespace cnnwb
