// A trained model scored sample by sample on a whole data set: what it
// answered for every image, the confusion matrix, per-class precision,
// recall and F1, and the images of any cell of the matrix ordered by how sure
// the model was. `cnnwb evaluate --confusion` prints it; the GUI's Mistakes
// tab draws it. Trainer::evaluate fills it (one loop for the per-epoch score
// and for this).
#pragma once

#include "json_text.h"

#include <cstddef>
#include <string>
#include <vector>

namespace cnnwb {

struct ClassMetrics {
    std::size_t support = 0;         // images whose true class this is
    std::size_t predicted = 0;       // images the model put in this class
    std::size_t truePositives = 0;
    // 0 when undefined (nothing predicted as / nothing truly in the class),
    // as scikit-learn's zero_division=0.
    double precision = 0;
    double recall = 0;
    double f1 = 0;
};

struct Evaluation {
    std::string dataset;                  // "mnist-test"
    std::vector<std::string> classNames;
    // Softmax outputs (or, for an RBF output, the softmax of the negated
    // distances); false: the last layer's raw values (E1's tanh outputs),
    // called scores, not probabilities.
    bool probabilities = true;
    std::vector<int> labels;              // true class of each sample, in data-set order
    std::vector<int> predicted;           // the class with the highest score
    std::vector<float> scores;            // size() × classes(), sample-major
    double loss = 0;
    double accuracy = 0;

    std::size_t size() const { return labels.size(); }
    int classes() const { return int(classNames.size()); }
    const float* scoresOf(std::size_t sample) const { return scores.data() + sample * std::size_t(classes()); }
    // The score of the predicted class: how sure the model was.
    float confidence(std::size_t sample) const { return scoresOf(sample)[predicted[sample]]; }

    // confusion()[t][p]: images of true class t predicted as p.
    std::vector<std::vector<std::size_t>> confusion() const;
    ClassMetrics classMetrics(int classIndex) const;
    // Unweighted mean of the classes' F1.
    double macroF1() const;
    // Samples of true class `trueClass` predicted as `predictedClass`, the
    // surest first (equal scores: data-set order).
    std::vector<std::size_t> samplesIn(int trueClass, int predictedClass) const;
    // Every wrong answer, the surest first.
    std::vector<std::size_t> mistakes() const;
    // The `k` best classes of a sample, best first (equal scores: lower index).
    std::vector<int> topClasses(std::size_t sample, int k) const;

    // {"dataset", "images", "accuracy", "loss", "classes", "confusion",
    //  "per_class": [{class, precision, recall, f1, support}], "macro_f1",
    //  "scores_are", "mistakes": the first `mistakeCount` with their top 3}.
    Json toJson(std::size_t mistakeCount) const;
};

}  // namespace cnnwb
