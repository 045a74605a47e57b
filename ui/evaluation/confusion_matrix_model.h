// The confusion matrix of an evaluation as a table: rows are the true
// classes, columns the predicted ones, each cell the number of images (or,
// row-normalised, the share of that true class in percent). The diagonal is
// green, the mistakes red, both as strong as the cell's share of its row, so
// the worst confusions stand out at a glance. Holds its own copy.
#pragma once

#include <QAbstractTableModel>
#include <QStringList>

#include <cstddef>
#include <vector>

namespace cnnwb::ui {

class ConfusionMatrixModel : public QAbstractTableModel {
    Q_OBJECT
public:
    // The number of images of a cell, whatever is displayed.
    static constexpr int CountRole = Qt::UserRole + 1;

    explicit ConfusionMatrixModel(QObject* parent = nullptr);

    void setMatrix(const std::vector<std::vector<std::size_t>>& counts, const QStringList& classNames);
    // Percent of the row instead of counts.
    void setRowNormalised(bool on);
    bool rowNormalised() const { return rowNormalised_; }

    std::size_t count(int trueClass, int predictedClass) const;
    std::size_t rowTotal(int trueClass) const;
    // The share of its row a cell holds (0 for an empty row).
    double rowShare(int trueClass, int predictedClass) const;
    // What a cell shows, as text: "12" or "1.3".
    QString cellText(int trueClass, int predictedClass) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<std::vector<std::size_t>> counts_;
    std::vector<std::size_t> rowTotals_;
    QStringList classNames_;
    bool rowNormalised_ = false;
};

}  // namespace cnnwb::ui
