// The run library: every training run is kept. Each run is its session file
// (spec, weights, optimizer state, history, seed, versions, machine, status,
// and its RunMeta: id, name, parent, changes, tags, note) in one folder, with
// an SQLite index beside the files for fast listing and sorting.
//
//   RUNS/runs/<id>.cnnwb     the runs (the source of truth)
//   RUNS/trash/<id>.cnnwb    deleted runs, until the trash is emptied
//   RUNS/index.sqlite        the index (WAL: a sweep writing from the CLI and
//                            the GUI reading at the same time neither block nor
//                            corrupt each other)
//
// The index can always be rebuilt from the files (reindex()), and listing
// picks up files it has not seen (a run whose writer died before indexing). A
// file that cannot be read is listed as damaged, never dropped.
#pragma once

#include "../session_file.h"

#include <functional>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cnnwb {

// One run as the index knows it (everything but weights and history).
struct RunRow {
    std::string id;
    std::filesystem::path file;
    bool trashed = false;
    std::string damaged;  // why the file cannot be read; empty when it can
    std::string name;     // the person's name, else empty
    std::string title;    // name, else the spec's name with its changes
    std::string specName; // the spec's own name ("E1 · LeNet 1988 (raw pixels, MSE, SGD)")
    std::string preset;   // the spec's preset id (kept through edits and branches)
    RunOrigin parent;
    std::vector<std::string> changes;
    std::vector<std::string> tags;
    std::string note;
    std::string started;
    std::string status;   // finished, stopped, failed: ..., running, interrupted (its process gone), damaged
    bool processLost = false;  // the file says running, but no process holds its lock (not yet marked interrupted)
    std::string sweep;
    std::string machine;
    std::string engineVersion;
    std::uint32_t seed = 0;
    int epochsDone = 0;
    int epochsPlanned = 0;
    std::optional<double> finalValidationAccuracy, bestValidationAccuracy;
    std::optional<double> finalTestAccuracy, bestTestAccuracy;
    std::optional<double> testAtBestValidation;  // the test accuracy of the best validation epoch
    double wallSeconds = 0;
    // Runs with the same key differ at most in their seed (a seed group).
    std::string groupKey;

    Json toJson() const;
};

// The record of a run made from `parentSpec` (the preset, run or file named
// by `parent`): its parent and the settings that differ ("h1.activation: tanh → relu").
RunMeta runMetaFrom(const RunOrigin& parent, const ModelSpec& parentSpec, const ModelSpec& spec);

// What the index says about a session (no file involved).
RunRow summarizeRun(const Session& session);
// The key of the runs that differ from `spec` only in the seed.
std::string seedGroupKey(const ModelSpec& spec);

struct ReindexResult {
    int runs = 0;
    int trashed = 0;
    int damaged = 0;
};

class RunLibrary {
public:
    // Opens the library in `folder`, creating it when missing. Throws
    // DataError naming the folder when it cannot be used.
    explicit RunLibrary(std::filesystem::path folder);
    ~RunLibrary();
    RunLibrary(const RunLibrary&) = delete;
    RunLibrary& operator=(const RunLibrary&) = delete;

    const std::filesystem::path& folder() const { return folder_; }

    // Writes the session into the library and indexes it. An empty run id is
    // made (time, preset and a random part) and the start time filled in;
    // the session gets them. Returns the id.
    std::string record(Session& session);
    // A fresh id for a run of `spec` ("20261201-171500-e1-lenet1988-3fa2c1d0").
    std::string newRunId(const ModelSpec& spec) const;

    // The runs (or the trash), newest first; files the index has not seen yet
    // are indexed first.
    std::vector<RunRow> list(bool trash = false);
    // A run by id, or by a prefix of one id. Throws DataError listing close ids.
    RunRow find(const std::string& idOrPrefix);
    Session load(const std::string& id, bool withWeights = true);

    // Edits, kept in the session file (and the index).
    void rename(const std::string& id, const std::string& name);
    void setTags(const std::string& id, const std::vector<std::string>& tags);
    void setNote(const std::string& id, const std::string& note);
    // An interrupted run (its process gone) that nobody wants to continue now:
    // its file says "interrupted", so it is not offered again.
    void markInterrupted(const std::string& id);
    void moveToTrash(const std::string& id);
    void restoreFromTrash(const std::string& id);
    int emptyTrash();

    // Rebuilds the index from the files alone.
    ReindexResult reindex();

private:
    struct Database;
    void sync();
    void index(const RunRow& row);
    void edit(const std::string& id, const std::function<void(RunMeta&)>& change);
    void editSession(const std::string& id, const std::function<void(Session&)>& change);
    std::filesystem::path runsFolder() const { return folder_ / "runs"; }
    std::filesystem::path trashFolder() const { return folder_ / "trash"; }

    std::filesystem::path folder_;
    std::unique_ptr<Database> db_;
};

// Where the run library is: `flag` (--runs DIR), else $CNNWB_RUNS, else the
// user data folder ($XDG_DATA_HOME or ~/.local/share, /cnn-workbench/runs).
std::filesystem::path runLibraryFolder(const std::string& flag = {});

}  // namespace cnnwb
