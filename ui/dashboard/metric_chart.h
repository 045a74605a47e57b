// One live chart (loss or accuracy) over a MetricsHistory: training per batch
// (raw and smoothed) and validation/test per epoch, against epochs on the x
// axis. sync() is called from the dashboard's timer; it appends only the
// points not drawn yet (addData) and queues one replot, so 100,000 points per
// series cost nothing per tick beyond the new ones.
//
// The view follows the data until the person drags or zooms; resetView()
// (or a double click) makes it follow again. Hovering shows the values under
// the mouse through readoutChanged().
#pragma once

#include "metrics_history.h"
#include "ui/common/reference_line.h"

#include <qcustomplot.h>

#include <optional>

namespace cnnwb::ui {

class MetricChart : public QCustomPlot {
    Q_OBJECT
public:
    enum class Series { TrainingBatch, TrainingSmoothed, Validation, Test };

    explicit MetricChart(MetricsHistory::Metric metric, QWidget* parent = nullptr);

    // Appends what is new in `history` and queues a replot; returns whether anything changed.
    bool sync(const MetricsHistory& history);
    void setValueAxisLabel(const QString& label);
    void setReference(const std::optional<ReferenceLine>& line);
    void setLogScale(bool on);
    // Names the smoothing in the smoothed series' legend entry.
    void setSmoothingName(const QString& name);
    bool isLogScale() const { return logScale_; }
    void resetView();
    bool isFollowing() const { return following_; }

    QCPGraph* graphOf(Series s) const;
    int pointCount(Series s) const;
    MetricsHistory::Metric metric() const { return metric_; }
    const QCPItemStraightLine* referenceLine() const { return referenceLine_; }
    QString referenceLabel() const;

signals:
    void readoutChanged(const QString& text);

protected:
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    QCPGraph* addSeries(const QString& name, const QColor& colour, double width, QCPScatterStyle scatter);
    void append(Series s, const MetricSeries& series);
    void fitRanges();
    QString readoutAt(double key) const;
    QString format(double v) const;

    MetricsHistory::Metric metric_;
    QCPGraph* graphs_[4] = {};
    qsizetype drawn_[4] = {};
    QCPItemStraightLine* referenceLine_ = nullptr;
    QCPItemText* referenceText_ = nullptr;
    QCPItemTracer* tracer_ = nullptr;
    std::optional<double> reference_;
    quint64 generation_ = ~quint64(0);
    quint64 revision_ = ~quint64(0);
    bool logScale_ = false;
    bool following_ = true;
    // Extent of everything drawn, kept as points arrive (no pass over the data per tick).
    double maxKey_ = 0, minValue_ = 0, maxValue_ = 0, minPositive_ = 0;
    bool hasValues_ = false;
};

}  // namespace cnnwb::ui
