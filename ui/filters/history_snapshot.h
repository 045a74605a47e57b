// The weights the filter view shows at one point of the weight history:
// the layer shapes and names of the latest copy, with the values of copy
// `index` (or, for a Δ, the change from the copy before it). The live
// weights count as the point after the last copy, so scrubbing ends where
// training is now.
#pragma once

#include "ui/training/weight_snapshot.h"

namespace cnnwb::ui {

// What a history position is: "copy 4 of 12 · after epoch 1, batch 300".
QString historyPointText(const WeightHistoryPoint& point, std::uint32_t seed = 0);

// `live` with its kernels replaced by copy `index` of its history (index ==
// history size: `live` itself). `delta`: the change since the copy before
// (at the live position: since the last copy); banks the history does not
// track keep their live values. Captions say which copy it is.
WeightSnapshot historySnapshot(const WeightSnapshot& live, int index, bool delta);

// Positions a slider over `live`'s history has: its copies, then now.
int historyPositions(const WeightSnapshot& live);

}  // namespace cnnwb::ui
