#include "layer_stack_view.h"

#include "layer_card_delegate.h"

#include <QDrag>
#include <QDropEvent>
#include <QMimeData>
#include <QPainter>

namespace cnnwb::ui {

LayerStackView::LayerStackView(QWidget* parent) : QListView(parent), delegate_(new LayerCardDelegate(this)) {
    setItemDelegate(delegate_);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setDragEnabled(true);
    setAcceptDrops(true);
    setDropIndicatorShown(true);
    setDragDropMode(QAbstractItemView::DragDrop);
    setDefaultDropAction(Qt::MoveAction);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setResizeMode(QListView::Adjust);  // cards follow the width; wrapped messages change heights
    setUniformItemSizes(false);
    setSpacing(0);
    setMouseTracking(true);
    setContextMenuPolicy(Qt::ActionsContextMenu);
}

void LayerStackView::setModel(QAbstractItemModel* model) {
    QListView::setModel(model);
    // A message appearing on a card makes it taller: lay the cards out again.
    connect(model, &QAbstractItemModel::dataChanged, this, [this] { scheduleDelayedItemsLayout(); });
}

int LayerStackView::currentRow() const { return currentIndex().isValid() ? currentIndex().row() : -1; }

void LayerStackView::selectRow(int row) {
    if (!model() || row < 0 || row >= model()->rowCount()) return;
    const QModelIndex index = model()->index(row, 0);
    setCurrentIndex(index);
    scrollTo(index);
}

void LayerStackView::startDrag(Qt::DropActions supportedActions) {
    const QModelIndexList indexes = selectedIndexes();
    if (indexes.isEmpty()) return;
    QMimeData* data = model()->mimeData(indexes);
    if (!data) return;
    auto* drag = new QDrag(this);
    drag->setMimeData(data);
    // The card itself, half transparent, as what the pointer carries.
    const QRect rect = visualRect(indexes.first());
    QPixmap pm(rect.size());
    pm.fill(Qt::transparent);
    {
        QPainter p(&pm);
        p.setOpacity(0.75);
        QStyleOptionViewItem option;
        initViewItemOption(&option);
        option.rect = QRect(QPoint(0, 0), rect.size());
        option.state |= QStyle::State_Selected;
        itemDelegate()->paint(&p, option, indexes.first());
    }
    drag->setPixmap(pm);
    drag->setHotSpot(viewport()->mapFromGlobal(QCursor::pos()) - rect.topLeft());
    // Whatever the result, rows only change through the model's drop handling.
    drag->exec(supportedActions, Qt::MoveAction);
}

void LayerStackView::dropEvent(QDropEvent* event) {
    if (!model()) return;
    const QModelIndex at = indexAt(event->position().toPoint());
    int row = model()->rowCount();
    if (at.isValid()) {
        const QRect r = visualRect(at);
        row = event->position().toPoint().y() < r.center().y() ? at.row() : at.row() + 1;
    }
    const Qt::DropAction action = event->source() == this ? Qt::MoveAction : Qt::CopyAction;
    if (model()->dropMimeData(event->mimeData(), action, row, 0, QModelIndex())) {
        // Copy, so that a view would never also delete the dragged row itself.
        event->setDropAction(Qt::CopyAction);
        event->accept();
    } else {
        event->ignore();
    }
    setState(NoState);
    viewport()->update();
}

void LayerStackView::resizeEvent(QResizeEvent* event) {
    QListView::resizeEvent(event);
    scheduleDelayedItemsLayout();
}

}  // namespace cnnwb::ui
