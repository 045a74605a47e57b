// Why a model gave an image the class it did, three ways, each for one class
// score (the value before a final softmax; for an RBF output the negated
// distance; otherwise the output itself):
//   - saliency: the gradient of the score with respect to every input pixel
//     (Simonyan et al. 2013), shown per pixel as the largest |gradient| over
//     the channels;
//   - Grad-CAM (Selvaraju et al. 2017) for the last convolution layer: its
//     maps weighted by the mean gradient of the score over each map, summed,
//     negative parts cut;
//   - occlusion (Zeiler & Fergus 2014): how much the score falls when a
//     square of the image is set to a fill value, square by square.
// The Mistakes tab shows them beside a chosen image.
#pragma once

#include "network.h"

#include <string>
#include <vector>

namespace cnnwb {

struct Attribution {
    int classIndex = 0;
    double score = 0;                  // the class score on the unchanged image
    Shape inputShape;
    std::vector<float> inputGradient;  // d score / d input, C×H×W
    std::vector<float> saliency;       // H×W: max over channels of |gradient|
    // Grad-CAM over the last layer with convolution kernels; empty (and no
    // layer named) for a network without one.
    std::string camLayer;
    int camHeight = 0, camWidth = 0;
    std::vector<float> gradCam;        // camHeight × camWidth, ≥ 0
};

// `image`: one sample (batch 1) of the network's input shape, scaled as in
// training. Throws std::out_of_range for a class the output does not have.
Attribution attributeClass(Network& network, const Tensor& image, int classIndex);

struct OcclusionOptions {
    int patch = 4;       // side of the square, in input pixels
    int stride = 2;      // step between squares
    float fill = 0;      // what the square is set to (in the network's input units)
};

struct OcclusionMap {
    int rows = 0, columns = 0;       // positions of the square
    int patch = 0, stride = 0;
    std::vector<float> drop;         // rows × columns: score(image) − score(occluded)
};

// One forward pass per position, in batches. Throws std::invalid_argument for
// a patch or stride below 1 or a patch larger than the image.
OcclusionMap occlusionMap(Network& network, const Tensor& image, int classIndex, const OcclusionOptions& options = {});

}  // namespace cnnwb
