// The property editor: typed fields for the selected layer, each edit checked
// by the engine first (a refused value shows why under its field), built
// from the layer's own arguments (its config(), defaults included).
// Every edit goes to the document as an undo step; after an undo or any other
// change the fields are refreshed in place (rebuilt only when the layer's
// type or argument set changes), so focus stays where the user is typing.
#pragma once

#include "ui/fields/arg_field.h"

#include <QPersistentModelIndex>
#include <QWidget>

#include <map>
#include <memory>
#include <string>

class QCheckBox;
class QFormLayout;
class QLabel;

namespace cnnwb::ui {

class ExperimentDocument;

class PropertyEditor : public QWidget {
    Q_OBJECT
public:
    explicit PropertyEditor(ExperimentDocument* document, QWidget* parent = nullptr);

    // The layer to edit; -1 for none.
    void setCurrentRow(int row);
    int currentRow() const { return current_.isValid() ? current_.row() : -1; }
    // The editor of an argument, e.g. "filters" (for tests and focus).
    QWidget* fieldWidget(const std::string& key) const;
    // What the field of `key` says about the last edit it refused; empty when none.
    QString fieldMessage(const std::string& key) const;

private:
    void refresh();
    void clearForm();
    void rebuild(const Json& layer, const Json& shownArgs);
    void commit(const std::string& key);
    // Why the engine refuses `candidate` for `key` of the current layer, or empty.
    QString check(const std::string& key, const Json& candidate) const;

    ExperimentDocument* document_;
    // Follows its layer when rows above it are inserted, removed or moved.
    QPersistentModelIndex current_;
    std::string builtSignature_;  // type + argument keys of the form as built

    QLabel* title_;
    QLabel* description_;
    QLabel* placeholder_;
    QWidget* formHost_;
    QFormLayout* form_ = nullptr;
    QCheckBox* enabled_ = nullptr;
    QLabel* status_;
    std::map<std::string, std::unique_ptr<ArgField>> fields_;
};

}  // namespace cnnwb::ui
