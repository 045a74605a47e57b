// How one value of a layer's output was made from that layer's input, step
// by step, as the seed's spreadsheet showed a LeNet filter at work: the
// input patch under the kernel (per input channel, padding marked), the
// kernel, their products, the sum, the bias, the value before the activation
// and after it. A layer answers for itself (Layer::explainOutput); the
// Feature maps view draws the answer.
//
// Kinds: a convolution (Conv2D: one term per input channel; DepthwiseConv2D:
// the one channel its kernel filters), a pooling window (the winner of a
// max), and a dense unit (its largest contributions, weight × input).
#pragma once

#include "activation.h"

#include <string>
#include <vector>

namespace cnnwb {

// One grid of the explanation: a window over one input channel.
struct ExplainedWindow {
    int inputChannel = 0;
    int rows = 0, columns = 0;
    std::vector<float> input;     // rows × columns; 0 where the window hangs over the padding
    std::vector<char> padded;     // 1 where the cell lies outside the input (zero padding)
    std::vector<float> weights;   // the kernel slice (empty for pooling)
    std::vector<float> products;  // input × weight (empty for pooling)
    double sum = 0;               // of the products (or, for average pooling, of the inputs)
};

// One input of a dense unit, with what it adds.
struct Contribution {
    int input = 0;
    float weight = 0;
    float value = 0;
    double product = 0;
};

struct CellExplanation {
    enum class Kind { Convolution, MaxPooling, AveragePooling, Dense };
    Kind kind = Kind::Convolution;
    std::string layer;                  // "Conv2D 'conv1'"
    int channel = 0, row = 0, column = 0;  // the output value explained

    // Windows: where the window's top-left cell lies on the input (negative
    // inside 'same' padding), the stride and the padding used.
    int inputTop = 0, inputLeft = 0;
    int strideRows = 1, strideColumns = 1;
    std::string padding;
    std::vector<ExplainedWindow> windows;
    int winner = -1;  // max pooling: the winning cell, row-major in the window

    // Dense: the inputs adding most (largest |weight × input|), largest first,
    // out of `inputCount`.
    std::vector<Contribution> contributions;
    int inputCount = 0;

    double sum = 0;            // every window's (or input's) sum together
    bool hasBias = false;
    double bias = 0;
    double preActivation = 0;  // sum + bias (pooling: the pooled value)
    std::string activation;    // "relu", "linear", ...; "softmax" is not element-wise
    double value = 0;          // after the activation (NaN for softmax, which mixes channels)
};

// Sets preActivation (sum + bias), the activation's name and the value after
// it, as the layer's forward pass computes them.
void finishExplanation(CellExplanation& e, ActivationKind activation);

}  // namespace cnnwb
