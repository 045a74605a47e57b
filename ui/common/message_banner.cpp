#include "message_banner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace cnnwb::ui {

MessageBanner::MessageBanner(QWidget* parent) : QFrame(parent), label_(new QLabel(this)) {
    label_->setWordWrap(true);
    label_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* close = new QToolButton(this);
    close->setText(QStringLiteral("✕"));
    close->setToolTip(tr("Dismiss"));
    close->setAutoRaise(true);
    connect(close, &QToolButton::clicked, this, &MessageBanner::dismiss);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->addWidget(label_, 1);
    layout->addWidget(close, 0, Qt::AlignTop);
    setVisible(false);
}

void MessageBanner::present(const QString& message, const QString& style) {
    label_->setText(message);
    setStyleSheet(QStringLiteral("cnnwb--ui--MessageBanner { %1 border-radius: 4px; }").arg(style));
    setVisible(true);
}

void MessageBanner::showError(const QString& message) {
    present(message, QStringLiteral("background: #fde2e1; border: 1px solid #d9534f;"));
}

void MessageBanner::showNote(const QString& message) {
    present(message, QStringLiteral("background: #e8f1fb; border: 1px solid #6a9fd8;"));
}

void MessageBanner::dismiss() {
    label_->clear();
    setVisible(false);
}

QString MessageBanner::text() const { return label_->text(); }

}  // namespace cnnwb::ui
