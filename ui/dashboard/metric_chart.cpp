#include "metric_chart.h"

#include "ui/common/log_ticker.h"
#include "ui/common/smoothing_control.h"

#include <algorithm>
#include <cmath>

namespace cnnwb::ui {

namespace {

int indexOf(MetricChart::Series s) { return int(s); }

// Colours that stay apart for most colour-blind readers (Okabe–Ito).
const QColor kRawColour(166, 206, 227);
const QColor kSmoothColour(0, 114, 178);
const QColor kValidationColour(230, 159, 0);
const QColor kTestColour(0, 158, 115);
const QColor kReferenceColour(204, 51, 51);

}  // namespace

MetricChart::MetricChart(MetricsHistory::Metric metric, QWidget* parent) : QCustomPlot(parent), metric_(metric) {
    const bool loss = metric == MetricsHistory::Metric::Loss;
    const bool rate = metric == MetricsHistory::Metric::LearningRate;
    // The performance notes: no antialiasing on the dense series, thin pens,
    // no alpha; adaptive sampling (the default) keeps 100,000 points cheap.
    setNoAntialiasingOnDrag(true);
    setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    setMinimumSize(320, 220);
    setMouseTracking(true);  // hover read-out without a button pressed

    graphs_[indexOf(Series::TrainingBatch)] =
        addSeries(rate ? tr("learning rate, per batch") : tr("training, per batch"), rate ? kSmoothColour : kRawColour,
                  rate ? 2 : 1, QCPScatterStyle());
    graphs_[indexOf(Series::TrainingSmoothed)] =
        addSeries(tr("training, %1").arg(smoothingLegend(Smoothing{})), kSmoothColour, 2, QCPScatterStyle());
    graphs_[indexOf(Series::Validation)] = addSeries(
        tr("validation, per epoch"), kValidationColour, 2, QCPScatterStyle(QCPScatterStyle::ssCircle, 7));
    graphs_[indexOf(Series::Test)] =
        addSeries(tr("test, per epoch"), kTestColour, 2, QCPScatterStyle(QCPScatterStyle::ssSquare, 7));
    graphs_[indexOf(Series::TrainingBatch)]->setAntialiased(false);
    for (QCPGraph* g : graphs_) g->removeFromLegend();  // added as data arrive

    xAxis->setLabel(tr("epoch"));
    yAxis->setLabel(loss ? tr("loss") : rate ? tr("learning rate") : tr("accuracy"));
    xAxis->setRange(0, 1);
    yAxis->setRange(0, 1);
    legend->setVisible(false);  // shown once a series has data
    legend->setFont(QFont(font().family(), 8));
    legend->setBrush(QColor(255, 255, 255, 230));
    axisRect()->insetLayout()->setInsetAlignment(0, loss || rate ? (Qt::AlignTop | Qt::AlignRight)
                                                         : (Qt::AlignBottom | Qt::AlignRight));

    // The tracer gets its graph only while the mouse is over data: an empty
    // graph makes QCustomPlot complain on every replot.
    tracer_ = new QCPItemTracer(this);
    tracer_->setStyle(QCPItemTracer::tsCircle);
    tracer_->setSize(8);
    tracer_->setPen(QPen(Qt::black));
    tracer_->setVisible(false);
}

QCPGraph* MetricChart::addSeries(const QString& name, const QColor& colour, double width, QCPScatterStyle scatter) {
    QCPGraph* g = addGraph();
    g->setName(name);
    g->setPen(QPen(colour, width));
    g->setScatterStyle(scatter);
    if (scatter.shape() != QCPScatterStyle::ssNone) {
        scatter.setPen(QPen(colour, 1.5));
        scatter.setBrush(Qt::white);
        g->setScatterStyle(scatter);
    }
    return g;
}

QCPGraph* MetricChart::graphOf(Series s) const { return graphs_[indexOf(s)]; }

int MetricChart::pointCount(Series s) const { return graphs_[indexOf(s)]->data()->size(); }

void MetricChart::setValueAxisLabel(const QString& label) {
    yAxis->setLabel(label);
    replot(rpQueuedReplot);
}

QString MetricChart::referenceLabel() const { return referenceText_ ? referenceText_->text() : QString(); }

void MetricChart::setReference(const std::optional<ReferenceLine>& line) {
    if (referenceLine_) removeItem(referenceLine_), referenceLine_ = nullptr;
    if (referenceText_) removeItem(referenceText_), referenceText_ = nullptr;
    reference_.reset();
    if (line) {
        reference_ = line->accuracy;
        referenceLine_ = new QCPItemStraightLine(this);
        referenceLine_->setPen(QPen(kReferenceColour, 1.5, Qt::DashLine));
        referenceLine_->point1->setCoords(0, line->accuracy);
        referenceLine_->point2->setCoords(1, line->accuracy);
        referenceText_ = new QCPItemText(this);
        referenceText_->setText(line->label);
        referenceText_->setColor(kReferenceColour);
        referenceText_->setFont(QFont(font().family(), 8));
        referenceText_->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
        referenceText_->position->setTypeY(QCPItemPosition::ptPlotCoords);
        referenceText_->position->setCoords(0.01, line->accuracy);
        referenceText_->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
    }
    if (following_) fitRanges();
    replot(rpQueuedReplot);
}

void MetricChart::setSmoothingName(const QString& name) {
    graphs_[indexOf(Series::TrainingSmoothed)]->setName(tr("training, %1").arg(name));
    replot(rpQueuedReplot);
}

void MetricChart::setLogScale(bool on) {
    if (on == logScale_) return;
    logScale_ = on;
    yAxis->setScaleType(on ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    if (on) yAxis->setTicker(QSharedPointer<LogTicker>::create());
    else yAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
    fitRanges();
    replot(rpQueuedReplot);
}

void MetricChart::resetView() {
    following_ = true;
    fitRanges();
    replot(rpQueuedReplot);
}

void MetricChart::append(Series s, const MetricSeries& series) {
    const int i = indexOf(s);
    const qsizetype from = drawn_[i];
    if (series.size() <= from) return;
    const qsizetype n = series.size() - from;
    graphs_[i]->addData(series.keys.mid(from, n), series.values.mid(from, n), true);
    for (qsizetype k = from; k < series.size(); ++k) {
        const double v = series.values[k];
        if (!std::isfinite(v)) continue;
        if (!hasValues_) minValue_ = maxValue_ = v, hasValues_ = true;
        minValue_ = std::min(minValue_, v);
        maxValue_ = std::max(maxValue_, v);
        if (v > 0 && (minPositive_ <= 0 || v < minPositive_)) minPositive_ = v;
    }
    maxKey_ = std::max(maxKey_, series.keys.back());
    drawn_[i] = series.size();
}

bool MetricChart::sync(const MetricsHistory& history) {
    if (history.generation() != generation_) {
        for (int i = 0; i < 4; ++i) graphs_[i]->data()->clear(), drawn_[i] = 0;
        tracer_->setGraph(nullptr);
        tracer_->setVisible(false);
        maxKey_ = minValue_ = maxValue_ = minPositive_ = 0;
        hasValues_ = false;
        generation_ = history.generation();
        revision_ = ~quint64(0);
    }
    if (history.revision() == revision_) return false;
    revision_ = history.revision();
    append(Series::TrainingBatch, history.batchSeries(metric_));
    append(Series::TrainingSmoothed, history.smoothedSeries(metric_));
    append(Series::Validation, history.validationSeries(metric_));
    append(Series::Test, history.testSeries(metric_));
    // The legend lists only what is drawn (no "validation" without a validation set).
    int listed = 0;
    for (QCPGraph* g : graphs_) listed += !g->data()->isEmpty();
    if (listed != legend->itemCount()) {
        legend->clearItems();
        for (QCPGraph* g : graphs_)
            if (!g->data()->isEmpty()) g->addToLegend();
    }
    legend->setVisible(listed > 0);
    if (following_) fitRanges();
    replot(rpQueuedReplot);
    return true;
}

void MetricChart::fitRanges() {
    // Nothing yet: a plain 0..1 epoch axis rather than a zoom into 0..0.001.
    xAxis->setRange(0, hasValues_ ? std::max(maxKey_, 1e-3) * 1.02 : 1.0);
    double low = hasValues_ ? minValue_ : 0, high = hasValues_ ? maxValue_ : 1;
    if (reference_) low = std::min(low, *reference_), high = std::max(high, *reference_);
    if (metric_ == MetricsHistory::Metric::Accuracy) {
        yAxis->setRange(std::max(0.0, low - 0.02), std::min(1.0, high) + 0.01);
    } else if (logScale_) {
        const double positive = minPositive_ > 0 ? minPositive_ : 1e-3;
        yAxis->setRange(positive / 1.5, std::max(high, positive * 10) * 1.5);
    } else {
        const double span = std::max(high - std::min(0.0, low), 1e-6);
        yAxis->setRange(std::min(0.0, low), std::min(0.0, low) + span * 1.05);
    }
}

void MetricChart::mousePressEvent(QMouseEvent* event) {
    following_ = false;  // the person takes over the view
    QCustomPlot::mousePressEvent(event);
}

void MetricChart::wheelEvent(QWheelEvent* event) {
    following_ = false;
    QCustomPlot::wheelEvent(event);
}

void MetricChart::mouseDoubleClickEvent(QMouseEvent* event) {
    QCustomPlot::mouseDoubleClickEvent(event);
    resetView();
}

void MetricChart::leaveEvent(QEvent* event) {
    QCustomPlot::leaveEvent(event);
    tracer_->setVisible(false);
    tracer_->setGraph(nullptr);
    replot(rpQueuedReplot);
    emit readoutChanged(QString());
}

void MetricChart::mouseMoveEvent(QMouseEvent* event) {
    QCustomPlot::mouseMoveEvent(event);
    if (!axisRect()->rect().contains(event->pos())) return;
    const double key = xAxis->pixelToCoord(event->pos().x());
    const QString text = readoutAt(key);
    QCPGraph* smooth = graphs_[indexOf(Series::TrainingSmoothed)];
    const bool onData = !smooth->data()->isEmpty();
    tracer_->setGraph(onData ? smooth : nullptr);
    tracer_->setVisible(onData);
    if (onData) tracer_->setGraphKey(key);
    replot(rpQueuedReplot);
    emit readoutChanged(text);
}

QString MetricChart::format(double v) const {
    return metric_ == MetricsHistory::Metric::Accuracy ? QString::number(v, 'f', 4) : QString::number(v, 'g', 4);
}

// The value of `graph` at the data point nearest `key`, if it is within `reach`.
static std::optional<QCPGraphData> nearest(const QCPGraph* graph, double key, double reach) {
    const auto data = graph->data();
    if (data->isEmpty()) return std::nullopt;
    auto it = data->findBegin(key, false);
    if (it == data->constEnd()) --it;
    std::optional<QCPGraphData> best;
    for (auto c : {it, it == data->constBegin() ? it : it - 1})
        if (std::abs(c->key - key) <= reach && (!best || std::abs(c->key - key) < std::abs(best->key - key))) best = *c;
    return best;
}

QString MetricChart::readoutAt(double key) const {
    QStringList parts;
    const double batchReach = std::max(1e-9, xAxis->range().size() / 50);
    if (auto raw = nearest(graphs_[indexOf(Series::TrainingBatch)], key, batchReach))
        parts << tr("epoch %1: batch %2").arg(raw->key, 0, 'f', 3).arg(format(raw->value));
    if (auto smooth = nearest(graphs_[indexOf(Series::TrainingSmoothed)], key, batchReach))
        parts << tr("smoothed %1").arg(format(smooth->value));
    if (auto v = nearest(graphs_[indexOf(Series::Validation)], key, 0.5))
        parts << tr("validation (epoch %1) %2").arg(int(v->key)).arg(format(v->value));
    if (auto t = nearest(graphs_[indexOf(Series::Test)], key, 0.5))
        parts << tr("test (epoch %1) %2").arg(int(t->key)).arg(format(t->value));
    const QString what = metric_ == MetricsHistory::Metric::Loss           ? tr("Loss")
                         : metric_ == MetricsHistory::Metric::LearningRate ? tr("Learning rate")
                                                                           : tr("Accuracy");
    return parts.isEmpty() ? QString() : what + QStringLiteral(" — ") + parts.join(QStringLiteral(" · "));
}

}  // namespace cnnwb::ui
