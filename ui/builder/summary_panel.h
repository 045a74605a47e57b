// The live summary beside the stack, in the manner of Keras's
// model.summary(): per layer the output shape and parameter count, with the
// formula as tooltip ("16 × (5×5×1 + 1) = 416", which answers "why 416 and
// not 20,000"), then total/trainable/non-trainable parameters, multiply-adds
// per image and an estimate of memory.
#pragma once

#include <QWidget>

class QLabel;
class QTreeWidget;

namespace cnnwb::ui {

class ExperimentDocument;

class SummaryPanel : public QWidget {
    Q_OBJECT
public:
    explicit SummaryPanel(ExperimentDocument* document, QWidget* parent = nullptr);

    void selectRow(int row);
    QString totalsText() const;  // what the totals say, as plain text

signals:
    void rowSelected(int row);

private:
    void rebuild();

    ExperimentDocument* document_;
    QTreeWidget* table_;
    QLabel* totals_;
};

}  // namespace cnnwb::ui
