// The live charts of one run: loss and accuracy side by side, a status line
// and the chart tools (reset view, log loss axis, smoothing, export). Fed by
// a TrainingController; a 20 Hz timer moves what arrived onto the charts, so
// a flood of batches costs one replot per tick at most.
#pragma once

#include "metrics_history.h"
#include "ui/training/run_info.h"
#include "ui/training/training_state.h"

#include <QWidget>

class QCheckBox;
class QDoubleSpinBox;
class QLabel;
class QTimer;
class QToolButton;

class QCustomPlot;

namespace cnnwb::ui {

class MetricChart;
class SmoothingControl;
class TrainingController;

class TrainingDashboard : public QWidget {
    Q_OBJECT
public:
    explicit TrainingDashboard(QWidget* parent = nullptr);

    // Listens to `controller` from now on (one controller per dashboard).
    void attach(TrainingController* controller);
    // What attach() connects the controller's signals to.
    void appendBatches(const QList<BatchStats>& batches) { history_.appendBatches(batches); }
    void appendEpoch(const EpochStats& epoch) { history_.appendEpoch(epoch); }
    // Shows a finished run's history (an opened session) without a controller run.
    void showHistory(const History& history, const RunInfo& info);
    // The figure the experiment's authors reported, drawn on the accuracy chart.
    void setReported(const std::optional<ReportedFigure>& figure);
    void setLossName(const QString& lossName);

    const MetricsHistory& history() const { return history_; }
    MetricChart* lossChart() const { return lossChart_; }
    MetricChart* accuracyChart() const { return accuracyChart_; }
    // Shown when the run's learning rate changes (lr_schedule.h).
    MetricChart* rateChart() const { return rateChart_; }
    QString statusText() const;
    // Moves new points onto the charts now (the timer does this 20 times a second).
    void refresh();

    // Export; each returns an empty string or the reason it failed.
    QString exportPng(const QString& path) const;
    QString exportSvg(const QString& path) const;
    QString exportPdf(const QString& path) const;
    QString exportCsv(const QString& path) const;

signals:
    // An export or another action failed; the panel shows the message.
    void errorOccurred(const QString& message);

private:
    // The charts shown (the rate's only when it changes), as exported.
    QList<MetricChart*> charts() const;
    QList<QCustomPlot*> plots() const;
    void updateStatus();
    void chooseExport(const QString& kind);

    MetricsHistory history_;
    RunInfo info_;
    TrainingState state_ = TrainingState::Idle;
    MetricChart* lossChart_;
    MetricChart* accuracyChart_;
    MetricChart* rateChart_;
    QLabel* status_;
    QLabel* readout_;
    QCheckBox* logScale_;
    SmoothingControl* smoothing_;
    QToolButton* exportButton_;
    QTimer* timer_;
    quint64 statusRevision_ = ~quint64(0);
};

}  // namespace cnnwb::ui
