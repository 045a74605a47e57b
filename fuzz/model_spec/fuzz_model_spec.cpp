// Fuzz target: the model spec loader (ModelSpec::fromText), then everything a
// loaded spec goes on to (fuzz_support.h: network, counts, summary, round
// trip, one inference pass). Seeds: corpus/ (the shipped presets and a spec
// with every layer type); past crashes: regressions/.
#include "common/fuzz_support.h"
#include "common/json_mutator.h"

#include "engine/errors.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    cnnwb::fuzz::useOneThread();
    const std::string text(reinterpret_cast<const char*>(data), size);
    std::optional<cnnwb::ModelSpec> spec;
    try {
        spec = cnnwb::ModelSpec::fromText(text, "fuzz.json");
    } catch (const cnnwb::SpecError&) {
        return 0;  // refused with a message: what the loader should do with bad input
    }
    cnnwb::fuzz::exerciseSpec(*spec);
    return 0;
}

#ifdef CNNWB_LIBFUZZER
// Edits the document rather than its bytes (common/json_mutator.h).
extern "C" std::size_t LLVMFuzzerMutate(std::uint8_t* data, std::size_t size, std::size_t maxSize);
extern "C" std::size_t LLVMFuzzerCustomMutator(std::uint8_t* data, std::size_t size, std::size_t maxSize,
                                               unsigned int seed) {
    return cnnwb::fuzz::mutateSpecText(data, size, maxSize, seed, LLVMFuzzerMutate);
}
#endif
