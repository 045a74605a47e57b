// Experiment → Find learning rate…: the learning-rate range test on the
// experiment as it stands. The form takes the first and last rate and the
// number of steps; Run trains a copy of the model (the experiment is not
// changed) while the chart draws the loss against the rate on a log axis,
// point by point; then the suggested rate is marked, and one click makes it
// the optimizer's learning rate (an undoable settings change).
#pragma once

#include "engine/lr_range_test.h"

#include <QDialog>

class QCPItemStraightLine;
class QCPItemText;
class QCustomPlot;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace cnnwb::ui {

class LrRangeRunner;

class LrRangeDialog : public QDialog {
    Q_OBJECT
public:
    // `spec`: the experiment (valid); `threads`: 0 for all cores.
    LrRangeDialog(const ModelSpec& spec, const QString& dataDirectory, int threads, QWidget* parent = nullptr);
    ~LrRangeDialog() override;

    void setRange(double start, double end, int steps);
    // The options as the form stands, or the reason there are none.
    std::optional<LrRangeTestOptions> options(QString* why = nullptr) const;
    void start();
    void stop();

    LrRangeRunner* runner() const { return runner_; }
    QCustomPlot* chart() const { return chart_; }
    const LrRangeTest& result() const { return result_; }
    QPushButton* useButton() const { return use_; }

signals:
    // "Use this rate": the optimizer's learning_rate becomes `rate`.
    void rateChosen(double rate);

private:
    void addPoint(const LrRangePoint& point, int step, int steps);
    void showResult(const LrRangeTest& test);
    void updateForm();

    ModelSpec spec_;
    QString dataDirectory_;
    int threads_;
    LrRangeRunner* runner_;
    LrRangeTest result_;
    QLineEdit* start_;
    QLineEdit* end_;
    QSpinBox* steps_;
    QPushButton* run_;
    QPushButton* stop_;
    QPushButton* use_;
    QProgressBar* progress_;
    QLabel* status_;
    QCustomPlot* chart_;
    QCPItemStraightLine* suggestion_;
    QCPItemText* suggestionLabel_;
};

}  // namespace cnnwb::ui
