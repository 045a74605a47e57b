// The main window's tabs after "Model": Training (dashboard), Filters,
// Feature maps and Data, all driven by one TrainingController. This class is
// the glue between them and the open document:
//   - Train reads the document's spec; the finished (or stopped) run's
//     weights and history go back into the document, to be saved;
//   - an opened session shows its history, and its weights in the filter and
//     feature-map views (prepared on the worker when those tabs are shown);
//   - the data browser shows the document's data settings;
//   - clicking an image in the data browser inspects it in Feature maps.
#pragma once

#include "engine/layer_args.h"

#include <QObject>

class QTabWidget;

namespace cnnwb::ui {

class DataBrowser;
class ExperimentDocument;
class FeatureMapView;
class FilterView;
class TrainingController;
class TrainingPanel;

class TrainingViews : public QObject {
    Q_OBJECT
public:
    // Adds the four tabs to `tabs` (after the ones already there).
    TrainingViews(ExperimentDocument* document, QTabWidget* tabs, QObject* parent = nullptr);
    ~TrainingViews() override;

    TrainingController* controller() const { return controller_; }
    TrainingPanel* panel() const { return panel_; }
    FilterView* filters() const { return filters_; }
    FeatureMapView* featureMaps() const { return featureMaps_; }
    DataBrowser* dataBrowser() const { return data_; }

    // Starts a run of the document's spec and shows the Training tab.
    void train();
    // Stops a run and waits (events keep flowing) until its session is in the
    // document, at most `timeoutMs`. True when nothing is running afterwards.
    bool stopAndWait(int timeoutMs = 60000);

private:
    void documentLoaded();
    void tabShown(int index);
    void prepareIfStale();
    void showDataSettings();
    // What stored weights are, for the views' captions: "loaded from e1.cnnwb, after epoch 10, batch 3750".
    QString storedWeightsCaption() const;

    ExperimentDocument* document_;
    QTabWidget* tabs_;
    TrainingController* controller_;
    TrainingPanel* panel_;
    FilterView* filters_;
    FeatureMapView* featureMaps_;
    DataBrowser* data_;
    QString recordOrigin_;     // the file the document's run came from; empty: trained in this window
    quint64 preparedRevision_ = ~quint64(0);  // document revision the worker's network matches
    Json shownDataSettings_;   // what the data browser was last given
    bool sessionArrived_ = false;
};

}  // namespace cnnwb::ui
