#include "onnx_export.h"

#include "graph_builder.h"
#include "tensor_file.h"

#include "../code_version.h"
#include "../durable_file.h"
#include "../errors.h"
#include "../json_text.h"

#include <onnx/checker.h>
#include <onnx/onnx_pb.h>

#include <numeric>

namespace cnnwb {

namespace {

// ONNX's IR version 7 is the one opset 13 came with; every reader of opset 13 takes it.
constexpr std::int64_t kIrVersion = 7;
constexpr std::uintmax_t kMaxOnnxBytes = 2ull << 30;  // protobuf's own limit

class OnnxGraph : public GraphBuilder {
public:
    explicit OnnxGraph(onnx::GraphProto& g) : g_(g) {}

    std::string convolution(const std::string& in, const std::string& layer, const std::string& kernelName,
                            const Tensor& kernel, const Tensor* bias, std::array<int, 2> strides,
                            std::array<int, 4> pads, int groups) override {
        const Shape k = kernel.sampleShape();
        std::vector<std::string> inputs{in, weights(layer + "/" + kernelName, kernel, {kernel.batch(), k.c, k.h, k.w})};
        if (bias) inputs.push_back(weights(layer + "/bias", *bias, {std::int64_t(bias->size())}));
        onnx::NodeProto& n = node("Conv", layer, inputs, layer + "/conv");
        ints(n, "kernel_shape", {k.h, k.w});
        ints(n, "strides", {strides[0], strides[1]});
        ints(n, "pads", {pads[0], pads[1], pads[2], pads[3]});  // ONNX: top, left, bottom, right
        integer(n, "group", groups);
        return n.output(0);
    }

    std::string dense(const std::string& in, const std::string& layer, const Tensor& kernel, const Tensor* bias) override {
        const std::int64_t units = kernel.batch(), inputs = std::int64_t(kernel.sampleSize());
        std::vector<std::string> args{in, weights(layer + "/kernel", kernel, {units, inputs})};
        if (bias) args.push_back(weights(layer + "/bias", *bias, {units}));
        onnx::NodeProto& n = node("Gemm", layer, args, layer + "/dense");
        integer(n, "transB", 1);  // the kernel is [units, inputs]
        return n.output(0);
    }

    std::string activation(const std::string& in, const std::string& layer, ActivationKind kind,
                           const Shape& shape) override {
        switch (kind) {
        case ActivationKind::Linear: return in;
        case ActivationKind::Relu: return node("Relu", layer, {in}, layer + "/relu").output(0);
        case ActivationKind::Tanh: return node("Tanh", layer, {in}, layer + "/tanh").output(0);
        case ActivationKind::Sigmoid: return node("Sigmoid", layer, {in}, layer + "/sigmoid").output(0);
        case ActivationKind::Softmax:
            if (shape.isFlat()) return node("Softmax", layer, {in}, layer + "/softmax").output(0);
            // Over all of a sample's values, as the engine: flatten, softmax, back to C×H×W.
            {
                const std::string flat = node("Flatten", layer, {in}, layer + "/softmax_flat").output(0);
                const std::string soft = node("Softmax", layer, {flat}, layer + "/softmax").output(0);
                const std::string dims = int64s(layer + "/softmax_shape", {-1, shape.c, shape.h, shape.w});
                return node("Reshape", layer, {soft, dims}, layer + "/softmax_map").output(0);
            }
        }
        throw std::logic_error("unknown activation");
    }

    std::string maxPool(const std::string& in, const std::string& layer, std::array<int, 2> size,
                        std::array<int, 2> strides, std::array<int, 4> pads) override {
        onnx::NodeProto& n = node("MaxPool", layer, {in}, layer + "/max_pool");  // padding never wins
        window(n, size, strides, pads);
        return n.output(0);
    }

    std::string averagePool(const std::string& in, const std::string& layer, std::array<int, 2> size,
                            std::array<int, 2> strides, std::array<int, 4> pads) override {
        onnx::NodeProto& n = node("AveragePool", layer, {in}, layer + "/average_pool");
        window(n, size, strides, pads);
        integer(n, "count_include_pad", 0);  // the mean over the window's part inside the image
        return n.output(0);
    }

    std::string globalAveragePool(const std::string& in, const std::string& layer, bool keepDims) override {
        const std::string pooled = node("GlobalAveragePool", layer, {in}, layer + "/pool").output(0);
        return keepDims ? pooled : flatten(pooled, layer);
    }

    std::string flatten(const std::string& in, const std::string& layer) override {
        return node("Flatten", layer, {in}, layer + "/flatten").output(0);  // axis 1, channels-first as the engine
    }

