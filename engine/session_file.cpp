#include "session_file.h"

#include "code_version.h"
#include "durable_file.h"
#include "errors.h"
#include "json_text.h"
#include "limits.h"
#include "machine.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <cstdio>
#include <cstring>
#include <fstream>

namespace cnnwb {

static const char* kMagic = "CNNWB-SESSION ";

std::string run_status::failed(const std::string& message) { return "failed: " + message; }
bool run_status::isFailed(const std::string& status) { return status.rfind("failed", 0) == 0; }

RunMeta RunMeta::fromJson(const Json& j, const std::string& where) {
    RunMeta r;
    if (j.is_null()) return r;
    try {
        r.id = j.value("id", "");
        r.name = j.value("name", "");
        if (j.contains("parent")) r.parent = {j["parent"].value("kind", ""), j["parent"].value("id", "")};
        r.changes = j.value("changes", std::vector<std::string>{});
        r.tags = j.value("tags", std::vector<std::string>{});
        r.note = j.value("note", "");
        r.started = j.value("started", "");
        r.sweep = j.value("sweep", "");
    } catch (const Json::exception& e) {
        throw SpecError(where + ": the run's record is damaged (" + e.what() + ")");
    }
    return r;
}

Json RunMeta::toJson() const {
    return {{"id", id}, {"name", name}, {"parent", {{"kind", parent.kind}, {"id", parent.id}}}, {"changes", changes},
            {"tags", tags}, {"note", note}, {"started", started}, {"sweep", sweep}};
}

Session captureSession(Trainer& trainer, const std::string& status) {
    Session s;
    s.spec = trainer.spec();
    s.seed = trainer.seed();
    s.history = trainer.history();
    s.engineVersion = codeVersion();
    s.status = status;
    s.machine = machineDescription();
    s.threads = trainer.threads();
    s.wallSeconds = trainer.wallSeconds();
    s.weightHistory = trainer.weightHistory();
    captureWeights(trainer.network(), s);
    captureOptimizer(trainer.optimizer(), s);
    return s;
}

Session untrainedSession(const ModelSpec& spec) {
    Session s;
    s.spec = spec;
    s.seed = spec.training.seed;
    s.engineVersion = codeVersion();
    return s;
}

void captureWeights(Network& net, Session& s) {
    std::vector<std::string> keys;
    const auto params = net.allParams(&keys);
    s.weights.clear();
    for (std::size_t i = 0; i < params.size(); ++i)
        s.weights[keys[i]].assign(params[i].value->storage().begin(), params[i].value->storage().end());
}

void restoreWeights(const Session& s, Network& net, const std::string& where) {
    std::vector<std::string> keys;
    const auto params = net.allParams(&keys);
    for (std::size_t i = 0; i < params.size(); ++i) {
        auto it = s.weights.find(keys[i]);
        if (it == s.weights.end()) throw SpecError(where + ": no weights stored for '" + keys[i] + "'");
        if (it->second.size() != params[i].value->size())
            throw SpecError(where + ": '" + keys[i] + "' has " + std::to_string(it->second.size()) +
                            " values, the model needs " + std::to_string(params[i].value->size()));
        std::copy(it->second.begin(), it->second.end(), params[i].value->data());
    }
}

void captureOptimizer(const Optimizer& opt, Session& s) {
    Json slots = Json::object();
    for (const auto& [key, arrays] : opt.state()) slots[key] = arrays;
    s.optimizerState = {{"iterations", opt.iterations()}, {"slots", slots}};
}

// Reads what captureOptimizer() writes, {"iterations": n, "slots": {"layer/param":
// [[v, ...], ...]}}, checking every part: it comes from a file, and a JSON
// library exception must not be what a damaged file gives (nor a number
// beyond float range, which would quietly become infinity). JSON has no NaN
// or infinity, so the writer turns a diverged run's non-finite values into
// null; they are read back as NaN, like the history's. Fills `state` and
// `iterations` when given.
static void readOptimizerState(const Json& j, const std::string& where,
                               std::map<std::string, std::vector<std::vector<float>>>* state, long long* iterations) {
    const std::string what = where + ": damaged optimizer state";
    if (!j.is_object()) throw SpecError(what + " must be a JSON object; got " + jsonTypeName(j));
    const long long steps =
        j.contains("iterations") ? jsonInteger(j["iterations"], 0, INT64_MAX, what + ": 'iterations'") : 0;
    if (iterations) *iterations = steps;
    if (!j.contains("slots")) return;
    const Json& slots = j["slots"];
    if (!slots.is_object())
        throw SpecError(what + ": 'slots' must be an object of \"layer/param\": [[values], ...]; got " +
                        jsonTypeName(slots));
    for (auto it = slots.begin(); it != slots.end(); ++it) {
        const std::string of = what + " of '" + it.key() + "'";
        if (!it->is_array()) throw SpecError(of + " must be a list of arrays of numbers; got " + jsonTypeName(*it));
        std::vector<std::vector<float>>* arrays = state ? &(*state)[it.key()] : nullptr;
        for (std::size_t a = 0; a < it->size(); ++a) {
            const Json& array = (*it)[a];
            const std::string at = of + ", array " + std::to_string(a + 1);
            if (!array.is_array()) throw SpecError(at + " must be a list of numbers; got " + jsonTypeName(array));
            std::vector<float>* values = arrays ? &arrays->emplace_back() : nullptr;
            if (values) values->reserve(array.size());
            for (std::size_t i = 0; i < array.size(); ++i) {
                const Json& v = array[i];
                if (!v.is_number() && !v.is_null())
                    throw SpecError(at + ", value " + std::to_string(i + 1) + " must be a number; got " +
                                    jsonTypeName(v));
                const double x = v.is_null() ? std::numeric_limits<double>::quiet_NaN() : v.get<double>();
                if (std::abs(x) > double(std::numeric_limits<float>::max()))
                    throw SpecError(at + ", value " + std::to_string(i + 1) + " is " + v.dump() +
                                    ", beyond the range of a float (the state is saved as floats)");
                if (values) values->push_back(float(x));
            }
        }
    }
}

void restoreOptimizer(const Session& s, Optimizer& opt, const std::string& where) {
    std::map<std::string, std::vector<std::vector<float>>> state;
    long long iterations = 0;
    readOptimizerState(s.optimizerState, where, &state, &iterations);
    if (!s.optimizerState.contains("slots")) return;
    opt.setState(std::move(state));
    opt.setIterations(iterations);
}

static Json scoreJson(const Score& s) { return {{"loss", s.loss}, {"accuracy", s.accuracy}}; }

Json historyToJson(const History& h) {
    Json batches = Json::array();
    for (const auto& b : h.batches)
        batches.push_back(
            {b.epoch, b.batch, b.batchesPerEpoch, b.loss, b.accuracy, b.imagesPerSecond, b.elapsedSeconds, b.learningRate});
    Json epochs = Json::array();
    for (const auto& e : h.epochs) {
        Json j = {{"epoch", e.epoch}, {"train", scoreJson(e.train)}, {"seconds", e.seconds},
                  {"images_per_second", e.imagesPerSecond}};
        if (e.validation) j["validation"] = scoreJson(*e.validation);
        if (e.test) j["test"] = scoreJson(*e.test);
        epochs.push_back(j);
    }
    return {{"batch_columns", {"epoch", "batch", "batches_per_epoch", "loss", "accuracy", "images_per_second",
                               "elapsed_seconds", "learning_rate"}},
            {"batches", batches}, {"epochs", epochs}};
}

History historyFromJson(const Json& j, const std::string& where) {
    History h;
    const std::string what = where + ": the training history";
    auto count = [&](const Json& v) { return int(jsonInteger(v, 0, std::numeric_limits<int>::max(), what + ": a count")); };
    // JSON has no NaN: a diverged run's loss is written as null and read back as NaN.
    auto number = [&](const Json& v) {
        if (v.is_null()) return std::numeric_limits<double>::quiet_NaN();
        if (!v.is_number()) throw SpecError(what + ": expected a number; got " + jsonTypeName(v));
        return v.get<double>();
    };
    try {
        for (const auto& b : j.at("batches"))
            // Sessions before learning-rate schedules have seven columns: their rate is not known (NaN).
            h.batches.push_back({count(b.at(0)), count(b.at(1)), count(b.at(2)), number(b.at(3)), number(b.at(4)),
                                 number(b.at(5)), number(b.at(6)), b.size() > 7 ? number(b.at(7)) : number(nullptr)});
        for (const auto& e : j.at("epochs")) {
            EpochStats s;
            s.epoch = count(e.at("epoch"));
            s.train = {number(e.at("train").at("loss")), number(e.at("train").at("accuracy"))};
            if (e.contains("validation"))
                s.validation = Score{number(e["validation"].at("loss")), number(e["validation"].at("accuracy"))};
            if (e.contains("test")) s.test = Score{number(e["test"].at("loss")), number(e["test"].at("accuracy"))};
            s.seconds = number(e.at("seconds"));
            s.imagesPerSecond = number(e.at("images_per_second"));
            h.epochs.push_back(s);
        }
    } catch (const Json::exception& e) {
        throw SpecError(what + " is damaged (" + e.what() + ")");
    }
    return h;
}

void saveSession(const Session& s, const std::filesystem::path& path) {
    Json index = Json::array();
    std::uint64_t offset = 0;
    for (const auto& [key, values] : s.weights) {
        index.push_back({{"name", key}, {"offset", offset}, {"count", values.size()}});
        offset += values.size() * sizeof(float);
    }
    const std::uint64_t historyOffset = offset;
    offset += s.weightHistory.bytes();
    Json header = {{"format", "cnn-workbench-session"}, {"version", kSessionVersion},
                         {"engine_version", s.engineVersion.empty() ? std::string(codeVersion()) : s.engineVersion},
                         {"status", s.status}, {"seed", s.seed},
                         {"machine", s.machine}, {"threads", s.threads}, {"wall_seconds", s.wallSeconds},
                         {"run", s.run.toJson()},
                         {"spec", s.spec.toJson()}, {"history", historyToJson(s.history)},
                         {"optimizer_state", s.optimizerState}, {"tensors", index}, {"data_bytes", offset}};
    if (!s.draft.is_null()) header["draft"] = s.draft;
    if (!s.weightHistory.empty() || s.weightHistory.tooLarge()) {
        header["weight_history"] = s.weightHistory.toJson();
        header["weight_history"]["offset"] = historyOffset;
    }
    // A name that is not UTF-8 (from a file name) is saved with U+FFFD rather than refused.
    const std::string text = header.dump(-1, ' ', false, Json::error_handler_t::replace);

    try {
        writeFileDurably(path, [&](std::ostream& out) {
            out << kMagic << kSessionVersion << "\n";
            std::uint64_t len = text.size();
            unsigned char lenBytes[8];
            for (int i = 0; i < 8; ++i) lenBytes[i] = static_cast<unsigned char>(len >> (8 * i));
            out.write(reinterpret_cast<const char*>(lenBytes), 8);
            out.write(text.data(), std::streamsize(text.size()));
            for (const auto& [key, values] : s.weights)
                out.write(reinterpret_cast<const char*>(values.data()), std::streamsize(values.size() * sizeof(float)));
            for (std::size_t i = 0; i < s.weightHistory.size(); ++i) {
                const std::vector<float>& copy = s.weightHistory.snapshot(i);
                out.write(reinterpret_cast<const char*>(copy.data()), std::streamsize(copy.size() * sizeof(float)));
            }
        });
    } catch (const FileWriteError& e) {
        throw SpecError(e.what());
    }
}

// The filter history's copies: `copies` × `floats` values from its offset in the data.
static void readWeightHistory(const Json& j, std::ifstream& in, std::uint64_t dataStart, std::uint64_t dataBytes,
                              Session& s, const std::string& where) {
    const auto [copies, floats] = WeightHistory::shapeOf(j, where);
    const auto offset = std::uint64_t(jsonInteger(j.at("offset"), 0, INT64_MAX, where + ": the filter history's offset"));
    // Checked without overflow: the counts come from the file.
    const std::uint64_t available = offset <= dataBytes ? (dataBytes - offset) / sizeof(float) : 0;
    if (copies > 0 && floats == 0) throw SpecError(where + ": damaged (the filter history's copies follow no parameters)");
    if (copies > 0 && (floats > available || copies > available / floats))
        throw SpecError(where + ": damaged (the filter history is larger than the file's data)");
    // A history is written within its own limit; one that claims more was not written by us.
    if (copies > 0 && copies * floats > s.spec.training.weightHistory.budgetBytes() / sizeof(float))
        throw SpecError(where + ": damaged (the filter history is larger than its limit of " +
                        std::to_string(s.spec.training.weightHistory.maxMegabytes) + " MB)");
    std::vector<std::vector<float>> values(copies, std::vector<float>(floats));
    in.seekg(std::streamoff(dataStart + offset));
    for (auto& copy : values)
        if (!in.read(reinterpret_cast<char*>(copy.data()), std::streamsize(floats * sizeof(float))))
            throw SpecError(where + ": damaged (the filter history is cut short)");
    s.weightHistory = WeightHistory::fromJson(j, s.spec.training.weightHistory, std::move(values), where);
}

Session loadSession(const std::filesystem::path& path, bool withWeights) {
    const std::string where = path.string();
    // Checked before opening: opening a FIFO would wait for a writer forever.
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status)) throw SpecError(where + ": no such file");
    if (!std::filesystem::is_regular_file(status))
        throw SpecError(where + ": is not a regular file; a session is read from a .cnnwb file");
    const std::uint64_t fileSize = std::filesystem::file_size(path, ec);
    if (ec) throw SpecError(where + ": cannot be read (" + ec.message() + ")");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw SpecError(where + ": cannot open the file (" + std::strerror(errno) + ")");
    std::string line;
    std::getline(in, line);
    if (line.rfind(kMagic, 0) != 0) throw SpecError(where + ": not a CNN Workbench session file");
    const int version = std::atoi(line.c_str() + std::strlen(kMagic));
    if (version > kSessionVersion)
        throw SpecError(where + ": written by a newer CNN Workbench (session version " + std::to_string(version) +
                        "; this version reads up to " + std::to_string(kSessionVersion) + ")");
    if (version < 1) throw SpecError(where + ": damaged header line");
    unsigned char lenBytes[8];
    if (!in.read(reinterpret_cast<char*>(lenBytes), 8)) throw SpecError(where + ": damaged (file ends in the header)");
    std::uint64_t len = 0;
    for (int i = 0; i < 8; ++i) len |= std::uint64_t(lenBytes[i]) << (8 * i);
    if (len > fileSize) throw SpecError(where + ": damaged (header length larger than the file)");
    if (len > kMaxSessionHeaderBytes)
        throw SpecError(where + ": its header is " + exactBytesText(len) + "; a session header is at most " +
                        exactBytesText(kMaxSessionHeaderBytes));
    std::string text(len, '\0');
    if (!in.read(text.data(), std::streamsize(len))) throw SpecError(where + ": damaged (file ends in the header)");
    Json header;
    try {
        header = parseJson(text, "");
    } catch (const SpecError& e) {
        throw SpecError(where + ": damaged header (" + e.what() + ")");
    }
    Session s;
    try {
        if (header.at("format") != "cnn-workbench-session") throw SpecError(where + ": not a CNN Workbench session file");
        s.spec = ModelSpec::fromJson(header.at("spec"), where + ": spec");
        s.seed = std::uint32_t(jsonInteger(header.at("seed"), 0, kMaxSeed, where + ": 'seed'"));
        s.status = header.value("status", "");
        s.engineVersion = header.value("engine_version", "");
        s.machine = header.value("machine", "");
        s.threads = header.contains("threads") ? int(jsonInteger(header["threads"], 0, 1 << 16, where + ": 'threads'")) : 0;
        s.wallSeconds = header.value("wall_seconds", 0.0);
        s.run = RunMeta::fromJson(header.value("run", Json()), where);
        s.history = historyFromJson(header.at("history"), where);
        s.optimizerState = header.value("optimizer_state", Json::object());
        readOptimizerState(s.optimizerState, where, nullptr, nullptr);  // checked here, so a damaged file never opens
        if (header.contains("draft")) {
            s.draft = header["draft"];
            if (!s.draft.is_object()) throw SpecError(where + ": damaged (its draft model is not a JSON object)");
        }
        const auto dataBytes = std::uint64_t(jsonInteger(header.at("data_bytes"), 0, INT64_MAX, where + ": 'data_bytes'"));
        const std::uint64_t dataStart = std::uint64_t(in.tellg());
        if (dataBytes > fileSize || dataStart + dataBytes != fileSize)
            throw SpecError(where + ": damaged (expected " + std::to_string(dataStart + dataBytes) + " bytes, the file has " +
                            std::to_string(fileSize) + "); it may have been cut short");
        if (!withWeights) return s;
        for (const auto& t : header.at("tensors")) {
            const auto offset = std::uint64_t(jsonInteger(t.at("offset"), 0, INT64_MAX, where + ": a tensor offset"));
            const auto count = std::uint64_t(jsonInteger(t.at("count"), 0, INT64_MAX, where + ": a tensor size"));
            // Checked without overflow: count and offset come from the file.
            if (count > dataBytes / sizeof(float) || offset > dataBytes - count * sizeof(float))
                throw SpecError(where + ": damaged tensor index");
            std::vector<float> values(count);
            in.seekg(std::streamoff(dataStart + offset));
            in.read(reinterpret_cast<char*>(values.data()), std::streamsize(count * sizeof(float)));
            if (!in) throw SpecError(where + ": damaged (tensor data cut short)");
            s.weights[t.at("name").get<std::string>()] = std::move(values);
        }
        if (header.contains("weight_history")) readWeightHistory(header["weight_history"], in, dataStart, dataBytes, s, where);
    } catch (const Json::exception& e) {
        throw SpecError(where + ": damaged header (" + e.what() + ")");
    }
    return s;
}

}  // namespace cnnwb
