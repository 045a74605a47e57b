// An inline message strip (error or note) that stays until dismissed or
// replaced. Errors from training appear here instead of in a modal dialog, so
// a failed run never blocks the window and tests can read the text.
#pragma once

#include <QFrame>

class QLabel;

namespace cnnwb::ui {

class MessageBanner : public QFrame {
    Q_OBJECT
public:
    explicit MessageBanner(QWidget* parent = nullptr);

    void showError(const QString& message);
    void showNote(const QString& message);
    void dismiss();
    QString text() const;

private:
    void present(const QString& message, const QString& style);

    QLabel* label_;
};

}  // namespace cnnwb::ui