    std::string batchNormalization(const std::string& in, const std::string& layer, const Tensor& scale,
                                   const Tensor& shift, const Tensor& mean, const Tensor& variance,
                                   double epsilon) override {
        const std::int64_t c = std::int64_t(scale.size());
        onnx::NodeProto& n = node("BatchNormalization", layer,
                                  {in, weights(layer + "/gamma", scale, {c}), weights(layer + "/beta", shift, {c}),
                                   weights(layer + "/moving_mean", mean, {c}),
                                   weights(layer + "/moving_variance", variance, {c})},
                                  layer + "/batch_norm");
        onnx::AttributeProto* a = n.add_attribute();
        a->set_name("epsilon");
        a->set_type(onnx::AttributeProto::FLOAT);
        a->set_f(float(epsilon));
        return n.output(0);
    }

    std::string squaredDistances(const std::string& in, const std::string& layer, const Tensor& centres) override {
        // |x − c|² = −2 x·c + 1·x² + |c|²: one product of [x, x²] with rows [−2c, 1…1], plus |c|² —
        // plain Mul, Concat and Gemm, which every runtime has.
        const std::int64_t units = centres.batch(), inputs = std::int64_t(centres.sampleSize());
        Tensor rows(int(units), Shape::vector(int(2 * inputs)));
        Tensor norms(1, Shape::vector(int(units)));
        for (std::int64_t j = 0; j < units; ++j) {
            const float* c = centres.sample(int(j));
            float* row = rows.sample(int(j));
            double sum = 0;
            for (std::int64_t i = 0; i < inputs; ++i) {
                row[i] = -2.0f * c[i];
                row[inputs + i] = 1.0f;
                sum += double(c[i]) * c[i];
            }
            norms.data()[j] = float(sum);
        }
        const std::string squares = node("Mul", layer, {in, in}, layer + "/input_squares").output(0);
        onnx::NodeProto& both = node("Concat", layer, {in, squares}, layer + "/input_and_squares");
        integer(both, "axis", 1);
        onnx::NodeProto& distances =
            node("Gemm", layer,
                 {both.output(0), weights(layer + "/kernel_expanded", rows, {units, 2 * inputs}),
                  weights(layer + "/kernel_norm", norms, {units})},
                 layer + "/distances");
        integer(distances, "transB", 1);
        return distances.output(0);
    }

private:
    onnx::NodeProto& node(const std::string& op, const std::string& layer, const std::vector<std::string>& inputs,
                          const std::string& output) {
        onnx::NodeProto* n = g_.add_node();
        n->set_op_type(op);
        n->set_name(output);
        n->set_doc_string("layer " + layer);
        for (const std::string& i : inputs) n->add_input(i);
        n->add_output(output);
        return *n;
    }

    std::string weights(const std::string& name, const Tensor& t, const std::vector<std::int64_t>& dims) {
        onnx::TensorProto* w = g_.add_initializer();
        w->set_name(name);
        w->set_data_type(onnx::TensorProto::FLOAT);
        for (std::int64_t d : dims) w->add_dims(d);
        w->set_raw_data(std::string(reinterpret_cast<const char*>(t.data()), t.size() * sizeof(float)));
        return name;
    }

    std::string int64s(const std::string& name, const std::vector<std::int64_t>& values) {
        onnx::TensorProto* w = g_.add_initializer();
        w->set_name(name);
        w->set_data_type(onnx::TensorProto::INT64);
        w->add_dims(std::int64_t(values.size()));
        for (std::int64_t v : values) w->add_int64_data(v);
        return name;
    }

    static void ints(onnx::NodeProto& n, const char* name, const std::vector<std::int64_t>& values) {
        onnx::AttributeProto* a = n.add_attribute();
        a->set_name(name);
        a->set_type(onnx::AttributeProto::INTS);
        for (std::int64_t v : values) a->add_ints(v);
    }

    static void integer(onnx::NodeProto& n, const char* name, std::int64_t value) {
        onnx::AttributeProto* a = n.add_attribute();
        a->set_name(name);
        a->set_type(onnx::AttributeProto::INT);
        a->set_i(value);
    }

    static void window(onnx::NodeProto& n, std::array<int, 2> size, std::array<int, 2> strides, std::array<int, 4> pads) {
        ints(n, "kernel_shape", {size[0], size[1]});
        ints(n, "strides", {strides[0], strides[1]});
        ints(n, "pads", {pads[0], pads[1], pads[2], pads[3]});
    }

