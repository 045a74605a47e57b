// Random image augmentation with the meaning of Keras's ImageDataGenerator:
// rotation, width/height shift, horizontal flip and channel shift, applied to
// a filled training batch. Every sample draws its transform from a generator
// seeded by (seed, epoch, position in the epoch), so a run is reproducible and
// independent of the thread count.
#pragma once

#include "../model_spec.h"
#include "../tensor.h"

#include <cstdint>
#include <vector>

namespace cnnwb {

// `batch` holds images already multiplied by `pixelScale`; channel shifts are
// given in raw 0..255 units and scaled the same way. `firstPosition` is the
// position of the batch's first sample within the epoch.
void augmentBatch(Tensor& batch, const Augmentation& settings, float pixelScale, std::uint32_t seed,
                  std::uint64_t epoch, std::uint64_t firstPosition);

// `count` augmented copies of one raw image (0..255, channel-major, of
// `shape`): copy i is transformed exactly as the sample at place i of a
// batch of epoch `epoch` would be, then rounded back to 0..255 — what the
// model is shown. For the data browser's preview. count × shape.size() bytes.
std::vector<std::uint8_t> augmentedCopies(const std::uint8_t* pixels, Shape shape, const Augmentation& settings,
                                          std::uint32_t seed, std::uint64_t epoch, int count);

}  // namespace cnnwb
