// Writing runs out for other tools: per run its batches and epochs as CSV
// (raw and smoothed, the smoothing named in the header) and everything as
// JSON (settings, history, smoothed series), plus one CSV of the settings
// that differ between the runs. The CLI (`cnnwb runs export`) and the GUI
// (Runs tab, Export) write the same files; the GUI adds the charts.
#pragma once

#include "run_library.h"

#include "../smoothing.h"

#include <filesystem>
#include <string>
#include <vector>

namespace cnnwb {

struct ExportedFiles {
    std::vector<std::filesystem::path> files;
};

// Throws DataError naming a file that cannot be written.
ExportedFiles exportRuns(RunLibrary& library, const std::filesystem::path& folder, const std::vector<std::string>& ids,
                         const Smoothing& smoothing = {});

}  // namespace cnnwb
