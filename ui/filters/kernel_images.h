// First-layer filters on colour images as pictures, the way CIFAR filters are
// usually looked at: a Conv2D kernel over R, G, B becomes one colour image
// (stretched to its own min..max); a DepthwiseConv2D kernel filters a single
// channel, so it is drawn in that channel's colour (black → red, green or blue).
#pragma once

#include "ui/training/weight_snapshot.h"

#include <QImage>

namespace cnnwb::ui {

// Whether `bank` can be shown as images: it reads 3 input channels.
bool hasColourView(const KernelBank& bank);
// Kernel k as an image of rows × columns pixels.
QImage kernelImage(const KernelBank& bank, int kernel);

}  // namespace cnnwb::ui
