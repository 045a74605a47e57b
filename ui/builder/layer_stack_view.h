// The network as a vertical, scrolling stack of layer cards (Input on top).
// Cards are dragged to reorder and palette entries dropped between them; a
// drop is handed to the model, which turns it into an undoable command, so
// the view itself never removes or inserts rows.
#pragma once

#include <QListView>

namespace cnnwb::ui {

class LayerCardDelegate;

class LayerStackView : public QListView {
    Q_OBJECT
public:
    explicit LayerStackView(QWidget* parent = nullptr);

    void setModel(QAbstractItemModel* model) override;
    LayerCardDelegate* cardDelegate() const { return delegate_; }
    int currentRow() const;
    void selectRow(int row);

protected:
    void startDrag(Qt::DropActions supportedActions) override;
    void dropEvent(QDropEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    LayerCardDelegate* delegate_;
};

}  // namespace cnnwb::ui
