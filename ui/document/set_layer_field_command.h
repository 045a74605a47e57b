// Undoable: one field of one layer's JSON object set, or removed (an empty
// optional), e.g. filters = 16, enabled = false, name = "h1". Undo restores
// the field exactly as it was, including "absent". Consecutive edits of the
// same field of the same layer (spin-box steps) merge into one undo step.
#pragma once

#include "engine/layer_args.h"

#include <QUndoCommand>

#include <optional>
#include <string>

namespace cnnwb::ui {

class LayerListModel;

class SetLayerFieldCommand : public QUndoCommand {
public:
    SetLayerFieldCommand(LayerListModel* model, int row, std::string key, std::optional<Json> value);
    void redo() override;
    void undo() override;
    int id() const override { return 1; }
    bool mergeWith(const QUndoCommand* other) override;

    // False stops later edits from merging into this one (e.g. toggles).
    void setMergeable(bool on) { mergeable_ = on; }

private:
    void apply(const std::optional<Json>& value);

    LayerListModel* model_;
    int row_;
    std::string key_;
    std::optional<Json> before_;
    std::optional<Json> after_;
    bool mergeable_ = true;
};

}  // namespace cnnwb::ui
