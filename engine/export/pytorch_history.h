// Bringing a run of an exported PyTorch project back (`cnnwb runs import
// DIR`): train.py writes DIR/history.jsonl — a header line {"run": {...}}
// with the spec, its source and how it ran, then {"batch": {...}} and
// {"epoch": {...}} lines with the workbench's field names and a closing
// {"end": {...}} — and DIR/weights.json + .bin after every epoch. This makes
// them a session for the run library: the same spec, the history, the last
// weights, its parent the run or preset the project was exported from.
#pragma once

#include "../session_file.h"

#include <filesystem>

namespace cnnwb {

// Throws SpecError naming the file and line of anything that does not read.
Session importPyTorchRun(const std::filesystem::path& runFolder);

}  // namespace cnnwb
