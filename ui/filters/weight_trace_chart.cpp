#include "weight_trace_chart.h"

namespace cnnwb::ui {

WeightTraceChart::WeightTraceChart(QWidget* parent)
    : QCustomPlot(parent), graph_(addGraph()), marker_(addGraph()), heading_(new QCPTextElement(this)) {
    setObjectName("weightTrace");
    setMinimumHeight(180);
    plotLayout()->insertRow(0);
    plotLayout()->addElement(0, 0, heading_);
    heading_->setFont(QFont(font().family(), 9, QFont::Bold));
    graph_->setPen(QPen(QColor(40, 90, 170), 1.6));
    graph_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 4));
    marker_->setLineStyle(QCPGraph::lsNone);
    marker_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(QColor(200, 60, 40), 2), Qt::NoBrush, 11));
    xAxis->setLabel(tr("batches trained"));
    yAxis->setLabel(tr("weight"));
    setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
}

void WeightTraceChart::showTrace(const WeightHistory& history, const std::string& key, std::size_t element,
                                 const QString& title) {
    key_ = key;
    element_ = element;
    title_ = title;
    const std::vector<float> values = history.trace(key, element);
    QVector<double> x, y;
    for (std::size_t i = 0; i < values.size(); ++i) {
        x.push_back(double(history.points()[i].step));
        y.push_back(values[i]);
    }
    graph_->setData(x, y);  // sorted by QCustomPlot: a damaged file may list its copies out of order
    heading_->setText(values.empty() ? tr("%1: no copies of it yet").arg(title)
                                     : tr("%1 over the run: %2 → %3 (%4 copies)")
                                           .arg(title)
                                           .arg(y.front(), 0, 'g', 3)
                                           .arg(y.back(), 0, 'g', 3)
                                           .arg(y.size()));
    rescaleAxes();
    // A little room around the line, and a flat line still gets a visible range.
    const QCPRange r = yAxis->range();
    const double pad = r.size() > 0 ? r.size() * 0.08 : std::max(1e-3, std::abs(r.center()) * 0.1);
    yAxis->setRange(r.lower - pad, r.upper + pad);
    if (x.size() == 1) xAxis->setRange(x.front() - 1, x.front() + 1);
    else xAxis->setRange(x.front() - (x.back() - x.front()) * 0.02, x.back() + (x.back() - x.front()) * 0.02);
    replot(QCustomPlot::rpQueuedReplot);
}

void WeightTraceChart::markCopy(int index) {
    marker_->data()->clear();
    if (index >= 0 && index < graph_->dataCount()) {
        const auto point = graph_->data()->at(index);
        marker_->addData(point->key, point->value);
    }
    replot(QCustomPlot::rpQueuedReplot);
}

int WeightTraceChart::pointCount() const { return graph_->dataCount(); }

}  // namespace cnnwb::ui
