// The main window's tabs after "Model": Training (dashboard), Filters,
// Feature maps, Mistakes and Data, all driven by one TrainingController. This class is
// the glue between them and the open document:
//   - Train reads the document's spec; on an experiment that holds a run it
//     asks whether to continue that run or start a new one (never silently
//     discarding it); every run is recorded in the run library, with the
//     document's origin as its parent; the finished (or stopped) run's
//     weights and history go back into the document, to be saved;
//   - a trained model edited after its run is a new branch: the Training tab
//     says so instead of showing the old model's curves as this one's;
//   - an opened session shows its history, and its weights in the filter and
//     feature-map views (prepared on the worker when those tabs are shown);
//   - the data browser shows the document's data settings;
//   - clicking an image in the data browser or among the mistakes inspects
//     it in Feature maps.
#pragma once

#include "ui/session/window_prompts.h"
#include "ui/training/run_request.h"

#include <QObject>

#include <optional>

class QTabWidget;

namespace cnnwb::ui {

class DataBrowser;
class EvaluationView;
class ExperimentDocument;
class FeatureMapView;
class FilterView;
class TrainingController;
class TrainingPanel;

class TrainingViews : public QObject {
    Q_OBJECT
public:
    // Adds the five tabs to `tabs` (after the ones already there).
    TrainingViews(ExperimentDocument* document, QTabWidget* tabs, QObject* parent = nullptr);
    ~TrainingViews() override;

    TrainingController* controller() const { return controller_; }
    TrainingPanel* panel() const { return panel_; }
    FilterView* filters() const { return filters_; }
    FeatureMapView* featureMaps() const { return featureMaps_; }
    EvaluationView* mistakes() const { return mistakes_; }
    DataBrowser* dataBrowser() const { return data_; }
    // The folder built-in data sets (MNIST, CIFAR-10) are read from, the only
    // place looked at ("Choose folder…" under a missing-data message): for
    // runs and for the Data tab, which loads again.
    void setDataFolder(const QString& folder);

    // Starts a run of the document's spec and shows the Training tab.
    void train();
    // Continues the document's run, which the library found interrupted, as
    // itself (same id) from its last checkpoint to its planned epochs.
    void resumeInterrupted();
    // Where runs are recorded; empty: nowhere.
    void setRunLibrary(const QString& folder) { runLibrary_ = folder; }
    QString runLibrary() const { return runLibrary_; }
    // The questions Train may ask (continue or new run).
    void setPrompts(WindowPrompts* prompts) { prompts_ = prompts; }
    // The run Train would start now: continue the document's run or start a
    // new one (asking when it holds one). Nothing when cancelled; throws
    // SpecError when the model is not valid.
    std::optional<RunRequest> nextRun();
    // Builds the document's network on the worker (with its stored weights)
    // unless it holds that one already or a run is busy.
    void prepareIfStale();

    // Stops a run and waits (events keep flowing) until its session is in the
    // document, at most `timeoutMs`. True when nothing is running afterwards.
    bool stopAndWait(int timeoutMs = 60000);

signals:
    // A run was recorded in the run library (its session carries the id).
    void runRecorded(const QString& id);

private:
    void documentLoaded();
    void tabShown(int index);
    void showDataSettings();
    // The Training tab for the document as it is: its run's curves, or a
    // note that an edited model is a new branch not trained yet.
    void showRecordOrBranch();
    // What stored weights are, for the views' captions: "loaded from e1.cnnwb, after epoch 10, batch 3750".
    QString storedWeightsCaption() const;

    ExperimentDocument* document_;
    QTabWidget* tabs_;
    TrainingController* controller_;
    TrainingPanel* panel_;
    FilterView* filters_;
    FeatureMapView* featureMaps_;
    EvaluationView* mistakes_;
    DataBrowser* data_;
    QString recordOrigin_;     // the file the document's run came from; empty: trained in this window
    QString runLibrary_;
    WindowPrompts* prompts_ = nullptr;
    bool showingBranch_ = false;
    quint64 preparedRevision_ = ~quint64(0);  // document revision the worker's network matches
    Json shownDataSettings_;   // what the data browser was last given
    bool sessionArrived_ = false;
    bool resumeInPlace_ = false;  // the next run continues the interrupted record as itself
};

}  // namespace cnnwb::ui
