// One weight over the whole run: its value in every copy of the weight
// history against the batches trained, the copy the filter view shows
// marked. Opened by clicking a cell of a kernel table.
#pragma once

#include "engine/weight_history.h"

#include <qcustomplot.h>

namespace cnnwb::ui {

class WeightTraceChart : public QCustomPlot {
    Q_OBJECT
public:
    explicit WeightTraceChart(QWidget* parent = nullptr);

    // Element `element` of parameter `key`, named `title` ("conv1 · kernel 3 · row 2, column 4").
    void showTrace(const WeightHistory& history, const std::string& key, std::size_t element, const QString& title);
    // Marks copy `index` (-1: none, the live weights are shown).
    void markCopy(int index);
    int pointCount() const;
    QString title() const { return title_; }
    std::string key() const { return key_; }
    std::size_t element() const { return element_; }

private:
    QCPGraph* graph_;
    QCPGraph* marker_;
    QCPTextElement* heading_;
    QString title_;
    std::string key_;
    std::size_t element_ = 0;
};

}  // namespace cnnwb::ui
