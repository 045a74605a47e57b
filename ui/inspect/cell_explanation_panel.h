// "How this number was made": one value of a feature map taken apart, in
// the filter view's colours. For a convolution, per input channel, the
// input patch under the kernel (padding hatched), the kernel and their
// products, then sum + bias → activation = the value, checked against the
// map; a small picture shows where the window lies on its input. For max
// pooling the window with its winner in gold; for a dense unit the inputs
// that add most. Every grid copies as tab-separated numbers for a
// spreadsheet. Shows the copy the worker sent (ExplainedCell).
#pragma once

#include "ui/training/explained_cell.h"

#include <QWidget>

class QLabel;
class QVBoxLayout;

namespace cnnwb::ui {

class KernelTableModel;

class CellExplanationPanel : public QWidget {
    Q_OBJECT
public:
    explicit CellExplanationPanel(QWidget* parent = nullptr);

    void showCell(const ExplainedCell& cell);
    const ExplainedCell& cell() const { return cell_; }

    // The grids shown, in order (per window: input, kernel, products).
    int gridCount() const { return int(grids_.size()); }
    KernelTableModel* grid(int i) const { return grids_[i]; }
    QString gridTitle(int i) const { return titles_[i]; }
    // What Copy puts on the clipboard for grid i.
    QString gridText(int i) const;
    QString headingText() const;
    QString equationText() const;

private:
    void clearBody();
    // Adds a titled grid with its own colour scale and a Copy button.
    QWidget* addGrid(const QString& title, const QVector<float>& values, int rows, int columns,
                     const QVector<char>& marks = {});
    QWidget* wherePicture(const ExplainedCell& cell) const;
    void showWindows(const ExplainedCell& cell);
    void showContributions(const ExplainedCell& cell);

    ExplainedCell cell_;
    QLabel* heading_;
    QLabel* equation_;
    QWidget* body_;
    QVBoxLayout* bodyLayout_;
    QList<KernelTableModel*> grids_;
    QStringList titles_;
};

}  // namespace cnnwb::ui
