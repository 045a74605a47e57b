// Several runs' curves on one chart: the same metric, one colour per run, the
// legend naming what differs between them (not the file). Runs that differ
// only in their seed are drawn as one seed group: the mean line and a ±1
// standard deviation band. Per-batch curves are smoothed with a named
// method, their raw points faint beneath; a true log axis for losses; the
// preset's published figure as a line with where it lies against our runs.
#pragma once

#include "engine/smoothing.h"
#include "engine/trainer.h"

#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QCustomPlot;
class QLabel;

namespace cnnwb::ui {

class SmoothingControl;

struct OverlayRun {
    QString label;          // what differs: "h1.activation=relu"
    std::string groupKey;   // runs with the same key form one seed group
    History history;
    // The figure its preset's authors published (as an accuracy), drawn in the run's colour.
    std::optional<double> reported;
    QString reportedLabel;  // "reported test accuracy 0.958"
};

class RunOverlayChart : public QWidget {
    Q_OBJECT
public:
    enum class Metric { TestAccuracy, ValidationAccuracy, TrainingLoss, TrainingAccuracy, TestLoss };

    explicit RunOverlayChart(QWidget* parent = nullptr);

    void setRuns(std::vector<OverlayRun> runs);
    void setMetric(Metric metric);
    Metric metric() const;
    void setSmoothing(const Smoothing& smoothing);
    void setLogScale(bool on);

    QCustomPlot* plot() const { return plot_; }
    // What is drawn, for tests: one entry per legend item.
    QStringList legendNames() const;
    // The verdict line under the chart ("published 0.958 lies above our runs' range 0.9456–0.9493").
    QString verdictText() const;

private:
    void redraw();

    std::vector<OverlayRun> runs_;
    QComboBox* metric_;
    SmoothingControl* smoothing_;
    QCheckBox* log_;
    QCustomPlot* plot_;
    QLabel* verdict_;
};

}  // namespace cnnwb::ui
