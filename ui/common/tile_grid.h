// A grid of small pictures with captions, painted in one widget (a layer
// with 256 feature maps is one widget, not 256 labels). Used for feature
// maps, first-layer filter pictures and the data browser. Images are scaled
// without smoothing, so each pixel stays a visible square.
#pragma once

#include <QColor>
#include <QImage>
#include <QList>
#include <QWidget>

namespace cnnwb::ui {

class TileGrid : public QWidget {
    Q_OBJECT
public:
    struct Tile {
        QImage image;
        QString caption;
        QString toolTip;
        QColor captionColour;  // invalid: the palette's text colour
    };

    explicit TileGrid(QWidget* parent = nullptr);

    // `tileSize` is the box each image is fitted into (aspect kept).
    void setTiles(const QList<Tile>& tiles, QSize tileSize);
    // A fixed number of columns; 0 (the default) fits as many as the width allows.
    void setColumns(int columns);
    const QList<Tile>& tiles() const { return tiles_; }
    // The tile under `pos`, or -1.
    int tileAt(const QPoint& pos) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

signals:
    void tileClicked(int index);  // with the left button
    // The same click, with the pixel of the tile's image under it (x: column, y: row).
    void tilePixelClicked(int index, const QPoint& pixel);
    // A right-click (or the menu key) on a tile: where to show a menu.
    void tileMenuRequested(int index, const QPoint& globalPos);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    bool event(QEvent* event) override;

private:
    int columnsFor(int width) const;
    QSize cellSize() const;
    QRect tileRect(int index, int columns) const;
    // Where tile `index`'s image is drawn inside its box (aspect kept, centred).
    QRect imageRect(int index, int columns) const;

    QList<Tile> tiles_;
    QSize tileSize_{48, 48};
    int fixedColumns_ = 0;
    bool captions_ = false;
};

}  // namespace cnnwb::ui
