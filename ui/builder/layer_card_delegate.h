// Paints each layer of the stack as a card: its number, an enable check box,
// name and type, key arguments, output shape and parameter count; a disabled
// layer greyed and dashed, the layer at fault red with the engine's message.
// A click on the check box asks for an enable/disable (an undoable edit).
#pragma once

#include <QStyledItemDelegate>

class QAbstractItemView;

namespace cnnwb::ui {

class LayerCardDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit LayerCardDelegate(QAbstractItemView* view);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    bool editorEvent(QEvent* event, QAbstractItemModel* model, const QStyleOptionViewItem& option,
                     const QModelIndex& index) override;

    // Where the enable check box of a card drawn in `itemRect` sits.
    QRect checkBoxRect(const QRect& itemRect, const QStyleOptionViewItem& option) const;

signals:
    void enableToggleRequested(int row, bool enabled);

private:
    QRect cardRect(const QRect& itemRect) const;
    int textLeft(const QRect& card, const QStyleOptionViewItem& option) const;
    int cardWidth(const QStyleOptionViewItem& option) const;

    QAbstractItemView* view_;
};

}  // namespace cnnwb::ui
