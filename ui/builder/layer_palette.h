// The layer palette: every layer type the engine registers (layerTypes()),
// with its icon, name and one-line description as tooltip. Double-click (or
// Enter) asks to add one after the selected card; dragging one onto the stack
// inserts it where it is dropped.
#pragma once

#include <QListWidget>

namespace cnnwb::ui {

class LayerPalette : public QListWidget {
    Q_OBJECT
public:
    explicit LayerPalette(QWidget* parent = nullptr);

    // The row of `type`, or -1 (for tests and keyboard users).
    int rowOfType(const QString& type) const;

signals:
    void addRequested(const QString& type);

protected:
    QStringList mimeTypes() const override;
    QMimeData* mimeData(const QList<QListWidgetItem*>& items) const override;
};

}  // namespace cnnwb::ui
