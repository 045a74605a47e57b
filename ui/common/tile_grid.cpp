#include "tile_grid.h"

#include <QContextMenuEvent>

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>

namespace cnnwb::ui {

namespace {
constexpr int kGap = 6;
}

TileGrid::TileGrid(QWidget* parent) : QWidget(parent) {
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
}

void TileGrid::setTiles(const QList<Tile>& tiles, QSize tileSize) {
    tiles_ = tiles;
    tileSize_ = tileSize;
    captions_ = std::any_of(tiles_.begin(), tiles_.end(), [](const Tile& t) { return !t.caption.isEmpty(); });
    updateGeometry();
    update();
}

void TileGrid::setColumns(int columns) {
    fixedColumns_ = std::max(0, columns);
    updateGeometry();
    update();
}

QSize TileGrid::cellSize() const {
    return {tileSize_.width() + kGap, tileSize_.height() + (captions_ ? fontMetrics().height() + 2 : 0) + kGap};
}

int TileGrid::columnsFor(int width) const {
    if (fixedColumns_ > 0) return fixedColumns_;
    return std::max(1, (width + kGap) / cellSize().width());
}

int TileGrid::heightForWidth(int width) const {
    if (tiles_.isEmpty()) return 0;
    const int columns = columnsFor(width);
    return int((tiles_.size() + columns - 1) / columns) * cellSize().height();
}

QSize TileGrid::sizeHint() const {
    const int columns = fixedColumns_ > 0 ? fixedColumns_ : std::clamp(int(tiles_.size()), 1, 8);
    const int w = columns * cellSize().width();
    return {w, heightForWidth(w)};
}

QSize TileGrid::minimumSizeHint() const {
    if (fixedColumns_ > 0) return sizeHint();
    // One tile wide; layouts ask heightForWidth for the real height.
    return {cellSize().width(), tiles_.isEmpty() ? 0 : cellSize().height()};
}

QRect TileGrid::tileRect(int index, int columns) const {
    const QSize cell = cellSize();
    return {(index % columns) * cell.width(), (index / columns) * cell.height(), tileSize_.width(), tileSize_.height()};
}

QRect TileGrid::imageRect(int index, int columns) const {
    const QRect box = tileRect(index, columns);
    QSize fitted = tiles_[index].image.size().scaled(box.size(), Qt::KeepAspectRatio);
    if (fitted.isEmpty()) fitted = box.size();
    return {box.left() + (box.width() - fitted.width()) / 2, box.top() + (box.height() - fitted.height()) / 2,
            fitted.width(), fitted.height()};
}

int TileGrid::tileAt(const QPoint& pos) const {
    const int columns = columnsFor(width());
    for (int i = 0; i < tiles_.size(); ++i)
        if (tileRect(i, columns).contains(pos)) return i;
    return -1;
}

void TileGrid::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::SmoothPixmapTransform, false);
    const int columns = columnsFor(width());
    const QFontMetrics fm = fontMetrics();
    for (int i = 0; i < tiles_.size(); ++i) {
        const Tile& t = tiles_[i];
        const QRect box = tileRect(i, columns);
        const QRect target = imageRect(i, columns);
        p.drawImage(target, t.image);
        p.setPen(QColor(160, 160, 160));
        p.drawRect(target.adjusted(0, 0, -1, -1));
        if (!t.caption.isEmpty()) {
            p.setPen(t.captionColour.isValid() ? t.captionColour : palette().color(QPalette::WindowText));
            const QRect text(box.left() - kGap / 2, box.bottom() + 2, box.width() + kGap, fm.height());
            p.drawText(text, Qt::AlignHCenter | Qt::AlignTop, fm.elidedText(t.caption, Qt::ElideRight, text.width()));
        }
    }
}

void TileGrid::mousePressEvent(QMouseEvent* event) {
    const int i = tileAt(event->pos());
    if (i >= 0 && event->button() == Qt::LeftButton) {
        emit tileClicked(i);
        const QRect target = imageRect(i, columnsFor(width()));
        const QSize image = tiles_[i].image.size();
        if (target.contains(event->pos()) && !image.isEmpty())
            emit tilePixelClicked(i, {std::min(image.width() - 1, (event->pos().x() - target.left()) * image.width() / target.width()),
                                      std::min(image.height() - 1, (event->pos().y() - target.top()) * image.height() / target.height())});
    }
    QWidget::mousePressEvent(event);
}

void TileGrid::contextMenuEvent(QContextMenuEvent* event) {
    const int i = tileAt(event->pos());
    if (i >= 0) emit tileMenuRequested(i, event->globalPos());
    else QWidget::contextMenuEvent(event);
}

bool TileGrid::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int i = tileAt(help->pos());
        if (i >= 0 && !tiles_[i].toolTip.isEmpty()) QToolTip::showText(help->globalPos(), tiles_[i].toolTip, this);
        else QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

}  // namespace cnnwb::ui
