// A square to draw a digit on with the mouse: white ink on black, as MNIST's
// digits are, with a round pen about a tenth of the square wide. Says when
// the drawing changed; hands out its pixels as grey bytes (0 = background).
#pragma once

#include <QImage>
#include <QWidget>

#include <vector>

namespace cnnwb::ui {

class DigitCanvas : public QWidget {
    Q_OBJECT
public:
    static constexpr int kSide = 280;

    explicit DigitCanvas(QWidget* parent = nullptr);

    void clear();
    // A stroke through these points (canvas coordinates), as a mouse drag draws it.
    void drawStroke(const QList<QPointF>& points);
    bool isEmpty() const { return empty_; }
    // kSide × kSide grey bytes, row-major, 0 = background, 255 = ink.
    std::vector<std::uint8_t> greyPixels() const;

    QSize sizeHint() const override { return {kSide, kSide}; }

signals:
    void changed();

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;

private:
    void lineTo(const QPointF& to);

    QImage image_;
    QPointF last_;
    bool empty_ = true;
};

}  // namespace cnnwb::ui
