#include "cell_explanation.h"

#include <limits>

namespace cnnwb {

void finishExplanation(CellExplanation& e, ActivationKind activation) {
    e.preActivation = e.sum + (e.hasBias ? e.bias : 0.0);
    e.activation = activationName(activation);
    if (activation == ActivationKind::Softmax) {
        e.value = std::numeric_limits<double>::quiet_NaN();  // mixes every channel of the position
        return;
    }
    float v = float(e.preActivation);
    applyActivation(activation, &v, 1);
    e.value = v;
}

}  // namespace cnnwb
