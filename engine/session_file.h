// A session file (.cnnwb): the spec, the trained weights (by layer/param name),
// the optimizer state, the full history, the seed and the versions that made
// it. Layout: one line "CNNWB-SESSION <version>\n", an 8-byte little-endian
// length, a JSON header of that length, then the raw little-endian float32
// tensors the header indexes, then the copies of the filter history. Saving is atomic: a temporary file beside the
// target is written, flushed and renamed over it, so a crash mid-save leaves
// the previous file intact.
#pragma once

#include "model_spec.h"
#include "trainer.h"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace cnnwb {

inline constexpr int kSessionVersion = 1;
// A header holds the spec and the history (a few values per batch); 256 MB is
// far beyond any run, and stops a damaged length from claiming the memory.
inline constexpr std::uint64_t kMaxSessionHeaderBytes = 256ull << 20;

// How a session's run stands. Failed runs carry the message after "failed: ".
namespace run_status {
inline constexpr const char* kNew = "new";            // not trained yet
inline constexpr const char* kFinished = "finished";  // every epoch done
inline constexpr const char* kStopped = "stopped";    // stopped by the user; history and weights kept
inline constexpr const char* kEdited = "edited after training";  // layers changed: weights dropped, history kept
inline constexpr const char* kRunning = "running";   // a checkpoint of a run in progress
inline constexpr const char* kInterrupted = "interrupted";  // "running", but its process has gone (RunLock)
std::string failed(const std::string& message);
bool isFailed(const std::string& status);
}  // namespace run_status

// Where a run came from: the preset, run or file it was made from.
struct RunOrigin {
    std::string kind;  // "preset", "run", "file" or "new"
    std::string id;    // the preset id, the run id or the file name
    bool operator==(const RunOrigin&) const = default;
};

// A run's place among the others (engine/runs/run_library.h).
struct RunMeta {
    std::string id;                    // the library's name for it; empty: not in a library
    std::string name;                  // a person's name for it; empty: described by its changes
    RunOrigin parent;
    std::vector<std::string> changes;  // settings that differ from the parent's ("h1.activation: tanh → relu")
    std::vector<std::string> tags;
    std::string note;
    std::string started;               // UTC, ISO 8601
    std::string sweep;                 // the sweep it belongs to, and which point of it; empty: none
    bool operator==(const RunMeta&) const = default;

    static RunMeta fromJson(const Json& j, const std::string& where);
    Json toJson() const;
};

struct Session {
    ModelSpec spec;  // what was trained (its layers are the ones the weights belong to)
    std::uint32_t seed = 1;
    History history;
    std::map<std::string, std::vector<float>> weights;  // "layer/param" → values
    Json optimizerState = Json::object();  // {"iterations": n, "slots": {key: [[...], ...]}}
    std::string engineVersion;
    std::string status = run_status::kNew;
    std::string machine;       // the CPU and system that trained it (machineDescription())
    int threads = 0;           // threads it trained with
    double wallSeconds = 0;    // time spent in training, evaluation included
    RunMeta run;
    // The model as the person left it when it had an error: the whole spec
    // document, unchecked (null when the model was valid). `spec` is then the
    // last valid one, so the file still opens and its weights still fit.
    Json draft;
    WeightHistory weightHistory;  // the filters as the run went (engine/weight_history.h)

    bool hasTraining() const { return !history.epochs.empty() || !history.batches.empty() || !weights.empty(); }
    // Whether the stored weights belong to a model with these "layers".
    bool weightsFit(const Json& layers) const { return !weights.empty() && spec.layers == layers; }
};

// The one place a run becomes a session (CLI and GUI alike): the trainer's
// spec, seed, history, weights and optimizer state, with the status, the
// engine version and the machine. Only the trainer's thread may call this.
Session captureSession(Trainer& trainer, const std::string& status);

// A session for a spec that has not been trained.
Session untrainedSession(const ModelSpec& spec);

// Copies a network's parameters (moving statistics included) into a session.
void captureWeights(Network& net, Session& s);
// Loads a session's weights into a network that has been set up; throws
// SpecError naming the missing or mis-sized parameter.
void restoreWeights(const Session& s, Network& net, const std::string& where = "session");
void captureOptimizer(const Optimizer& opt, Session& s);
// Loads a session's optimizer state (slots and step count) into `opt`; throws
// SpecError naming `where` and the part at fault when the state is damaged.
void restoreOptimizer(const Session& s, Optimizer& opt, const std::string& where = "session");

void saveSession(const Session& s, const std::filesystem::path& path);
// Throws SpecError naming the file: not a session, damaged, newer version.
// Without weights only the header is read (spec, history, run; fast for indexing).
Session loadSession(const std::filesystem::path& path, bool withWeights = true);

Json historyToJson(const History& h);
History historyFromJson(const Json& j, const std::string& where);

}  // namespace cnnwb
