#include "kernel_table_model.h"

#include "diverging_palette.h"

#include <QBrush>
#include <QSize>

#include <cmath>

namespace cnnwb::ui {

double maxAbs(const float* values, qsizetype n) {
    double m = 0;
    for (qsizetype i = 0; i < n; ++i)
        if (std::isfinite(values[i])) m = std::max(m, double(std::abs(values[i])));
    return m;
}

KernelTableModel::KernelTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void KernelTableModel::setKernel(const QVector<float>& values, int rows, int columns) {
    Q_ASSERT(values.size() == qsizetype(rows) * columns);
    if (rows != rows_ || columns != columns_) {
        beginResetModel();
        values_ = values;
        rows_ = rows;
        columns_ = columns;
        endResetModel();
        return;
    }
    values_ = values;
    if (rows_ > 0 && columns_ > 0) emit dataChanged(index(0, 0), index(rows_ - 1, columns_ - 1));
}

void KernelTableModel::setScale(double scale, int decimals) {
    if (scale == scale_ && decimals == decimals_) return;
    scale_ = scale;
    decimals_ = decimals;
    if (rows_ > 0 && columns_ > 0) emit dataChanged(index(0, 0), index(rows_ - 1, columns_ - 1));
}

void KernelTableModel::setMarks(const QVector<char>& marks) {
    marks_ = marks;
    if (rows_ > 0 && columns_ > 0) emit dataChanged(index(0, 0), index(rows_ - 1, columns_ - 1));
}

KernelTableModel::Mark KernelTableModel::mark(int row, int column) const {
    const qsizetype at = qsizetype(row) * columns_ + column;
    return at < marks_.size() ? Mark(marks_[at]) : NoMark;
}

QString gridTsv(const QVector<float>& values, int rows, int columns) {
    QString out;
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < columns; ++c) {
            if (c) out += '\t';
            out += QString::number(values[qsizetype(r) * columns + c], 'g', 9);
        }
        out += '\n';
    }
    return out;
}

int KernelTableModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : rows_; }
int KernelTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : columns_; }

QVariant KernelTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rows_ || index.column() >= columns_) return {};
    const float v = value(index.row(), index.column());
    const Mark m = mark(index.row(), index.column());
    if (m == PaddingMark) {
        switch (role) {
        case Qt::BackgroundRole: return QBrush(QColor(150, 150, 150), Qt::BDiagPattern);
        case Qt::ForegroundRole: return QBrush(QColor(120, 120, 120));
        case Qt::ToolTipRole: return tr("padding: outside the input, counts as 0");
        default: break;
        }
    } else if (m == WinnerMark) {
        // Gold: outside the blue–white–red of the values, so it cannot be read as one.
        if (role == Qt::BackgroundRole) return QBrush(QColor(255, 196, 0));
        if (role == Qt::ForegroundRole) return QBrush(Qt::black);
        if (role == Qt::ToolTipRole) return tr("the largest value of the window: it is what the pooling keeps (%1)").arg(v, 0, 'g', 9);
    }
    switch (role) {
    case Qt::DisplayRole: return QString::number(v, 'f', decimals_);
    case ValueRole: return double(v);
    case Qt::BackgroundRole: return QBrush(divergingColour(v, scale_));
    case Qt::ForegroundRole: return QBrush(textColourOn(v, scale_));
    case Qt::TextAlignmentRole: return int(Qt::AlignCenter);
    case Qt::ToolTipRole:
        return tr("%1, row %2, column %3: %4")
            .arg(title_.isEmpty() ? tr("weight") : title_)
            .arg(index.row() + 1)
            .arg(index.column() + 1)
            .arg(QString::number(v, 'g', 9));
    default: return {};
    }
}

QVariant KernelTableModel::headerData(int section, Qt::Orientation, int role) const {
    if (role == Qt::DisplayRole) return section + 1;
    return {};
}

}  // namespace cnnwb::ui
