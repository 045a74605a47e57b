// The open experiment: its settings (typed, always valid), its layers (in a
// LayerListModel: the editor may hold an invalid network), the last run's
// session, the file it came from, and the undo stack through which every
// edit goes. After each change the spec is re-checked with the engine and the
// result handed to the layer model.
#pragma once

#include "network_analysis.h"

#include "engine/session_file.h"

#include <QObject>
#include <QString>

#include <optional>

class QUndoStack;

namespace cnnwb::ui {

class LayerListModel;

class ExperimentDocument : public QObject {
    Q_OBJECT
public:
    explicit ExperimentDocument(QObject* parent = nullptr);

    LayerListModel* layers() const { return layers_; }
    QUndoStack* undoStack() const { return undo_; }
    // Everything in the spec but the layers: names, training, data.
    const ExperimentSettings& settings() const { return settings_; }
    // The whole spec document, as it will be saved.
    Json specJson() const;
    const NetworkAnalysis& analysis() const;
    // The last run: its spec is what it trained (so its weights belong to
    // record().spec.layers), its history, weights and status. An untrained
    // session (status "new") before any run.
    const Session& record() const { return record_; }

    // Replaces the whole experiment (New, Open, preset); clears the undo history.
    // `origin` says what it was loaded from; runs made from it name it as their parent.
    void load(const ExperimentSettings& settings, const Json& layers, Session record, const QString& filePath,
              RunOrigin origin = {"new", ""});
    // What the experiment was loaded from, and its spec then: the parent of
    // the runs made from it, and what their changes are measured against.
    const RunOrigin& origin() const { return origin_; }
    const ModelSpec& originSpec() const { return originSpec_; }
    QString filePath() const { return filePath_; }
    void setFilePath(const QString& path);
    // The file name, or the spec's name for a session not saved yet.
    QString displayName() const;

    bool isModified() const;
    void setSaved();        // the current state is what is on disk
    void setUnsavedWork();  // modified without an undo step (e.g. recovered from an autosave)
    // A finished or stopped run's session (not an undo step: training is not undone).
    void setRecord(Session record);
    // Grows with every change; the autosave compares it with what it last wrote.
    quint64 revision() const { return revision_; }

    // Edits, each one an undo step.
    void addLayer(const QString& type, int row);
    void insertLayer(int row, Json layer, const QString& text);
    void duplicateLayer(int row);
    void removeLayer(int row);
    void moveLayer(int from, int to);
    void setLayerField(int row, const std::string& key, std::optional<Json> value, bool mergeable = true);
    void setLayerEnabled(int row, bool enabled);
    void changeSettings(ExperimentSettings settings);

    // For ChangeSettingsCommand only: sets the settings without an undo step.
    void applySettings(ExperimentSettings settings);

signals:
    void analysisChanged();
    void settingsChanged();
    void modifiedChanged(bool modified);
    void filePathChanged();
    void loaded();
    void recordChanged();
    void changed();  // anything that would be saved changed

private:
    void reanalyse();

    LayerListModel* layers_;
    QUndoStack* undo_;
    ExperimentSettings settings_;
    Session record_;
    RunOrigin origin_;
    ModelSpec originSpec_;
    QString filePath_;
    bool unsavedWork_ = false;
    quint64 revision_ = 0;
};

}  // namespace cnnwb::ui
