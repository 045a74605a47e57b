#include "layer_card_delegate.h"

#include "layer_appearance.h"
#include "ui/document/layer_list_model.h"

#include "engine/layer.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

namespace cnnwb::ui {

namespace {

constexpr int kGap = 4;        // between cards, above and below
constexpr int kMargin = 6;     // card to viewport edge
constexpr int kStripe = 6;     // coloured left edge
constexpr int kPad = 8;        // inside the card
constexpr int kLineGap = 3;

const QColor kErrorBorder(0xc6, 0x28, 0x28);
const QColor kErrorFill(0xfd, 0xec, 0xea);
const QColor kErrorText(0xb3, 0x26, 0x1e);

QString paramsText(const QModelIndex& index) {
    const QVariant p = index.data(LayerListModel::ParamsRole);
    if (!p.isValid()) return {};
    const auto n = p.toULongLong();
    if (n == 0) return QObject::tr("no params");
    return QObject::tr("%1 params").arg(QString::fromStdString(withThousands(n)));
}

QFont boldFont(const QFont& f) {
    QFont b = f;
    b.setBold(true);
    return b;
}

}  // namespace

LayerCardDelegate::LayerCardDelegate(QAbstractItemView* view) : QStyledItemDelegate(view), view_(view) {}

int LayerCardDelegate::cardWidth(const QStyleOptionViewItem& option) const {
    // List views do not pass a width to sizeHint; the viewport's is the card's.
    const int w = view_ ? view_->viewport()->width() : option.rect.width();
    return std::max(w - 2 * kMargin, 160);
}

QRect LayerCardDelegate::cardRect(const QRect& itemRect) const {
    return itemRect.adjusted(kMargin, kGap, -kMargin, -kGap);
}

int LayerCardDelegate::textLeft(const QRect& card, const QStyleOptionViewItem& option) const {
    return checkBoxRect(card.adjusted(-kMargin, -kGap, kMargin, kGap), option).right() + kPad;
}

QRect LayerCardDelegate::checkBoxRect(const QRect& itemRect, const QStyleOptionViewItem& option) const {
    const QRect card = cardRect(itemRect);
    const QFontMetrics fm(option.font);
    const int numberWidth = fm.horizontalAdvance(QStringLiteral("00"));
    const int size = QApplication::style()->pixelMetric(QStyle::PM_IndicatorWidth, &option);
    const int lineHeight = fm.height();
    return QRect(card.left() + kStripe + kPad + numberWidth + 4, card.top() + kPad + (lineHeight - size) / 2, size, size);
}

QSize LayerCardDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const {
    const QFontMetrics fm(option.font);
    const QFontMetrics bold(boldFont(option.font));
    int h = kPad + bold.height() + kLineGap + fm.height() + kPad;
    if (!index.data(LayerListModel::CostRole).toString().isEmpty()) h += kLineGap + fm.height();
    const QString error = index.data(LayerListModel::ErrorRole).toString();
    if (!error.isEmpty()) {
        QRect item(0, 0, cardWidth(option) + 2 * kMargin, 100);
        const QRect card = cardRect(item);
        const int textWidth = card.right() - kPad - textLeft(card, option);
        h += kLineGap + fm.boundingRect(QRect(0, 0, std::max(textWidth, 60), 10000), Qt::TextWordWrap, error).height();
    }
    return QSize(cardWidth(option) + 2 * kMargin, h + 2 * kGap);
}

void LayerCardDelegate::paint(QPainter* p, const QStyleOptionViewItem& option, const QModelIndex& index) const {
    p->save();
    p->setRenderHint(QPainter::Antialiasing);
    const QPalette& pal = option.palette;
    const QRect card = cardRect(option.rect);
    const bool enabled = index.data(LayerListModel::EnabledRole).toBool();
    const bool selected = option.state & QStyle::State_Selected;
    const QString error = index.data(LayerListModel::ErrorRole).toString();
    const bool failed = !error.isEmpty();
    const QString type = index.data(LayerListModel::TypeRole).toString();

    // Body.
    QPainterPath body;
    body.addRoundedRect(QRectF(card).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6);
    QColor fill = failed ? kErrorFill : enabled ? pal.color(QPalette::Base) : pal.color(QPalette::Window);
    if (selected && !failed) fill = QColor::fromRgbF(
        0.85 * fill.redF() + 0.15 * pal.color(QPalette::Highlight).redF(),
        0.85 * fill.greenF() + 0.15 * pal.color(QPalette::Highlight).greenF(),
        0.85 * fill.blueF() + 0.15 * pal.color(QPalette::Highlight).blueF());
    p->fillPath(body, fill);

    // Coloured left edge, clipped to the rounded card.
    p->save();
    p->setClipPath(body);
    p->fillRect(QRect(card.left(), card.top(), kStripe, card.height()),
                failed ? kErrorBorder : enabled ? layerColor(type) : pal.color(QPalette::Mid));
    p->restore();

    QPen border(failed ? kErrorBorder : selected ? pal.color(QPalette::Highlight) : pal.color(QPalette::Mid));
    border.setWidthF(failed || selected ? 2.0 : 1.0);
    if (!enabled && !failed) border.setStyle(Qt::DashLine);
    p->setPen(border);
    p->drawPath(body);

    const QColor text = enabled ? pal.color(QPalette::Text) : pal.color(QPalette::Disabled, QPalette::Text);
    const QColor dim = enabled ? pal.color(QPalette::PlaceholderText) : pal.color(QPalette::Disabled, QPalette::Text);
    const QFontMetrics fm(option.font);
    const QFont bold = boldFont(option.font);
    const QFontMetrics bfm(bold);

    // Number (1-based, as engine messages count) and the enable check box.
    const QRect check = checkBoxRect(option.rect, option);
    p->setFont(option.font);
    p->setPen(dim);
    p->drawText(QRect(card.left() + kStripe + kPad, card.top() + kPad, check.left() - card.left() - kStripe - kPad - 4,
                      bfm.height()),
                Qt::AlignRight | Qt::AlignVCenter, QString::number(index.row() + 1));
    QStyleOptionButton box;
    box.rect = check;
    box.state = (enabled ? QStyle::State_On : QStyle::State_Off) |
                (index.row() == 0 ? QStyle::State_None : QStyle::State_Enabled);
    QApplication::style()->drawPrimitive(QStyle::PE_IndicatorCheckBox, &box, p, option.widget);

    // Line 1: name and type on the left, output shape on the right.
    const int left = textLeft(card, option);
    const int right = card.right() - kPad;
    const int line1 = card.top() + kPad;
    QString shape = index.data(LayerListModel::OutputShapeRole).toString();
    if (!enabled) shape = tr("skipped");
    else if (shape.isEmpty()) shape = QStringLiteral("?");
    const int shapeWidth = bfm.horizontalAdvance(shape);
    p->setFont(bold);
    p->setPen(failed ? kErrorText : text);
    p->drawText(QRect(right - shapeWidth, line1, shapeWidth, bfm.height()), Qt::AlignRight | Qt::AlignVCenter, shape);
    const QString name = index.data(LayerListModel::NameRole).toString();
    const int nameSpace = right - shapeWidth - 12 - left;
    const QString nameShown = bfm.elidedText(name, Qt::ElideRight, std::max(nameSpace, 20));
    p->setPen(text);
    p->drawText(QRect(left, line1, nameSpace, bfm.height()), Qt::AlignLeft | Qt::AlignVCenter, nameShown);
    const int typeLeft = left + bfm.horizontalAdvance(nameShown) + 8;
    if (typeLeft < right - shapeWidth - 12) {
        p->setFont(option.font);
        p->setPen(dim);
        const QString typeText = enabled ? type : tr("%1 · disabled").arg(type);
        p->drawText(QRect(typeLeft, line1, right - shapeWidth - 12 - typeLeft, bfm.height()),
                    Qt::AlignLeft | Qt::AlignVCenter,
                    fm.elidedText(typeText, Qt::ElideRight, right - shapeWidth - 12 - typeLeft));
    }

    // Line 2: key arguments on the left, parameters on the right.
    const int line2 = line1 + bfm.height() + kLineGap;
    p->setFont(option.font);
    const QString params = enabled ? paramsText(index) : QString();
    const int paramsWidth = fm.horizontalAdvance(params);
    p->setPen(dim);
    p->drawText(QRect(right - paramsWidth, line2, paramsWidth, fm.height()), Qt::AlignRight | Qt::AlignVCenter, params);
    const QString args = index.data(LayerListModel::ArgsSummaryRole).toString();
    const int argsSpace = right - paramsWidth - 12 - left;
    p->setPen(text);
    p->drawText(QRect(left, line2, argsSpace, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                fm.elidedText(args, Qt::ElideRight, std::max(argsSpace, 20)));

    // Line 3: what the layer costs (multiply-adds; measured time after a run).
    int line3 = line2 + fm.height() + kLineGap;
    const QString cost = index.data(LayerListModel::CostRole).toString();
    if (!cost.isEmpty()) {
        p->setPen(dim);
        p->drawText(QRect(left, line3, right - left, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                    fm.elidedText(cost, Qt::ElideRight, right - left));
        line3 += fm.height() + kLineGap;
    }

    // Then the engine's message, wrapped.
    if (failed) {
        p->setPen(kErrorText);
        p->drawText(QRect(left, line3, right - left, card.bottom() - kPad - line3 + 1), Qt::TextWordWrap, error);
    }

    if (option.state & QStyle::State_HasFocus && view_ && view_->hasFocus()) {
        QPen focus(pal.color(QPalette::Highlight));
        focus.setStyle(Qt::DotLine);
        p->setPen(focus);
        p->setBrush(Qt::NoBrush);
        p->drawRoundedRect(QRectF(card).adjusted(3, 3, -3, -3), 4, 4);
    }
    p->restore();
}

bool LayerCardDelegate::editorEvent(QEvent* event, QAbstractItemModel* model, const QStyleOptionViewItem& option,
                                    const QModelIndex& index) {
    if (event->type() == QEvent::MouseButtonRelease && index.row() > 0) {
        const auto* me = static_cast<QMouseEvent*>(event);
        if (me->button() == Qt::LeftButton && checkBoxRect(option.rect, option).adjusted(-3, -3, 3, 3).contains(me->position().toPoint())) {
            emit enableToggleRequested(index.row(), !index.data(LayerListModel::EnabledRole).toBool());
            return true;
        }
    }
    return QStyledItemDelegate::editorEvent(event, model, option, index);
}

}  // namespace cnnwb::ui
