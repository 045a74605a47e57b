#include "session_file.h"

#include "code_version.h"
#include "errors.h"
#include "machine.h"

#include <atomic>
#include <cstdio>
#include <cstring>
#include <fstream>

#include <fcntl.h>
#include <unistd.h>

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

void restoreWeights(const Session& s, Network& net) {
    std::vector<std::string> keys;
    const auto params = net.allParams(&keys);
    for (std::size_t i = 0; i < params.size(); ++i) {
        auto it = s.weights.find(keys[i]);
        if (it == s.weights.end()) throw SpecError("session: no weights stored for '" + keys[i] + "'");
        if (it->second.size() != params[i].value->size())
            throw SpecError("session: '" + keys[i] + "' has " + std::to_string(it->second.size()) +
                            " values, the model needs " + std::to_string(params[i].value->size()));
        std::copy(it->second.begin(), it->second.end(), params[i].value->data());
    }
}

void captureOptimizer(const Optimizer& opt, Session& s) {
    Json slots = Json::object();
    for (const auto& [key, arrays] : opt.state()) slots[key] = arrays;
    s.optimizerState = {{"iterations", opt.iterations()}, {"slots", slots}};
}

void restoreOptimizer(const Session& s, Optimizer& opt) {
    if (!s.optimizerState.contains("slots")) return;
    std::map<std::string, std::vector<std::vector<float>>> state;
    for (auto& [key, arrays] : s.optimizerState["slots"].items())
        state[key] = arrays.get<std::vector<std::vector<float>>>();
    opt.setState(std::move(state));
    opt.setIterations(s.optimizerState.value("iterations", 0LL));
}

static Json scoreJson(const Score& s) { return {{"loss", s.loss}, {"accuracy", s.accuracy}}; }

Json historyToJson(const History& h) {
    Json batches = Json::array();
    for (const auto& b : h.batches)
        batches.push_back({b.epoch, b.batch, b.batchesPerEpoch, b.loss, b.accuracy, b.imagesPerSecond, b.elapsedSeconds});
    Json epochs = Json::array();
    for (const auto& e : h.epochs) {
        Json j = {{"epoch", e.epoch}, {"train", scoreJson(e.train)}, {"seconds", e.seconds},
                  {"images_per_second", e.imagesPerSecond}};
        if (e.validation) j["validation"] = scoreJson(*e.validation);
        if (e.test) j["test"] = scoreJson(*e.test);
        epochs.push_back(j);
    }
    return {{"batch_columns", {"epoch", "batch", "batches_per_epoch", "loss", "accuracy", "images_per_second",
                               "elapsed_seconds"}},
            {"batches", batches}, {"epochs", epochs}};
}

