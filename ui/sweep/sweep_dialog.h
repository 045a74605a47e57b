// Experiment → Sweep…: pick settings of the current experiment (any argument
// of any layer, a layer on or off, any training or data setting) and their
// values, how many seeds each, and run them all. Every value is checked by
// the engine as it is typed (the plan says how many runs, or the spec
// loader's message). While it runs: progress, time left, Cancel; when done:
// the results table (mean ± std over seeds, change against the first) and
// the runs to show together in the Runs tab.
#pragma once

#include "engine/runs/sweep.h"
#include "engine/trainer.h"

#include <QDialog>

#include <optional>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace cnnwb::ui {

class SweepRunner;
class TrainingController;

class SweepDialog : public QDialog {
    Q_OBJECT
public:
    // `spec`: the experiment as it is now; `parent`/`parentSpec`: what its
    // runs record as their origin; `library`: where they are recorded.
    SweepDialog(const ModelSpec& spec, const RunOrigin& origin, const ModelSpec& originSpec, const QString& library,
                TrainingController* controller, const TrainerOptions& options, QWidget* parent = nullptr);
    ~SweepDialog() override;

    // A varied setting: its path and values as typed ("tanh, relu").
    void setAxis(int row, const QString& path, const QString& values);
    void setRepeats(int repeats);
    void setSeeds(const QString& seeds);
    void setEpochs(int epochs);  // 0: the spec's
    // The plan as the form stands, or the reason there is none.
    std::optional<SweepPlan> plan(QString* why = nullptr) const;
    QString planText() const;

    void start();
    void cancel();
    SweepRunner* runner() const { return runner_; }
    QTableWidget* results() const { return results_; }
    // The ids of the sweep's runs in the library (after it ran).
    QStringList runIds() const;

signals:
    // Show these runs together in the Runs tab.
    void showRunsRequested(const QStringList& ids);

private:
    void updatePlan();
    void updateProgress();
    void showResults();

    ModelSpec spec_;
    RunOrigin origin_;
    ModelSpec originSpec_;
    QString library_;
    TrainingController* controller_;
    TrainerOptions options_;
    SweepRunner* runner_;
    std::optional<SweepPlan> running_;
    QTableWidget* axes_;
    QSpinBox* repeats_;
    QLineEdit* seeds_;
    QSpinBox* epochs_;
    QLabel* plan_;
    QPushButton* start_;
    QPushButton* cancel_;
    QPushButton* showRuns_;
    QProgressBar* progress_;
    QLabel* status_;
    QTableWidget* results_;
};

}  // namespace cnnwb::ui
