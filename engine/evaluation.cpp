#include "evaluation.h"

#include <algorithm>
#include <numeric>

namespace cnnwb {

std::vector<std::vector<std::size_t>> Evaluation::confusion() const {
    const auto n = static_cast<std::size_t>(classes());
    std::vector<std::vector<std::size_t>> matrix(n, std::vector<std::size_t>(n));
    for (std::size_t i = 0; i < size(); ++i) ++matrix[std::size_t(labels[i])][std::size_t(predicted[i])];
    return matrix;
}

ClassMetrics Evaluation::classMetrics(int classIndex) const {
    ClassMetrics m;
    for (std::size_t i = 0; i < size(); ++i) {
        const bool truly = labels[i] == classIndex, said = predicted[i] == classIndex;
        m.support += truly;
        m.predicted += said;
        m.truePositives += truly && said;
    }
    if (m.predicted) m.precision = double(m.truePositives) / double(m.predicted);
    if (m.support) m.recall = double(m.truePositives) / double(m.support);
    if (m.precision + m.recall > 0) m.f1 = 2 * m.precision * m.recall / (m.precision + m.recall);
    return m;
}

double Evaluation::macroF1() const {
    if (classes() == 0) return 0;
    double sum = 0;
    for (int c = 0; c < classes(); ++c) sum += classMetrics(c).f1;
    return sum / classes();
}

// Sorts sample indices by confidence, highest first; ties keep data-set order.
static void surestFirst(const Evaluation& e, std::vector<std::size_t>& samples) {
    std::stable_sort(samples.begin(), samples.end(),
                     [&](std::size_t a, std::size_t b) { return e.confidence(a) > e.confidence(b); });
}

std::vector<std::size_t> Evaluation::samplesIn(int trueClass, int predictedClass) const {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < size(); ++i)
        if (labels[i] == trueClass && predicted[i] == predictedClass) out.push_back(i);
    surestFirst(*this, out);
    return out;
}

std::vector<std::size_t> Evaluation::mistakes() const {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < size(); ++i)
        if (labels[i] != predicted[i]) out.push_back(i);
    surestFirst(*this, out);
    return out;
}

std::vector<int> Evaluation::topClasses(std::size_t sample, int k) const {
    std::vector<int> order(static_cast<std::size_t>(classes()));
    std::iota(order.begin(), order.end(), 0);
    const float* s = scoresOf(sample);
    std::stable_sort(order.begin(), order.end(), [s](int a, int b) { return s[a] > s[b]; });
    order.resize(std::size_t(std::clamp(k, 0, classes())));
    return order;
}

Json Evaluation::toJson(std::size_t mistakeCount) const {
    Json perClass = Json::array();
    for (int c = 0; c < classes(); ++c) {
        const ClassMetrics m = classMetrics(c);
        perClass.push_back({{"class", classNames[std::size_t(c)]},
                            {"precision", m.precision},
                            {"recall", m.recall},
                            {"f1", m.f1},
                            {"support", m.support},
                            {"predicted", m.predicted}});
    }
    Json wrong = Json::array();
    const std::vector<std::size_t> all = mistakes();
    for (std::size_t i = 0; i < all.size() && i < mistakeCount; ++i) {
        const std::size_t s = all[i];
        Json top = Json::array();
        for (int c : topClasses(s, 3)) top.push_back({{"class", classNames[std::size_t(c)]}, {"score", scoresOf(s)[c]}});
        wrong.push_back({{"index", s},
                         {"true", classNames[std::size_t(labels[s])]},
                         {"predicted", classNames[std::size_t(predicted[s])]},
                         {"confidence", confidence(s)},
                         {"top", top}});
    }
    return {{"dataset", dataset},
            {"images", size()},
            {"accuracy", accuracy},
            {"loss", loss},
            {"classes", classNames},
            {"confusion", confusion()},
            {"per_class", perClass},
            {"macro_f1", macroF1()},
            {"scores_are", probabilities ? "probabilities" : "outputs"},
            {"mistakes_total", all.size()},
            {"mistakes", wrong}};
}

}  // namespace cnnwb
