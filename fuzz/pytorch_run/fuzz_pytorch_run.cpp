// Fuzz target: `cnnwb runs import DIR` — the folder a PyTorch run of an
// exported project leaves (importPyTorchRun: train.py's history.jsonl, and
// the weights index and values beside it), then what opening or continuing
// the imported run does: the spec's network (fuzz_support.h) and, when small,
// the weights restored and one inference pass.
//
// One input holds the folder's three files, cut by a marker line:
//   history.jsonl [\n@@\n weights.json [\n@@\n weights.bin]]
// so the fuzzer mutates all three together. Seeds: corpus/ (folders written
// by the exported project's format, small specs); past crashes: regressions/.
#include "common/fuzz_support.h"

#include "engine/errors.h"
#include "engine/export/pytorch_history.h"
#include "engine/session_file.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace {

constexpr std::string_view kMarker = "\n@@\n";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    cnnwb::fuzz::useOneThread();
    static cnnwb::fuzz::ScratchFolder folder("pytorch-run");
    folder.clear();

    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const char* files[] = {"history.jsonl", "weights.json", "weights.bin"};
    std::size_t begin = 0;
    for (int i = 0; i < 3 && begin <= bytes.size(); ++i) {
        const std::size_t end = i == 2 ? bytes.size() : std::min(bytes.find(kMarker, begin), bytes.size());
        folder.write(files[i], data + begin, end - begin);
        if (end == bytes.size()) break;
        begin = end + kMarker.size();
    }

    std::optional<cnnwb::Session> session;
    try {
        session = cnnwb::importPyTorchRun(folder.path());
    } catch (const cnnwb::SpecError&) {
        return 0;
    }
    const cnnwb::Session& s = *session;
    (void)s.hasTraining();

    cnnwb::Network net = cnnwb::fuzz::exerciseSpec(s.spec);
    if (!net.isSetUp() || s.weights.empty()) return 0;
    // The import keeps weights only when they fit the spec's network.
    bool restored = true;
    try {
        cnnwb::restoreWeights(s, net);
    } catch (const cnnwb::SpecError&) {
        restored = false;
    }
    cnnwb::fuzz::require(restored, "an imported run kept weights that do not fit its network");
    cnnwb::Tensor input(1, net.inputShape());
    input.fill(0.5f);
    cnnwb::fuzz::runInference(net, input);
    return 0;
}
