// What the fuzz targets share: a scratch file for loaders that only take a
// path, and the follow-up work done on whatever loaded (build the network,
// count, summarise, run one inference pass; fill batches from a data set), so
// that a fuzzed input reaches the code behind the loader too. Nothing here
// trains.
//
// Expected failures are the engine's own exceptions for bad input (SpecError,
// DataError); the targets catch those and nothing else, so any other exception
// escaping is a finding (libFuzzer reports it as a crash via std::terminate).
#pragma once

#include "engine/data/dataset.h"
#include "engine/model_spec.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

namespace cnnwb::fuzz {

// A file in /dev/shm (memory, not disk; else the temp folder) private to this
// process, rewritten with each input and removed at exit.
class ScratchFile {
public:
    explicit ScratchFile(const std::string& tag);
    ~ScratchFile();
    ScratchFile(const ScratchFile&) = delete;
    ScratchFile& operator=(const ScratchFile&) = delete;

    // Replaces the file's content with `size` bytes; aborts when it cannot,
    // since a target that silently reads an old input would mislead.
    const std::filesystem::path& write(const std::uint8_t* data, std::size_t size);
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

// A folder beside ScratchFile's, for readers that take a folder of files;
// emptied with each input (clear) and removed at exit.
class ScratchFolder {
public:
    explicit ScratchFolder(const std::string& tag);
    ~ScratchFolder();
    ScratchFolder(const ScratchFolder&) = delete;
    ScratchFolder& operator=(const ScratchFolder&) = delete;

    // Removes every file the last input left.
    void clear();
    // Writes `size` bytes as the file `name` in the folder; aborts when it cannot.
    void write(const std::string& name, const std::uint8_t* data, std::size_t size);
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

// Runs the engine on one thread: fuzzing wants each input to behave the same
// every time, and the machine is shared.
void useOneThread();

// Aborts with `message` when `condition` is false: an invariant of the engine
// the fuzzer found broken (libFuzzer then saves the input as a crash).
void require(bool condition, const char* message);

// Everything a loaded spec should survive: building its network again, the
// counts and the summary, a save/load round trip that gives the same document,
// its loss and optimizer, and — when the network is small — setup and one
// inference pass over an augmented input. Returns the network, set up only
// when it was small enough to run.
Network exerciseSpec(const ModelSpec& spec);

// Whether a network is cheap enough to set up and run once per input
// (weights, multiply-adds and activations within a few megabytes).
bool smallEnoughToRun(const Network& net);

// One inference pass of a set-up network over `input`; the probabilities are
// read back so that every output value is touched.
void runInference(Network& net, const Tensor& input);

// The trainer's data operations on a data set that loaded: class counts,
// subsets, splits, shuffling and one filled batch; then a small network built
// for its image shape, run over the first images when small enough.
void exerciseDataset(const Dataset& data);

}  // namespace cnnwb::fuzz
