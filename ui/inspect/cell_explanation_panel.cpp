#include "cell_explanation_panel.h"

#include "ui/filters/diverging_palette.h"
#include "ui/filters/kernel_table.h"
#include "ui/filters/kernel_table_model.h"

#include <QApplication>
#include <QClipboard>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QScrollArea>
#include <QTableWidget>
#include <QHeaderView>

#include <cmath>

namespace cnnwb::ui {

namespace {

// Input channels drawn as grids; the others are listed by their sums.
constexpr int kWindowsDrawn = 6;

QString num(double v) { return QString::number(v, 'g', 6); }

QVector<float> toVector(const std::vector<float>& v) { return QVector<float>(v.begin(), v.end()); }

QLabel* operatorLabel(const QString& text, QWidget* parent) {
    auto* l = new QLabel(text, parent);
    QFont f = l->font();
    f.setPointSizeF(f.pointSizeF() * 1.6);
    l->setFont(f);
    return l;
}

}  // namespace

CellExplanationPanel::CellExplanationPanel(QWidget* parent)
    : QWidget(parent), heading_(new QLabel(this)), equation_(new QLabel(this)), body_(new QWidget), bodyLayout_(new QVBoxLayout(body_)) {
    heading_->setWordWrap(true);
    heading_->setTextFormat(Qt::RichText);
    equation_->setWordWrap(true);
    equation_->setTextFormat(Qt::RichText);
    equation_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    bodyLayout_->setAlignment(Qt::AlignTop);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(body_);
    scroll->setWidgetResizable(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 0, 0, 0);
    layout->addWidget(heading_);
    layout->addWidget(scroll, 1);
    layout->addWidget(equation_);
    heading_->setText(tr("<b>How this number was made</b><br>Click a value in a Conv2D, DepthwiseConv2D, MaxPool2D "
                         "or Dense map to take it apart."));
}

QString CellExplanationPanel::headingText() const { return heading_->text(); }

QString CellExplanationPanel::equationText() const { return equation_->text(); }

QString CellExplanationPanel::gridText(int i) const {
    const KernelTableModel* m = grids_[i];
    return gridTsv(m->values(), m->rowCount(), m->columnCount());
}

void CellExplanationPanel::clearBody() {
    QLayoutItem* item;
    while ((item = bodyLayout_->takeAt(0))) {
        delete item->widget();
        delete item;
    }
    grids_.clear();
    titles_.clear();
}

QWidget* CellExplanationPanel::addGrid(const QString& title, const QVector<float>& values, int rows, int columns,
                                       const QVector<char>& marks) {
    auto* box = new QWidget(body_);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    auto* model = new KernelTableModel(box);
    model->setKernel(values, rows, columns);
    const double scale = maxAbs(values.constData(), values.size());
    model->setScale(scale > 0 ? scale : 1, decimalsForScale(scale > 0 ? scale : 1));
    model->setMarks(marks);
    model->setTitle(title);
    auto* copy = new QPushButton(tr("Copy"), box);
    copy->setToolTip(tr("Copy the %1 as tab-separated numbers (paste into a spreadsheet)").arg(title));
    const int index = int(grids_.size());
    connect(copy, &QPushButton::clicked, this, [this, index] { QApplication::clipboard()->setText(gridText(index)); });
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(title, box), 1);
    top->addWidget(copy);
    layout->addLayout(top);
    layout->addWidget(new KernelTable(model, box));
    grids_ << model;
    titles_ << title;
    return box;
}

