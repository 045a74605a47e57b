// The predicted class probabilities of one image as horizontal bars, one per
// class, the true class in green and the rest in blue, each bar labelled
// with its value.
#pragma once

#include <qcustomplot.h>

namespace cnnwb::ui {

class ProbabilityChart : public QCustomPlot {
    Q_OBJECT
public:
    explicit ProbabilityChart(QWidget* parent = nullptr);

    void setProbabilities(const QVector<float>& probabilities, const QStringList& classNames, int trueLabel);
    double probability(int label) const;

private:
    QCPBars* others_;
    QCPBars* truth_;
    QList<QCPItemText*> labels_;
};

}  // namespace cnnwb::ui
