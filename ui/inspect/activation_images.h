// A layer's output for one image as grey pictures: each feature map scaled
// to its own min (black) .. max (white), since maps of one layer differ a lot
// in range and a shared scale would leave most of them black. A flat vector
// (Dense, Flatten) becomes one strip of cells, `rowLength` values per row.
#pragma once

#include "ui/training/inspection.h"

#include <QImage>
#include <QList>

namespace cnnwb::ui {

// One image per channel (height × width pixels).
QList<QImage> featureMapImages(const ActivationMap& map);
// The whole vector as one image, rowLength values per row.
QImage vectorImage(const ActivationMap& map, int rowLength = 32);
// Grey 0..255 for v in [lo, hi]; the middle grey when the range is empty.
int greyLevel(float v, float lo, float hi);

}  // namespace cnnwb::ui
