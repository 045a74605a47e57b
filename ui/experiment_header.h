// The strip above the tabs: which experiment is open, what its authors
// reported (the figure a run is held against) beside what its published
// recipe measured here (or "not yet run here"), and its settings in one line,
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
    // The run library whose runs of the published recipe are shown beside the
    // reported figure ("here: …", or "not yet run here"); read again on refreshMeasured().
    void setRunLibrary(const QString& folder);
    void refreshMeasured();
    QString reportedText() const;

signals:
    void settingsRequested();

private:
    void refresh();

    ExperimentDocument* document_;
    QLabel* title_;
    QLabel* description_;
    QLabel* reported_;
    QString runLibrary_;
    QString measured_;  // the "here" part, from the run library
    QLabel* settings_;
    QPushButton* button_;
};


}  // namespace cnnwb::ui
