#include "loss.h"

#include "../errors.h"
#include "categorical_crossentropy.h"
#include "mean_squared_error.h"

#include <stdexcept>

namespace cnnwb {

const std::vector<std::string>& Loss::names() {
    static const std::vector<std::string> n{"mean_squared_error", "categorical_crossentropy"};
    return n;
}

const std::vector<std::string>& Loss::spellings() {
    static const std::vector<std::string> s{"mean_squared_error", "mse", "categorical_crossentropy"};
    return s;
}

std::string Loss::canonicalName(const std::string& spelling) {
    return spelling == "mse" ? "mean_squared_error" : spelling;
}

std::unique_ptr<Loss> Loss::create(const std::string& name, const std::string& where) {
    if (name == "mean_squared_error" || name == "mse") return std::make_unique<MeanSquaredError>();
    if (name == "categorical_crossentropy") return std::make_unique<CategoricalCrossentropy>();
    throw SpecError(where + ": unknown loss '" + name +
                    "'; known losses are: mean_squared_error (mse), categorical_crossentropy");
}

void Loss::checkLabels(const Tensor& output, const std::vector<int>& labels) {
    if (int(labels.size()) != output.batch())
        throw std::invalid_argument("loss: " + std::to_string(labels.size()) + " labels for a batch of " +
                                    std::to_string(output.batch()));
    const int classes = int(output.sampleSize());
    for (int l : labels)
        if (l < 0 || l >= classes)
            throw std::invalid_argument("loss: label " + std::to_string(l) + " is outside the model's " +
                                        std::to_string(classes) + " outputs");
}

}  // namespace cnnwb
