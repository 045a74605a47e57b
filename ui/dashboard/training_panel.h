// The "Training" tab: Train / Pause / Resume / Stop, the live dashboard and
// an inline message strip for errors. The window supplies the spec to train
// through a spec source, read when Train is pressed, and may put the actions
// in its own toolbar or menus (they are the same QActions).
#pragma once

#include "ui/training/run_request.h"

#include "engine/model_spec.h"
#include "engine/trainer.h"

#include <QWidget>

#include <functional>

class QAction;
class QSpinBox;

namespace cnnwb::ui {

class DataFetchBar;
class MessageBanner;
class TrainingController;
class TrainingDashboard;

class TrainingPanel : public QWidget {
    Q_OBJECT
public:
    explicit TrainingPanel(TrainingController* controller, QWidget* parent = nullptr);

    // Returns the spec to train; may throw (a SpecError's message is shown).
    void setSpecSource(std::function<ModelSpec()> source) { specSource_ = std::move(source); }
    // Returns the whole run to start (to continue, where to record it), or
    // nothing when the person cancelled; may throw. Used instead of the spec
    // source when set. The panel adds its trainer options.
    void setRunSource(std::function<std::optional<RunRequest>()> source) { runSource_ = std::move(source); }
    // Engine options for the next runs (threads; tests also cap batches per epoch).
    void setTrainerOptions(const TrainerOptions& options);
    TrainerOptions trainerOptions() const;

    QAction* trainAction() const { return train_; }
    QAction* pauseAction() const { return pause_; }
    QAction* resumeAction() const { return resume_; }
    QAction* stopAction() const { return stop_; }
    TrainingDashboard* dashboard() const { return dashboard_; }
    DataFetchBar* fetchBar() const { return fetchBar_; }
    TrainingController* controller() const { return controller_; }
    // The message on show (an error from the last run, or a note), empty when none.
    QString messageText() const;
    // A note about what the charts show (not an error); stays until dismissed or replaced.
    void showNote(const QString& note);
    void dismissNote();

    // Reads the spec and starts a run; any problem is shown as a message.
    void train();

signals:
    void errorShown(const QString& message);
    // "Choose folder…" under a missing-data message.
    void dataFolderChosen(const QString& folder);

private:
    void showError(const QString& message);
    void updateActions();

    TrainingController* controller_;
    std::function<ModelSpec()> specSource_;
    std::function<std::optional<RunRequest>()> runSource_;
    TrainerOptions options_;
    QAction* train_;
    QAction* pause_;
    QAction* resume_;
    QAction* stop_;
    QSpinBox* threads_;
    MessageBanner* banner_;
    DataFetchBar* fetchBar_;
    TrainingDashboard* dashboard_;
};

}  // namespace cnnwb::ui