// The input plane in grey (its own min..max), the padding around it hatched
// where the window reaches into it, the window outlined in red.
QWidget* CellExplanationPanel::wherePicture(const ExplainedCell& cell) const {
    const CellExplanation& e = cell.explanation;
    const int H = cell.inputHeight, W = cell.inputWidth;
    const int rows = e.windows.front().rows, columns = e.windows.front().columns;
    const int padTop = std::max(0, -e.inputTop), padLeft = std::max(0, -e.inputLeft);
    const int padBottom = std::max(0, e.inputTop + rows - H), padRight = std::max(0, e.inputLeft + columns - W);
    const int s = std::clamp(150 / std::max(1, std::max(H, W)), 2, 12);
    QPixmap picture((W + padLeft + padRight) * s, (H + padTop + padBottom) * s);
    picture.fill(Qt::white);
    QPainter p(&picture);
    p.fillRect(picture.rect(), QBrush(QColor(170, 170, 170), Qt::BDiagPattern));
    float lo = 0, hi = 0;
    if (!cell.inputPlane.isEmpty()) {
        lo = *std::min_element(cell.inputPlane.begin(), cell.inputPlane.end());
        hi = *std::max_element(cell.inputPlane.begin(), cell.inputPlane.end());
    }
    for (int y = 0; y < H; ++y)
        for (int x = 0; x < W; ++x) {
            const float v = cell.inputPlane.value(y * W + x);
            const int g = hi > lo ? int(std::lround(255.0 * (v - lo) / (hi - lo))) : 128;
            p.fillRect((x + padLeft) * s, (y + padTop) * s, s, s, QColor(g, g, g));
        }
    p.setPen(QPen(QColor(220, 30, 30), 2));
    p.drawRect((e.inputLeft + padLeft) * s + 1, (e.inputTop + padTop) * s + 1, columns * s - 2, rows * s - 2);
    p.end();
    auto* label = new QLabel(body_);
    label->setPixmap(picture);
    label->setToolTip(tr("The input this layer reads (channel %1, %2×%3): the window in red%4")
                          .arg(e.windows.front().inputChannel + 1)
                          .arg(H)
                          .arg(W)
                          .arg(padTop + padLeft + padBottom + padRight ? tr(", the zero padding hatched") : QString()));
    return label;
}

void CellExplanationPanel::showWindows(const ExplainedCell& cell) {
    const CellExplanation& e = cell.explanation;
    const bool pooling = e.kind == CellExplanation::Kind::MaxPooling;
    auto* whereRow = new QHBoxLayout;
    whereRow->addWidget(wherePicture(cell));
    auto* whereText = new QLabel(tr("The window: rows %1..%2, columns %3..%4 of the input (1-based; outside 1..%5 × "
                                    "1..%6 is padding), stride %7×%8, padding '%9'.")
                                     .arg(e.inputTop + 1)
                                     .arg(e.inputTop + e.windows.front().rows)
                                     .arg(e.inputLeft + 1)
                                     .arg(e.inputLeft + e.windows.front().columns)
                                     .arg(cell.inputHeight)
                                     .arg(cell.inputWidth)
                                     .arg(e.strideRows)
                                     .arg(e.strideColumns)
                                     .arg(QString::fromStdString(e.padding)),
                                 body_);
    whereText->setWordWrap(true);
    whereRow->addWidget(whereText, 1);
    auto* whereBox = new QWidget(body_);
    whereBox->setLayout(whereRow);
    bodyLayout_->addWidget(whereBox);

    QStringList others;
    for (std::size_t k = 0; k < e.windows.size(); ++k) {
        const ExplainedWindow& w = e.windows[k];
        if (int(k) >= kWindowsDrawn) {
            others << tr("channel %1: %2").arg(w.inputChannel + 1).arg(num(w.sum));
            continue;
        }
        QVector<char> marks(w.padded.begin(), w.padded.end());
        if (pooling) {
            marks[e.winner] = KernelTableModel::WinnerMark;
            bodyLayout_->addWidget(addGrid(tr("input channel %1: the window (the largest in gold)").arg(w.inputChannel + 1),
                                           toVector(w.input), w.rows, w.columns, marks));
            continue;
        }
        // input × kernel on one line, = products below: two grids wide, so the maps keep their room.
        auto* row = new QWidget(body_);
        auto* layout = new QGridLayout(row);
        layout->setContentsMargins(0, 0, 0, 8);
        layout->addWidget(addGrid(tr("input channel %1").arg(w.inputChannel + 1), toVector(w.input), w.rows, w.columns, marks), 0, 0);
        layout->addWidget(operatorLabel(QStringLiteral("×"), row), 0, 1);
        layout->addWidget(addGrid(tr("kernel"), toVector(w.weights), w.rows, w.columns), 0, 2);
        layout->addWidget(operatorLabel(QStringLiteral("="), row), 1, 1);
        layout->addWidget(addGrid(tr("products"), toVector(w.products), w.rows, w.columns, marks), 1, 2);
        auto* sum = new QLabel(tr("their sum\n= %1").arg(num(w.sum)), row);
        layout->addWidget(sum, 1, 0, Qt::AlignRight | Qt::AlignVCenter);
        layout->setColumnStretch(3, 1);
        bodyLayout_->addWidget(row);
    }
    if (!others.isEmpty()) {
        auto* rest = new QLabel(tr("The other %1 input channels add their own sums: %2").arg(others.size()).arg(others.join(", ")), body_);
        rest->setWordWrap(true);
        bodyLayout_->addWidget(rest);
    }
}

