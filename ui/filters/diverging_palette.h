// The weight colours of the filter heatmaps: blue for negative, white at
// zero, red for positive (ColorBrewer's RdBu), saturating at ±scale.
#pragma once

#include <QColor>

namespace cnnwb::ui {

QColor divergingColour(double value, double scale);
// Black or white, whichever reads better on divergingColour(value, scale).
QColor textColourOn(double value, double scale);
// Decimals that show weights of magnitude up to `scale` with 2–3 significant
// digits: 0.12 → 3 ("0.073"), 1.5 → 2 ("1.23"), 25 → 1 ("12.3").
int decimalsForScale(double scale);

}  // namespace cnnwb::ui
