// What `cnnwb train` and `cnnwb sweep` start from: a preset id, a spec file
// (.json), a session file (.cnnwb) or a run of the library (its id, or a
// unique start of it), and the record a run made from it keeps of its parent.
#pragma once

#include "engine/runs/run_library.h"

#include <QStringList>

#include <optional>
#include <string>

namespace cnnwb::cli {

struct RunSource {
    ModelSpec spec;
    RunOrigin origin;                // the parent of runs made from it
    std::optional<Session> session;  // a stored run: its weights, optimizer state, history
    std::string description;         // "preset e1-lenet1988", "run 20261201-…", "e1.json"
};

// Throws SpecError/DataError naming what could not be read.
RunSource loadRunSource(const std::string& what, RunLibrary& library);

// Applies --set PATH=VALUE options (the value is JSON where it parses as
// JSON, else text): each is checked by the spec loader, whose message a bad
// one gets, prefixed with the option.
void applySets(ModelSpec& spec, const QStringList& sets);

}  // namespace cnnwb::cli
