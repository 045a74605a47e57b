// One kernel slice (rows × columns of weights) as a table, the way the E2
// author showed learned filters in a spreadsheet: each cell shows the value
// with 2–3 significant digits on a diverging colour (red high, blue low,
// white at zero); the tooltip has the full float. The model holds its own
// copy, taken from a WeightSnapshot; it never points into the engine.
#pragma once

#include <QAbstractTableModel>
#include <QVector>

namespace cnnwb::ui {

class KernelTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    // The exact weight of a cell, as a double holding the float.
    static constexpr int ValueRole = Qt::UserRole + 1;

    explicit KernelTableModel(QObject* parent = nullptr);

    // Resets the model when the shape changes, otherwise signals dataChanged
    // over the whole table (the views keep their geometry during training).
    void setKernel(const QVector<float>& values, int rows, int columns);
    // ±scale saturates the colours; `decimals` formats the cells.
    void setScale(double scale, int decimals);
    // Names the kernel in tooltips, e.g. "h1 kernel 3, channel 1".
    void setTitle(const QString& title) { title_ = title; }

    // Cells set apart (row-major, or empty for none): padding outside the
    // input (hatched grey, a zero), or the winner of a max-pooling window (gold).
    enum Mark : char { NoMark = 0, PaddingMark = 1, WinnerMark = 2 };
    void setMarks(const QVector<char>& marks);
    Mark mark(int row, int column) const;

    double scale() const { return scale_; }
    float value(int row, int column) const { return values_[row * columns_ + column]; }
    const QVector<float>& values() const { return values_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVector<float> values_;
    int rows_ = 0;
    int columns_ = 0;
    double scale_ = 1;
    int decimals_ = 2;
    QString title_;
    QVector<char> marks_;
};

// A grid of values as tab-separated text, one line per row, every float in
// full (9 significant digits): it pastes into a spreadsheet as a grid.
QString gridTsv(const QVector<float>& values, int rows, int columns);

// Largest |value|, or 0 for none.
double maxAbs(const float* values, qsizetype n);

}  // namespace cnnwb::ui
