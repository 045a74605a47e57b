// Structure-aware mutators for specs and sessions (json_mutator.h).
#include "common/json_mutator.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

namespace cnnwb::fuzz {

namespace {

// Deeper nodes are left alone: the loader refuses documents nested beyond 64
// levels anyway, and the walk below is recursive.
constexpr int kMaxWalkDepth = 48;

// Values at the edges of what the engine checks and computes with: sizes
// around its caps, int/uint32/int64 limits, exact-double limits, tiny and
// huge floats.
const std::vector<Json>& interestingNumbers() {
    static const std::vector<Json> values = [] {
        std::vector<Json> v;
        for (long long n : {0LL, 1LL, -1LL, 2LL, 3LL, 4LL, 5LL, 7LL, 8LL, 9LL, 10LL, 11LL, 16LL, 28LL, 32LL, 33LL,
                            255LL, 256LL, 1000LL, 4095LL, 4096LL, 4097LL, 16384LL, 16385LL, 65535LL, 65536LL,
                            1LL << 24, (1LL << 28) + 1, 2147483647LL, 2147483648LL, -2147483648LL, -2147483649LL,
                            4294967295LL, 4294967296LL, 1LL << 53, (1LL << 53) + 1,
                            std::numeric_limits<long long>::max(), std::numeric_limits<long long>::min()})
            v.emplace_back(n);
        v.emplace_back(std::numeric_limits<unsigned long long>::max());
        for (double d : {0.5, 0.9, 0.999999, 1.5, -0.5, 1e-7, 1e-300, 4.9e-324, 1e300, -1e300, 1.7976931348623157e308,
                         -0.0, 2147483647.5, 4294967296.5, 1e19})
            v.emplace_back(d);
        return v;
    }();
    return values;
}

// Names the engine reads: layer types, activations, paddings, losses,
// optimizers, data sets, classes, formats, statuses; and awkward text.
const std::vector<std::string>& interestingStrings() {
    static const std::vector<std::string> values{
        "Input", "Dense", "Flatten", "Dropout", "Activation", "Conv2D", "DepthwiseConv2D", "MaxPool2D",
        "AveragePool2D", "GlobalAveragePooling2D", "BatchNormalization", "RBF", "relu", "tanh", "sigmoid",
        "softmax", "linear", "same", "valid", "categorical_crossentropy", "mean_squared_error", "mse", "SGD",
        "RMSprop", "Adadelta", "Adam", "mnist", "cifar10", "airplane", "ship", "0", "9", "glorot_uniform", "zeros",
        "he_normal", "test_accuracy", "test_error", "val_accuracy", "cnn-workbench-model", "cnn-workbench-session",
        "finished", "stopped", "new", "failed: x", "edited after training", "preset", "run", "file",
        "input/kernel", "h1/kernel", "h1/bias", "output/bias", "", " ", "\xE2\x86\x92", std::string(1, '\0'),
        std::string(300, 'a')};
    return values;
}

// Field names of specs and sessions, for added or renamed fields.
const std::vector<std::string>& interestingKeys() {
    static const std::vector<std::string> values{
        "type", "name", "enabled", "shape", "units", "activation", "filters", "kernel_size", "strides", "padding",
        "pool_size", "rate", "use_bias", "depth_multiplier", "epsilon", "momentum", "kernel_initializer",
        "layers", "training", "data", "reported", "format", "version", "id", "experiment", "description", "loss",
        "optimizer", "learning_rate", "rho", "nesterov", "weight_decay", "batch_size", "epochs", "seed", "dataset",
        "classes", "per_class", "validation_split", "test_each_epoch", "rescale", "augmentation", "rotation_range",
        "width_shift_range", "height_shift_range", "horizontal_flip", "channel_shift_range", "metric", "value",
        "spec", "history", "batches", "epochs", "tensors", "offset", "count", "data_bytes", "optimizer_state",
        "slots", "iterations", "run", "status", "threads", "wall_seconds", "train", "validation", "test",
        "accuracy", "seconds", "images_per_second", "epoch", "parent", "kind", "changes", "tags"};
    return values;
}

template <typename T>
const T& pick(const std::vector<T>& v, std::mt19937& rng) {
    return v[rng() % v.size()];
}

void collectNodes(Json& node, int depth, std::vector<Json*>& out) {
    out.push_back(&node);
    if (depth >= kMaxWalkDepth) return;
    if (node.is_array())
        for (Json& child : node) collectNodes(child, depth + 1, out);
    else if (node.is_object())
        for (auto it = node.begin(); it != node.end(); ++it) collectNodes(it.value(), depth + 1, out);
}

Json numberNear(const Json& node, std::mt19937& rng) {
    if (rng() % 2 == 0 || !node.is_number()) return pick(interestingNumbers(), rng);
    if (node.is_number_integer()) {
        // Wrapping arithmetic: the fuzzer itself must not overflow (UBSan
        // would stop it), and a wrapped value is as good a test as any.
        const auto v = node.is_number_unsigned() ? node.get<unsigned long long>()
                                                 : static_cast<unsigned long long>(node.get<long long>());
        switch (rng() % 4) {
        case 0: return Json(static_cast<long long>(v + 1));
        case 1: return Json(static_cast<long long>(v - 1));
        case 2: return Json(static_cast<long long>(v * 2));
        default: return Json(static_cast<long long>(0 - v));
        }
    }
    const double v = node.get<double>();
    switch (rng() % 4) {
    case 0: return Json(v + 1);
    case 1: return Json(v * 2);
    case 2: return Json(v / 2);
    default: return Json(-v);
    }
}

Json randomScalar(std::mt19937& rng) {
    switch (rng() % 6) {
    case 0: return Json(pick(interestingStrings(), rng));
    case 1: return Json(bool(rng() % 2));
    case 2: return Json(nullptr);
    case 3: return Json::array();
    case 4: return Json::object();
    default: return pick(interestingNumbers(), rng);
    }
}

void editArray(Json& array, const std::vector<Json*>& nodes, std::mt19937& rng) {
    const std::size_t n = array.size();
    switch (rng() % 6) {
    case 0:
        if (n > 0) array.erase(array.begin() + std::ptrdiff_t(rng() % n));
        break;
    case 1:
        if (n > 0) {
            const Json copy = array[rng() % n];
            array.insert(array.begin() + std::ptrdiff_t(rng() % (n + 1)), copy);
        }
        break;
    case 2:
        if (n > 1) std::swap(array[rng() % n], array[rng() % n]);
        break;
    case 3: array.push_back(pick(interestingNumbers(), rng)); break;
    case 4: {
        Json copy = *pick(nodes, rng);  // copied first: the source may be inside `array`
        array.push_back(std::move(copy));
        break;
    }
    default: array = Json::array(); break;
    }
}

void editObject(Json& object, const std::vector<Json*>& nodes, std::mt19937& rng) {
    std::vector<std::string> keys;
    for (auto it = object.begin(); it != object.end(); ++it) keys.push_back(it.key());
    switch (rng() % 4) {
    case 0:
        if (!keys.empty()) object.erase(pick(keys, rng));
        break;
    case 1: object[pick(interestingKeys(), rng)] = randomScalar(rng); break;
    case 2: {
        Json copy = *pick(nodes, rng);  // copied first: the source may be inside `object`
        object[pick(interestingKeys(), rng)] = std::move(copy);
        break;
    }
    default:
        if (!keys.empty()) {
            const std::string from = pick(keys, rng);
            Json value = object[from];
            object.erase(from);
            object[pick(interestingKeys(), rng)] = std::move(value);
        }
        break;
    }
}

// One edit of one node. The node list is rebuilt by the caller after each
// edit, since an edit may invalidate pointers into the document.
void editOnce(Json& doc, std::mt19937& rng) {
    std::vector<Json*> nodes;
    collectNodes(doc, 0, nodes);
    Json& node = *pick(nodes, rng);
    const unsigned how = rng() % 10;
    if (how == 0) {
        node = randomScalar(rng);  // another type altogether
    } else if (how == 1) {
        Json copy = *pick(nodes, rng);  // copied first: the source may be inside `node`
        node = std::move(copy);
    } else if (node.is_number()) {
        node = numberNear(node, rng);
    } else if (node.is_string()) {
        node = pick(interestingStrings(), rng);
    } else if (node.is_boolean()) {
        node = !node.get<bool>();
    } else if (node.is_array()) {
        editArray(node, nodes, rng);
    } else if (node.is_object()) {
        editObject(node, nodes, rng);
    } else {
        node = randomScalar(rng);
    }
}

std::string dumpText(const Json& doc) {
    // Invalid UTF-8 cannot come from the parser, but a replaced byte sequence
    // is safer than an exception inside the fuzzer's mutator.
    return doc.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::size_t store(const std::string& bytes, std::uint8_t* data, std::size_t maxSize) {
    if (bytes.size() > maxSize) return 0;
    std::memcpy(data, bytes.data(), bytes.size());
    return bytes.size();
}

constexpr const char* kSessionMagic = "CNNWB-SESSION ";

}  // namespace

void mutateJson(Json& doc, std::mt19937& rng) {
    const unsigned edits = 1 + rng() % 4;
    for (unsigned i = 0; i < edits; ++i) editOnce(doc, rng);
}

std::size_t mutateSpecText(std::uint8_t* data, std::size_t size, std::size_t maxSize, unsigned seed,
                           ByteMutator bytes) {
    std::mt19937 rng(seed);
    if (rng() % 8 == 0) return bytes(data, size, maxSize);
    Json doc = Json::parse(data, data + size, nullptr, false);
    if (doc.is_discarded()) return bytes(data, size, maxSize);
    mutateJson(doc, rng);
    const std::size_t written = store(dumpText(doc), data, maxSize);
    return written > 0 ? written : bytes(data, size, maxSize);
}

std::size_t mutateSessionFile(std::uint8_t* data, std::size_t size, std::size_t maxSize, unsigned seed,
                              ByteMutator bytes) {
    std::mt19937 rng(seed);
    if (rng() % 10 == 0) return bytes(data, size, maxSize);

    // Split the file into its parts; anything that does not split is mutated as bytes.
    const std::string file(reinterpret_cast<const char*>(data), size);
    const std::size_t newline = file.find('\n');
    if (file.rfind(kSessionMagic, 0) != 0 || newline == std::string::npos || newline > 64 ||
        size < newline + 1 + 8)
        return bytes(data, size, maxSize);
    std::uint64_t length = 0;
    for (int i = 0; i < 8; ++i) length |= std::uint64_t(std::uint8_t(file[newline + 1 + i])) << (8 * i);
    const std::size_t headerStart = newline + 1 + 8;
    if (length > size - headerStart) return bytes(data, size, maxSize);
    std::string magicLine = file.substr(0, newline + 1);
    std::string header = file.substr(headerStart, std::size_t(length));
    std::string tensors = file.substr(headerStart + std::size_t(length));

    const unsigned part = rng() % 10;
    if (part == 0) {
        // The version on the magic line.
        static const std::vector<std::string> versions{"0", "1", "2", "-1", "+1", " 1", "1x", "99999999999999999999", ""};
        magicLine = std::string(kSessionMagic) + pick(versions, rng) + "\n";
    } else if (part == 1 && !tensors.empty()) {
        // The tensor bytes (through libFuzzer's byte mutator, within the room left).
        const std::size_t room = maxSize > size - tensors.size() ? maxSize - (size - tensors.size()) : 0;
        if (room == 0) return bytes(data, size, maxSize);
        std::vector<std::uint8_t> buffer(room);
        std::memcpy(buffer.data(), tensors.data(), std::min(room, tensors.size()));
        const std::size_t n = bytes(buffer.data(), std::min(room, tensors.size()), room);
        tensors.assign(reinterpret_cast<const char*>(buffer.data()), n);
    } else {
        Json doc = Json::parse(header, nullptr, false);
        if (doc.is_discarded()) return bytes(data, size, maxSize);
        mutateJson(doc, rng);
        header = dumpText(doc);
    }

    std::string out = magicLine;
    for (int i = 0; i < 8; ++i) out.push_back(char(std::uint8_t(std::uint64_t(header.size()) >> (8 * i))));
    out += header;
    out += tensors;
    const std::size_t written = store(out, data, maxSize);
    return written > 0 ? written : bytes(data, size, maxSize);
}

}  // namespace cnnwb::fuzz
