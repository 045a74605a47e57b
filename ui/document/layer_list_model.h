// The network being edited, as a list model: one row per layer of the spec's
// "layers" array, Input first. The JSON objects are the model's data (what
// gets saved); the latest NetworkAnalysis adds shapes, counts and the error.
//
// Edits come in through the mutators below, which undo commands call; they
// keep the views informed with the proper begin/end notifications. Drops
// (from the palette or a drag within the stack) are not applied here: they
// are turned into requests, so that the document can push undoable commands.
#pragma once

#include "network_analysis.h"

#include "engine/network.h"

#include <QAbstractListModel>

#include <map>
#include <string>

namespace cnnwb::ui {

class LayerListModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        LayerJsonRole = Qt::UserRole + 1,  // QString: the layer's JSON object, compact
        TypeRole,           // QString "Conv2D"
        NameRole,           // QString "h1"
        ArgsSummaryRole,    // QString "16 filters 5×5, stride 4, valid, tanh"
        OutputShapeRole,    // QString "6×6×16", empty when unknown
        ParamsRole,         // qulonglong, or invalid when unknown
        FormulaRole,        // QString "16 × (5×5×1 + 1) = 416"
        MultiplyAddsRole,   // qulonglong
        EnabledRole,        // bool
        ErrorRole,          // QString, empty unless this layer is at fault
        CostRole,           // QString "230,400 multiply-adds · forward 1.96 + backward 2.17 ms a batch (48 %)": the share of all layers' time"
    };

    // Drag payloads: a row of this model (a move), or a layer type from the palette.
    static constexpr const char* kRowMime = "application/x-cnnwb-layer-row";
    static constexpr const char* kTypeMime = "application/x-cnnwb-layer-type";

    explicit LayerListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

    Qt::DropActions supportedDropActions() const override;
    Qt::DropActions supportedDragActions() const override;
    QStringList mimeTypes() const override;
    QMimeData* mimeData(const QModelIndexList& indexes) const override;
    bool canDropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
                         const QModelIndex& parent) const override;
    // Emits moveRequested or insertTypeRequested; the rows change once the command runs.
    bool dropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
                      const QModelIndex& parent) override;

    // The layers, exactly as they will be saved.
    const Json& layers() const { return layers_; }
    const Json& layer(int row) const { return layers_.at(std::size_t(row)); }
    const NetworkAnalysis& analysis() const { return analysis_; }

    // Mutators for undo commands (each emits layersEdited()).
    void resetLayers(Json layers);
    void insertLayer(int row, Json layer);
    Json removeLayer(int row);
    void moveLayer(int from, int to);  // `to` is the layer's index afterwards
    void replaceLayer(int row, Json layer);

    // New results for the current layers; refreshes every card.
    void setAnalysis(NetworkAnalysis analysis);
    // What each layer's training passes cost in the latest run (by layer
    // name); forgotten at the next edit, which makes it another network.
    void setLayerTimes(const std::vector<NamedLayerTime>& times);

signals:
    void layersEdited();
    // A drop asks for a layer move: `to` is the index the layer should end up at.
    void moveRequested(int from, int to);
    // A drop of a palette entry: insert a new layer of `type` at `row`.
    void insertTypeRequested(const QString& type, int row);
    // An undo command changed `row`; views may select it so the user sees what changed.
    void rowTouched(int row);

private:
    Json layers_ = Json::array();
    NetworkAnalysis analysis_;
    std::map<std::string, LayerTime> times_;
    double totalSeconds_ = 0;  // every layer's forward and backward time together
};

}  // namespace cnnwb::ui
