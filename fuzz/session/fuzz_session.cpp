// Fuzz target: the session loader (loadSession, which reads a path, so each
// input goes through a scratch file in /dev/shm), then what opening or
// continuing a run does with it: the spec's network (fuzz_support.h), and when
// small, its weights and optimizer state restored into a set-up network and
// one inference pass. Seeds: corpus/ (small sessions trained by `cnnwb`);
// past crashes: regressions/.
#include "common/fuzz_support.h"
#include "common/json_mutator.h"

#include "engine/errors.h"
#include "engine/optimizers/optimizer.h"
#include "engine/session_file.h"

#include <cstddef>
#include <cstdint>
#include <optional>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    cnnwb::fuzz::useOneThread();
    static cnnwb::fuzz::ScratchFile file("session");
    const auto& path = file.write(data, size);

    std::optional<cnnwb::Session> session;
    try {
        // Header only first (the run library's indexing), then the whole file.
        (void)cnnwb::loadSession(path, false);
        session = cnnwb::loadSession(path, true);
    } catch (const cnnwb::SpecError&) {
        return 0;
    }
    const cnnwb::Session& s = *session;
    (void)s.hasTraining();
    (void)s.weightsFit(s.spec.layers);

    cnnwb::Network net = cnnwb::fuzz::exerciseSpec(s.spec);
    // Continuing a run restores its optimizer whatever the network's size.
    auto optimizer = cnnwb::Optimizer::create(s.spec.training.optimizer, "training.optimizer");
    try {
        cnnwb::restoreOptimizer(s, *optimizer);
    } catch (const cnnwb::SpecError&) {
    }
    if (!net.isSetUp()) return 0;
    try {
        cnnwb::restoreWeights(s, net);
    } catch (const cnnwb::SpecError&) {
        return 0;  // weights missing or mis-sized: refused with a message
    }
    // The stored weights, whatever their values, must run.
    cnnwb::Tensor input(1, net.inputShape());
    input.fill(0.5f);
    cnnwb::fuzz::runInference(net, input);
    return 0;
}

#ifdef CNNWB_LIBFUZZER
// Edits the document rather than its bytes (common/json_mutator.h).
extern "C" std::size_t LLVMFuzzerMutate(std::uint8_t* data, std::size_t size, std::size_t maxSize);
extern "C" std::size_t LLVMFuzzerCustomMutator(std::uint8_t* data, std::size_t size, std::size_t maxSize,
                                               unsigned int seed) {
    return cnnwb::fuzz::mutateSessionFile(data, size, maxSize, seed, LLVMFuzzerMutate);
}
#endif
