// The strip above the tabs: which experiment is open, what its authors
// reported (the figure a run is held against) and its settings in one line,
// with a button to change them.
#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace cnnwb::ui {

class ExperimentDocument;

class ExperimentHeader : public QWidget {
    Q_OBJECT
public:
    explicit ExperimentHeader(ExperimentDocument* document, QWidget* parent = nullptr);

    QString settingsText() const;

signals:
    void settingsRequested();

private:
    void refresh();

    ExperimentDocument* document_;
    QLabel* title_;
    QLabel* description_;
    QLabel* reported_;
    QLabel* settings_;
    QPushButton* button_;
};


}  // namespace cnnwb::ui
