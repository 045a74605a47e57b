#include "pytorch_history.h"

#include "tensor_file.h"

#include "../errors.h"
#include "../json_text.h"

#include <sstream>

namespace cnnwb {

// A history of millions of batches is still far below this.
constexpr std::uintmax_t kMaxHistoryBytes = 1u << 30;

Session importPyTorchRun(const std::filesystem::path& runFolder) {
    const std::filesystem::path file = runFolder / "history.jsonl";
    const std::string where = file.string();
    std::istringstream lines(readRegularFile(file, kMaxHistoryBytes, "training history"));
    Json header;
    Json batches = Json::array(), epochs = Json::array();
    std::string status;
    std::string line;
    for (int number = 1; std::getline(lines, line); ++number) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        const std::string at = where + ", line " + std::to_string(number);
        const Json record = parseJson(line, at);
        if (!record.is_object() || record.size() != 1)
            throw SpecError(at + ": expected one object {\"run\"|\"batch\"|\"epoch\"|\"end\": {...}}");
        const std::string kind = record.begin().key();
        const Json& value = record.begin().value();
        if (!value.is_object()) throw SpecError(at + ": \"" + kind + "\" must hold an object");
        if (kind == "run") {
            header = value;
        } else if (kind == "batch") {
            Json row = Json::array();
            for (const char* column : {"epoch", "batch", "batches_per_epoch", "loss", "accuracy", "images_per_second",
                                       "elapsed_seconds", "learning_rate"}) {
                if (!value.contains(column)) throw SpecError(at + ": the batch has no '" + column + "'");
                row.push_back(value[column]);
            }
            batches.push_back(row);
        } else if (kind == "epoch") {
            epochs.push_back(value);
        } else if (kind == "end") {
            status = value.value("status", "");
        } else {
            throw SpecError(at + ": unknown record \"" + kind + "\"; expected run, batch, epoch or end");
        }
    }
    if (header.is_null()) throw SpecError(where + ": no {\"run\": ...} line; not a history written by train.py");
    if (!header.contains("spec")) throw SpecError(where + ": the run line holds no \"spec\"");

    Session s;
    s.spec = ModelSpec::fromJson(header["spec"], where + " (its spec)");
    s.seed = std::uint32_t(jsonInteger(header.value("seed", Json(s.spec.training.seed)), 0, kMaxSeed, where + ": seed"));
    s.history = historyFromJson({{"batches", batches}, {"epochs", epochs}}, where);
    // Finished when the script ended normally with every planned epoch done; a
    // shorter or cut-short run can be continued, as a stopped one.
    const int lastEpoch = s.history.epochs.empty() ? 0 : s.history.epochs.back().epoch;
    s.status = status == "finished" && lastEpoch >= s.spec.training.epochs ? run_status::kFinished
                                                                             : run_status::kStopped;
    const int processes = int(jsonInteger(header.value("world_size", Json(1)), 1, 1 << 20, where + ": world_size"));
    s.machine = "PyTorch " + header.value("torch", std::string("?")) + ", " + std::to_string(processes) +
                " process" + (processes == 1 ? "" : "es") + " on " + header.value("device", std::string("?"));
    s.engineVersion = "PyTorch " + header.value("torch", std::string("?"));
    s.threads = processes;
    for (const EpochStats& e : s.history.epochs) s.wallSeconds += e.seconds;
    if (const Json& parent = header.value("parent", Json::object()); parent.is_object())
        s.run.parent = {parent.value("kind", std::string("file")), parent.value("id", std::string())};
    s.run.name = s.spec.name + " · PyTorch ×" + std::to_string(processes);
    s.run.tags = {"pytorch"};
    s.run.note = "Trained by the exported PyTorch project (" + s.machine + "); imported from " + runFolder.string();

    if (std::filesystem::exists(runFolder / "weights.json")) {
        std::size_t stored = 0;
        for (NamedTensor& t : readTensorFile(runFolder / "weights.json")) {
            stored += t.values.size();
            s.weights[t.name] = std::move(t.values);
        }
        // Only weights that fit the spec's network are kept, so the run opens
        // and continues. A network is set up to check them only when the counts
        // agree, so a large spec beside a small file costs nothing.
        Network net = s.spec.buildNetwork();
        bool fit = stored == net.totalParams();
        if (fit) {
            net.setup(s.seed);
            try {
                restoreWeights(s, net, (runFolder / "weights.json").string());
            } catch (const SpecError&) {
                fit = false;
            }
        }
        if (!fit) {
            s.weights.clear();
            s.run.note += "; its weights did not fit the spec and were left out";
        }
    }
    return s;
}

}  // namespace cnnwb
