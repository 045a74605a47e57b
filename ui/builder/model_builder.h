// The "Model" tab: the layer palette, the stack of layer cards, the property
// editor of the selected layer and the live summary, side by side. It keeps
// the selection in step across them and offers the layer edits the Edit menu
// and the card context menu trigger (each an undo step in the document).
#pragma once

#include <QWidget>

class QSplitter;

namespace cnnwb::ui {

class ExperimentDocument;
class LayerPalette;
class LayerStackView;
class PropertyEditor;
class SummaryPanel;

class ModelBuilder : public QWidget {
    Q_OBJECT
public:
    explicit ModelBuilder(ExperimentDocument* document, QWidget* parent = nullptr);

    LayerPalette* palette() const { return palette_; }
    LayerStackView* stack() const { return stack_; }
    PropertyEditor* properties() const { return properties_; }
    SummaryPanel* summary() const { return summary_; }
    QWidget* palettePane() const { return palettePane_; }
    QWidget* propertiesPane() const { return propertiesPane_; }
    QWidget* summaryPane() const { return summaryPane_; }

    int currentRow() const;
    void selectRow(int row);

    // Layer edits on the selected card.
    void addLayer(const QString& type);  // after the selected card, or at the end
    void duplicateCurrent();
    void deleteCurrent();
    void moveCurrent(int delta);  // -1 up, +1 down
    void toggleCurrentEnabled();

signals:
    void currentRowChanged(int row);

private:
    ExperimentDocument* document_;
    LayerPalette* palette_;
    LayerStackView* stack_;
    PropertyEditor* properties_;
    SummaryPanel* summary_;
    QWidget* palettePane_;
    QWidget* propertiesPane_;
    QWidget* summaryPane_;
};

}  // namespace cnnwb::ui