    onnx::GraphProto& g_;
};

void declareValue(onnx::ValueInfoProto* v, const std::string& name, const Shape& shape) {
    v->set_name(name);
    onnx::TypeProto_Tensor* t = v->mutable_type()->mutable_tensor_type();
    t->set_elem_type(onnx::TensorProto::FLOAT);
    onnx::TensorShapeProto* s = t->mutable_shape();
    s->add_dim()->set_dim_param("batch");
    if (shape.isFlat()) {
        s->add_dim()->set_dim_value(shape.c);
    } else {
        for (int d : {shape.c, shape.h, shape.w}) s->add_dim()->set_dim_value(d);
    }
}

OnnxSummary summarize(const onnx::ModelProto& model) {
    OnnxSummary s;
    s.irVersion = model.ir_version();
    for (const auto& o : model.opset_import())
        if (o.domain().empty() || o.domain() == "ai.onnx") s.opset = o.version();
    s.producer = model.producer_name() + " " + model.producer_version();
    for (const auto& n : model.graph().node()) s.nodes.push_back({n.op_type(), n.name()});
    for (const auto& t : model.graph().initializer()) {
        OnnxInitializerSummary i{t.name(), {t.dims().begin(), t.dims().end()}};
        if (t.data_type() == onnx::TensorProto::FLOAT) s.weightValues += t.raw_data().size() / sizeof(float);
        s.initializers.push_back(std::move(i));
    }
    for (const auto& v : model.graph().input()) s.inputs.push_back(v.name());
    for (const auto& v : model.graph().output()) s.outputs.push_back(v.name());
    return s;
}

}  // namespace

OnnxSummary exportOnnx(const Network& net, const std::string& modelName, const std::string& description,
                       const std::filesystem::path& file) {
    onnx::ModelProto model;
    model.set_ir_version(kIrVersion);
    model.set_producer_name("CNN Workbench");
    model.set_producer_version(codeVersion());
    model.set_doc_string(modelName + " (" + description + ")");
    onnx::OperatorSetIdProto* opset = model.add_opset_import();
    opset->set_domain("");
    opset->set_version(kOnnxOpset);
    onnx::GraphProto* graph = model.mutable_graph();
    graph->set_name(modelName);

    declareValue(graph->add_input(), "input", net.inputShape());
    OnnxGraph builder(*graph);
    std::string value = "input";
    for (const Layer* layer : net.activeLayers()) value = layer->addToGraph(builder, value);
    // The last value gets the graph's output name.
    if (value == "input") throw SpecError("the model has no layer after its input; nothing to export");
    for (auto& n : *graph->mutable_node())
        for (auto& o : *n.mutable_output())
            if (o == value) o = "output";
    for (auto& n : *graph->mutable_node())
        for (auto& i : *n.mutable_input())
            if (i == value) i = "output";
    declareValue(graph->add_output(), "output", net.outputShape());

    try {
        onnx::checker::check_model(model);
    } catch (const std::exception& e) {
        throw std::logic_error(std::string("the ONNX graph made for '") + modelName + "' fails ONNX's checker: " + e.what());
    }
    std::string bytes;
    if (!model.SerializeToString(&bytes)) throw SpecError(file.string() + ": the model is too large for one ONNX file");
    writeFileDurably(file, [&](std::ostream& out) { out.write(bytes.data(), std::streamsize(bytes.size())); });
    return summarize(model);
}

OnnxSummary readOnnx(const std::filesystem::path& file) {
    const std::string bytes = readRegularFile(file, kMaxOnnxBytes, "ONNX model");
    onnx::ModelProto model;
    if (!model.ParseFromString(bytes)) throw SpecError(file.string() + ": not an ONNX model (it does not parse)");
    try {
        onnx::checker::check_model(model);
    } catch (const std::exception& e) {
        throw SpecError(file.string() + ": fails ONNX's checker: " + e.what());
    }
    return summarize(model);
}

void writeInferenceCheck(Network& net, const Dataset& images, int count, float pixelScale,
                         const std::filesystem::path& index, const std::filesystem::path& data) {
    count = std::min<int>(count, int(images.size()));
    if (count <= 0) throw DataError(images.name + ": no images to check with");
    std::vector<std::size_t> first(static_cast<std::size_t>(count));
    std::iota(first.begin(), first.end(), std::size_t(0));
    Batch batch;
    fillBatch(images, first, batch, LabelEncoding::Integer, pixelScale);
    const Tensor& out = net.forward(batch.inputs, Mode::Inference);
    const Shape in = batch.inputs.sampleShape();
    writeTensorFile(index, data,
                    {{"input", {count, in.c, in.h, in.w},
                      std::vector<float>(batch.inputs.data(), batch.inputs.data() + batch.inputs.size())},
                     {"labels", {count}, std::vector<float>(batch.labels.begin(), batch.labels.end())},
                     {"output", {count, int(out.sampleSize())}, std::vector<float>(out.data(), out.data() + out.size())}},
                    {{"images", images.name + ", the first " + std::to_string(count)}});
}

}  // namespace cnnwb
