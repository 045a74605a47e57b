// Pictures of an attribution, at the image's own size (the views enlarge
// them without smoothing): a heat map for saliency (black → red → yellow →
// white, 0 to the largest value), Grad-CAM laid over the grey image, and the
// occlusion drops in the filter view's diverging colours (red: covering the
// square lowered the score, so it helped; blue: it raised it).
#pragma once

#include <QImage>

#include <vector>

namespace cnnwb::ui {

QImage heatImage(const std::vector<float>& values, int height, int width);
// `cam` (camHeight × camWidth) stretched over `image` (nearest cell), half transparent.
QImage camOverlay(const QImage& image, const std::vector<float>& cam, int camHeight, int camWidth);
QImage divergingImage(const std::vector<float>& values, int height, int width);

}  // namespace cnnwb::ui
