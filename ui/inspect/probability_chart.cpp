#include "probability_chart.h"

namespace cnnwb::ui {

ProbabilityChart::ProbabilityChart(QWidget* parent)
    : QCustomPlot(parent), others_(new QCPBars(yAxis, xAxis)), truth_(new QCPBars(yAxis, xAxis)) {
    others_->setBrush(QColor(86, 180, 233));
    others_->setPen(Qt::NoPen);
    others_->setName(tr("other classes"));
    truth_->setBrush(QColor(0, 158, 115));
    truth_->setPen(Qt::NoPen);
    truth_->setName(tr("true class"));
    for (QCPBars* b : {others_, truth_}) b->setWidth(0.7);
    xAxis->setRange(0, 1.15);
    xAxis->setLabel(tr("predicted probability"));
    xAxis->ticker()->setTickCount(5);
    yAxis->setRangeReversed(true);
    yAxis->setTickLength(0, 0);
    yAxis->setSubTicks(false);
    yAxis->grid()->setVisible(false);
    setMinimumSize(220, 220);
}

void ProbabilityChart::setProbabilities(const QVector<float>& probabilities, const QStringList& classNames, int trueLabel) {
    QVector<double> keys, values, trueKey, trueValue;
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (QCPItemText* t : labels_) removeItem(t);
    labels_.clear();
    for (int i = 0; i < probabilities.size(); ++i) {
        ticker->addTick(i, i < classNames.size() ? classNames[i] : QString::number(i));
        (i == trueLabel ? trueKey : keys).push_back(i);
        (i == trueLabel ? trueValue : values).push_back(probabilities[i]);
        auto* label = new QCPItemText(this);
        label->setText(QString::number(probabilities[i], 'f', 3));
        label->setFont(QFont(font().family(), 8));
        label->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
        label->position->setAxes(xAxis, yAxis);
        label->position->setCoords(std::min(1.0, double(probabilities[i])) + 0.01, i);
        labels_ << label;
    }
    others_->setData(keys, values, true);
    truth_->setData(trueKey, trueValue, true);
    yAxis->setTicker(ticker);
    yAxis->setRange(-0.6, std::max(1.0, double(probabilities.size())) - 0.4);
    replot(rpQueuedReplot);
}

double ProbabilityChart::probability(int label) const {
    for (const QCPBars* b : {others_, truth_}) {
        auto it = b->data()->findBegin(label, false);
        if (it != b->data()->constEnd() && int(it->key) == label) return it->value;
    }
    return -1;
}

}  // namespace cnnwb::ui
