// Structure-aware mutation for the JSON-based formats (model specs, the
// session header). libFuzzer's byte flips almost never keep a JSON document
// valid (in a first ten-minute run of byte flips alone, 3 of the 1,148 spec
// inputs it kept still loaded), so the loaders' deeper checks, shape
// inference and the layers' forward passes would go untested. These mutators parse the input, edit the
// document (numbers set to boundary values, strings to names the engine knows,
// fields dropped, added or swapped, subtrees copied) and write it back; now
// and then, or when the input does not parse, they fall back to byte flips so
// the parser keeps being fuzzed too. The targets install them through
// LLVMFuzzerCustomMutator in the libFuzzer build only.
#pragma once

#include "engine/layer_args.h"

#include <cstddef>
#include <cstdint>
#include <random>

namespace cnnwb::fuzz {

// libFuzzer's own byte-level mutator (LLVMFuzzerMutate).
using ByteMutator = std::size_t (*)(std::uint8_t* data, std::size_t size, std::size_t maxSize);

// Applies one to four random edits to `doc`.
void mutateJson(Json& doc, std::mt19937& rng);

// A model spec as JSON text. Returns the new size (at most maxSize).
std::size_t mutateSpecText(std::uint8_t* data, std::size_t size, std::size_t maxSize, unsigned seed,
                           ByteMutator bytes);

// A session file: the magic line, the header length and the tensor bytes are
// kept consistent while the JSON header is edited (or, sometimes, the magic
// line's version or the tensor bytes are). Returns the new size.
std::size_t mutateSessionFile(std::uint8_t* data, std::size_t size, std::size_t maxSize, unsigned seed,
                              ByteMutator bytes);

}  // namespace cnnwb::fuzz
