// One kernel in the heatmap grid: a caption ("kernel 3") above its table, or
// above one table per input channel side by side (a first layer on colour
// images: R, G and B, each labelled in its colour).
#pragma once

#include <QList>
#include <QWidget>

class QHBoxLayout;
class QLabel;

namespace cnnwb::ui {

class KernelTable;
class KernelTableModel;

class KernelCell : public QWidget {
    Q_OBJECT
public:
    explicit KernelCell(QWidget* parent = nullptr);

    // One table per label; a single channel shows its table without a label.
    void setChannels(const QStringList& labels, const QList<QColor>& colours = {});
    int channelCount() const { return int(models_.size()); }
    KernelTableModel* model(int channel = 0) const { return models_.value(channel); }
    KernelTable* table(int channel = 0) const { return tables_.value(channel); }
    void setCaption(const QString& caption);

signals:
    // A weight was clicked: table `channelTable`, its row and column.
    void weightClicked(int channelTable, int row, int column);

private:
    QHBoxLayout* row_;
    QLabel* caption_;
    QList<QWidget*> columns_;
    QList<QLabel*> labels_;
    QList<KernelTableModel*> models_;
    QList<KernelTable*> tables_;
    QString captionText_;
};

}  // namespace cnnwb::ui
