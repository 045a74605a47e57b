// A session file (.cnnwb): the spec, the trained weights (by layer/param name),
// the optimizer state, the full history, the seed and the versions that made
// it. Layout: one line "CNNWB-SESSION <version>\n", an 8-byte little-endian
// length, a JSON header of that length, then the raw little-endian float32
// tensors the header indexes. Saving is atomic: a temporary file beside the
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

struct Session {
    ModelSpec spec;
    std::uint32_t seed = 1;
    History history;
    std::map<std::string, std::vector<float>> weights;  // "layer/param" → values
    Json optimizerState = Json::object();  // {"iterations": n, "slots": {key: [[...], ...]}}
    std::string engineVersion;
    std::string status;  // "new", "finished", "stopped", "failed: ..."
};

// Copies a network's parameters (moving statistics included) into a session.
void captureWeights(Network& net, Session& s);
// Loads a session's weights into a network that has been set up; throws
// SpecError naming the missing or mis-sized parameter.
void restoreWeights(const Session& s, Network& net);
void captureOptimizer(const Optimizer& opt, Session& s);
void restoreOptimizer(const Session& s, Optimizer& opt);

void saveSession(const Session& s, const std::filesystem::path& path);
// Throws SpecError naming the file: not a session, damaged, newer version.
Session loadSession(const std::filesystem::path& path);

Json historyToJson(const History& h);
History historyFromJson(const Json& j, const std::string& where);

}  // namespace cnnwb
