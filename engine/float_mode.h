// How the CPU treats subnormal floats (magnitudes below 1.2e-38).
// x86 computes with them 10-100x slower than with normal floats; a ReLU net
// fed raw pixels produced enough of them to train E1-ReLU 3.8x slower than
// E1. Like TensorFlow on CPU, the apps flush them to zero (FTZ + DAZ).
#pragma once

namespace cnnwb {

// Sets flush-to-zero and denormals-are-zero on the calling thread. Call it
// first thing in main(): threads started later (TBB's workers, the GUI's
// training thread) inherit the mode, so every thread computes the same bits.
// A no-op on CPUs without SSE.
void flushSubnormalsToZero();

// Whether the calling thread flushes subnormals.
bool subnormalsFlushed();

}  // namespace cnnwb