void CellExplanationPanel::showContributions(const ExplainedCell& cell) {
    const CellExplanation& e = cell.explanation;
    auto* table = new QTableWidget(int(e.contributions.size()), 4, body_);
    table->setHorizontalHeaderLabels({tr("input"), tr("weight"), tr("input value"), tr("weight × input")});
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    double shown = 0;
    for (int r = 0; r < int(e.contributions.size()); ++r) {
        const Contribution& c = e.contributions[std::size_t(r)];
        shown += c.product;
        const QStringList cells = {QString::number(c.input + 1), num(c.weight), num(c.value), num(c.product)};
        for (int k = 0; k < 4; ++k) {
            auto* item = new QTableWidgetItem(cells[k]);
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (k == 3) item->setBackground(divergingColour(c.product, std::abs(e.contributions.front().product)));
            table->setItem(r, k, item);
        }
    }
    table->resizeColumnsToContents();
    table->setMinimumHeight(int(e.contributions.size() + 1) * table->verticalHeader()->defaultSectionSize() + 8);
    bodyLayout_->addWidget(new QLabel(tr("The %1 inputs (of %2) that add most, largest |weight × input| first:")
                                          .arg(e.contributions.size())
                                          .arg(e.inputCount),
                                      body_));
    bodyLayout_->addWidget(table);
    if (e.inputCount > int(e.contributions.size()))
        bodyLayout_->addWidget(new QLabel(tr("These add %1; the other %2 inputs add %3.")
                                              .arg(num(shown))
                                              .arg(e.inputCount - int(e.contributions.size()))
                                              .arg(num(e.sum - shown)),
                                          body_));
}

void CellExplanationPanel::showCell(const ExplainedCell& cell) {
    cell_ = cell;
    clearBody();
    const CellExplanation& e = cell.explanation;
    const bool flat = e.kind == CellExplanation::Kind::Dense;
    heading_->setText(tr("<b>How this number was made</b>: %1 (%2), %3 — %4 image %5; weights %6")
                          .arg(cell.layerName, cell.layerType,
                               flat ? (cell.className.isEmpty() ? tr("unit %1").arg(e.channel + 1)
                                                                : tr("unit %1, class %2").arg(e.channel + 1).arg(cell.className))
                                    : tr("map %1, row %2, column %3").arg(e.channel + 1).arg(e.row + 1).arg(e.column + 1),
                               dataPartText(cell.request.part))
                          .arg(cell.request.index)
                          .arg(cell.weights.toHtmlEscaped()));
    if (flat) showContributions(cell);
    else showWindows(cell);

    QString steps;
    const QString check = std::isnan(e.value) ? QString()
                          : std::abs(e.value - cell.mapValue) <= 1e-5 * std::max(1.0, std::abs(double(cell.mapValue)))
                              ? tr(" — the map holds %1 ✓").arg(num(cell.mapValue))
                              : tr(" — <span style='color:#c0392b'>the map holds %1</span>").arg(num(cell.mapValue));
    if (e.kind == CellExplanation::Kind::MaxPooling) {
        steps = tr("max of the window = <b>%1</b>").arg(num(e.value));
    } else {
        steps = tr("Σ of the products %1").arg(num(e.sum));
        if (e.windows.size() > 1) steps += tr(" (over %1 input channels)").arg(e.windows.size());
        if (e.hasBias) steps += tr(" + bias %1").arg(num(e.bias));
        steps += tr(" = %1").arg(num(e.preActivation));
        if (e.activation == "softmax")
            steps += flat ? tr(" → softmax over all the layer's units together (see the probabilities)")
                          : tr(" → softmax over all the channels of this position together");
        else if (e.activation != "linear")
            steps += tr(" → %1 → <b>%2</b>").arg(QString::fromStdString(e.activation), num(e.value));
        else
            steps = steps.replace(steps.lastIndexOf(num(e.preActivation)), num(e.preActivation).size(),
                                  QStringLiteral("<b>%1</b>").arg(num(e.preActivation)));
    }
    equation_->setText(steps + check);
}

}  // namespace cnnwb::ui
