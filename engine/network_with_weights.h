// The network a spec describes, ready to run: set up from the spec's seed and
// holding a session's trained weights when they belong to the spec's layers.
// What every export (PyTorch project, ONNX, from the CLI or the window) starts
// from, so "trained or initial weights" is decided in one place.
#pragma once

#include "network.h"
#include "session_file.h"

#include <string>

namespace cnnwb {

struct NetworkWithWeights {
    Network net;
    bool trained = false;  // the session's weights (else the seed's initial ones)
};

// `session` may be null (a preset or spec). Throws SpecError naming `where`
// when the session's weights are damaged (a parameter missing or mis-sized).
NetworkWithWeights networkWithWeights(const ModelSpec& spec, const Session* session, const std::string& where);

}  // namespace cnnwb
