// The machine a run trained on, as sessions record it: speeds and even the
// last bits of results differ between CPUs (the build uses the CPU's own
// vector instructions), so a run names its machine.
#pragma once

#include <string>

namespace cnnwb {

// "AMD EPYC 9R14 96-Core Processor · 2 logical CPUs · Linux x86_64".
std::string machineDescription();

}  // namespace cnnwb