History historyFromJson(const Json& j, const std::string& where) {
    History h;
    try {
        for (const auto& b : j.at("batches"))
            h.batches.push_back({b.at(0).get<int>(), b.at(1).get<int>(), b.at(2).get<int>(), b.at(3).get<double>(),
                                 b.at(4).get<double>(), b.at(5).get<double>(), b.at(6).get<double>()});
        for (const auto& e : j.at("epochs")) {
            EpochStats s;
            s.epoch = e.at("epoch").get<int>();
            s.train = {e.at("train").at("loss").get<double>(), e.at("train").at("accuracy").get<double>()};
            if (e.contains("validation"))
                s.validation = Score{e["validation"].at("loss").get<double>(), e["validation"].at("accuracy").get<double>()};
            if (e.contains("test")) s.test = Score{e["test"].at("loss").get<double>(), e["test"].at("accuracy").get<double>()};
            s.seconds = e.at("seconds").get<double>();
            s.imagesPerSecond = e.at("images_per_second").get<double>();
            h.epochs.push_back(s);
        }
    } catch (const Json::exception& e) {
        throw SpecError(where + ": the training history is damaged (" + e.what() + ")");
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
    const Json header = {{"format", "cnn-workbench-session"}, {"version", kSessionVersion},
                         {"engine_version", s.engineVersion.empty() ? std::string(codeVersion()) : s.engineVersion},
                         {"status", s.status}, {"seed", s.seed},
                         {"machine", s.machine}, {"threads", s.threads}, {"wall_seconds", s.wallSeconds},
                         {"run", s.run.toJson()},
                         {"spec", s.spec.toJson()}, {"history", historyToJson(s.history)},
                         {"optimizer_state", s.optimizerState}, {"tensors", index}, {"data_bytes", offset}};
    const std::string text = header.dump();

    // A name of this writer's own, so two writers of one file never write into the same temporary.
    static std::atomic<unsigned> counter{0};
    const std::filesystem::path tmp = path.string() + ".saving-" + std::to_string(::getpid()) + "-" +
                                      std::to_string(++counter);
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) throw SpecError(path.string() + ": cannot write (" + std::strerror(errno) + ")");
        out << kMagic << kSessionVersion << "\n";
        std::uint64_t len = text.size();
        unsigned char lenBytes[8];
        for (int i = 0; i < 8; ++i) lenBytes[i] = static_cast<unsigned char>(len >> (8 * i));
        out.write(reinterpret_cast<const char*>(lenBytes), 8);
        out.write(text.data(), std::streamsize(text.size()));
        for (const auto& [key, values] : s.weights)
            out.write(reinterpret_cast<const char*>(values.data()), std::streamsize(values.size() * sizeof(float)));
        out.flush();
        if (!out) {
            std::filesystem::remove(tmp);
            throw SpecError(path.string() + ": writing failed (disk full?); the previous file is untouched");
        }
    }
    // On disk before the rename, so the rename never exposes a partial file.
    const int fd = ::open(tmp.c_str(), O_RDONLY);
    const bool synced = fd >= 0 && ::fsync(fd) == 0;
    if (fd >= 0) ::close(fd);
    std::error_code ec;
    if (!synced) {
        std::filesystem::remove(tmp, ec);
        throw SpecError(path.string() + ": could not be written to disk (" + std::strerror(errno) +
                        "); the previous file is untouched");
    }
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        std::filesystem::remove(tmp, ec);
        throw SpecError(path.string() + ": cannot replace the file (" + ec.message() + ")");
    }
    // The rename itself is on disk once the folder is.
    const std::filesystem::path folder = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
}

Session loadSession(const std::filesystem::path& path, bool withWeights) {
    const std::string where = path.string();
    std::ifstream in(path, std::ios::binary);
    if (!in) throw SpecError(where + ": cannot open the file");
    const auto fileSize = std::filesystem::file_size(path);
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
    std::string text(len, '\0');
    if (!in.read(text.data(), std::streamsize(len))) throw SpecError(where + ": damaged (file ends in the header)");
    Json header;
    try {
        header = Json::parse(text);
    } catch (const Json::exception& e) {
        throw SpecError(where + ": damaged header (" + e.what() + ")");
    }
    Session s;
    try {
        if (header.at("format") != "cnn-workbench-session") throw SpecError(where + ": not a CNN Workbench session file");
        s.spec = ModelSpec::fromJson(header.at("spec"), where + ": spec");
        s.seed = header.at("seed").get<std::uint32_t>();
        s.status = header.value("status", "");
        s.engineVersion = header.value("engine_version", "");
        s.machine = header.value("machine", "");
        s.threads = header.value("threads", 0);
        s.wallSeconds = header.value("wall_seconds", 0.0);
        s.run = RunMeta::fromJson(header.value("run", Json()), where);
        s.history = historyFromJson(header.at("history"), where);
        s.optimizerState = header.value("optimizer_state", Json::object());
        const std::uint64_t dataBytes = header.at("data_bytes").get<std::uint64_t>();
        const std::uint64_t dataStart = std::uint64_t(in.tellg());
        if (dataStart + dataBytes != fileSize)
            throw SpecError(where + ": damaged (expected " + std::to_string(dataStart + dataBytes) + " bytes, the file has " +
                            std::to_string(fileSize) + "); it may have been cut short");
        if (!withWeights) return s;
        for (const auto& t : header.at("tensors")) {
            const auto offset = t.at("offset").get<std::uint64_t>();
            const auto count = t.at("count").get<std::uint64_t>();
            if (offset + count * sizeof(float) > dataBytes) throw SpecError(where + ": damaged tensor index");
            std::vector<float> values(count);
            in.seekg(std::streamoff(dataStart + offset));
            in.read(reinterpret_cast<char*>(values.data()), std::streamsize(count * sizeof(float)));
            if (!in) throw SpecError(where + ": damaged (tensor data cut short)");
            s.weights[t.at("name").get<std::string>()] = std::move(values);
        }
    } catch (const Json::exception& e) {
        throw SpecError(where + ": damaged header (" + e.what() + ")");
    }
    return s;
}

}  // namespace cnnwb
