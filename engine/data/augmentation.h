// Random image augmentation with the meaning of Keras's ImageDataGenerator:
// rotation, width/height shift, horizontal flip and channel shift, applied to
// a filled training batch. Every sample draws its transform from a generator
// seeded by (seed, epoch, position in the epoch), so a run is reproducible and
// independent of the thread count.
#pragma once

#include "../model_spec.h"
#include "../tensor.h"

#include <cstdint>

namespace cnnwb {

// `batch` holds images already multiplied by `pixelScale`; channel shifts are
// given in raw 0..255 units and scaled the same way. `firstPosition` is the
// position of the batch's first sample within the epoch.
void augmentBatch(Tensor& batch, const Augmentation& settings, float pixelScale, std::uint32_t seed,
                  std::uint64_t epoch, std::uint64_t firstPosition);

}  // namespace cnnwb
