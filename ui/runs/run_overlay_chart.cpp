#include "run_overlay_chart.h"

#include "ui/common/log_ticker.h"
#include "ui/common/smoothing_control.h"

#include "engine/runs/run_comparison.h"

#include <qcustomplot.h>

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include <map>

namespace cnnwb::ui {

namespace {

// Okabe–Ito: told apart by people with colour-vision deficiencies too.
const QColor kColours[] = {QColor(0, 114, 178), QColor(213, 94, 0), QColor(0, 158, 115), QColor(204, 121, 167),
                           QColor(230, 159, 0), QColor(86, 180, 233), QColor(0, 0, 0), QColor(120, 120, 120)};

struct Series {
    QVector<double> keys, values, raw;  // raw: before smoothing (per-batch metrics)
};

bool perBatch(RunOverlayChart::Metric m) {
    return m == RunOverlayChart::Metric::TrainingLoss || m == RunOverlayChart::Metric::TrainingAccuracy;
}

bool isAccuracy(RunOverlayChart::Metric m) {
    return m != RunOverlayChart::Metric::TrainingLoss && m != RunOverlayChart::Metric::TestLoss;
}

Series seriesOf(const History& h, RunOverlayChart::Metric m, const Smoothing& smoothing) {
    Series s;
    if (perBatch(m)) {
        std::vector<double> values;
        for (const BatchStats& b : h.batches) {
            s.keys.push_back((b.epoch - 1) + double(b.batch) / double(std::max(1, b.batchesPerEpoch)));
            values.push_back(m == RunOverlayChart::Metric::TrainingLoss ? b.loss : b.accuracy);
        }
        s.raw = QVector<double>(values.begin(), values.end());
        const std::vector<double> smooth = smoothed(values, smoothing);
        s.values = QVector<double>(smooth.begin(), smooth.end());
        return s;
    }
    for (const EpochStats& e : h.epochs) {
        const std::optional<Score>& score =
            m == RunOverlayChart::Metric::ValidationAccuracy ? e.validation : e.test;
        if (!score) continue;
        s.keys.push_back(e.epoch);
        s.values.push_back(m == RunOverlayChart::Metric::TestLoss ? score->loss : score->accuracy);
    }
    return s;
}

}  // namespace

RunOverlayChart::RunOverlayChart(QWidget* parent)
    : QWidget(parent),
      metric_(new QComboBox(this)),
      smoothing_(new SmoothingControl(this)),
      log_(new QCheckBox(tr("Log axis"), this)),
      plot_(new QCustomPlot(this)),
      verdict_(new QLabel(this)) {
    metric_->setObjectName("overlayMetric");
    metric_->addItem(tr("Test accuracy (per epoch)"), int(Metric::TestAccuracy));
    metric_->addItem(tr("Validation accuracy (per epoch)"), int(Metric::ValidationAccuracy));
    metric_->addItem(tr("Training loss (per batch)"), int(Metric::TrainingLoss));
    metric_->addItem(tr("Training accuracy (per batch)"), int(Metric::TrainingAccuracy));
    metric_->addItem(tr("Test loss (per epoch)"), int(Metric::TestLoss));
    log_->setToolTip(tr("A logarithmic value axis (for losses)"));
    verdict_->setObjectName("overlayVerdict");
    verdict_->setWordWrap(true);
    verdict_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    plot_->legend->setVisible(true);
    plot_->legend->setFont(font());
    plot_->xAxis->setLabel(tr("epoch"));
    plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot_->setMinimumHeight(220);

    auto* tools = new QHBoxLayout;
    tools->addWidget(metric_);
    tools->addWidget(smoothing_);
    tools->addWidget(log_);
    tools->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(tools);
    layout->addWidget(plot_, 1);
    layout->addWidget(verdict_);
    connect(metric_, &QComboBox::currentIndexChanged, this, &RunOverlayChart::redraw);
    connect(smoothing_, &SmoothingControl::changed, this, &RunOverlayChart::redraw);
    connect(log_, &QCheckBox::toggled, this, &RunOverlayChart::redraw);
    redraw();
}

void RunOverlayChart::setRuns(std::vector<OverlayRun> runs) {
    runs_ = std::move(runs);
    redraw();
}

void RunOverlayChart::setMetric(Metric m) { metric_->setCurrentIndex(metric_->findData(int(m))); }
RunOverlayChart::Metric RunOverlayChart::metric() const { return Metric(metric_->currentData().toInt()); }
void RunOverlayChart::setSmoothing(const Smoothing& s) {
    smoothing_->setSmoothing(s);
    redraw();
}
void RunOverlayChart::setLogScale(bool on) { log_->setChecked(on); }

QStringList RunOverlayChart::legendNames() const {
    QStringList names;
    for (int i = 0; i < plot_->legend->itemCount(); ++i)
        if (auto* item = qobject_cast<QCPPlottableLegendItem*>(plot_->legend->item(i)))
            names << item->plottable()->name();
    return names;
}

QString RunOverlayChart::verdictText() const { return verdict_->text(); }

void RunOverlayChart::redraw() {
    const Metric m = metric();
    const Smoothing smoothing = smoothing_->smoothing();
    smoothing_->setEnabled(perBatch(m));
    plot_->clearGraphs();
    plot_->clearItems();
    plot_->legend->clearItems();
    plot_->yAxis->setLabel(metric_->currentText().section(QStringLiteral(" ("), 0, 0));
    const bool log = log_->isChecked();
    plot_->yAxis->setScaleType(log ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    if (log) plot_->yAxis->setTicker(QSharedPointer<LogTicker>::create());
    else plot_->yAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());

    // Seed groups: members of a key that two or more runs share.
    std::map<std::string, std::vector<const OverlayRun*>> groups;
    for (const OverlayRun& r : runs_) groups[r.groupKey].push_back(&r);
    // Each drawn curve: its label, colour, published figure and last values (a seed group's several).
    struct Drawn {
        QString label;
        QColor colour;
        std::optional<double> reported;
        QString reportedLabel;
        std::vector<double> ends;
    };
    std::vector<Drawn> drawn;
    int colour = 0;
    std::map<std::string, bool> drawnGroup;
    for (const OverlayRun& r : runs_) {
        const auto& members = groups[r.groupKey];
        const QColor c = kColours[colour % int(std::size(kColours))];
        if (members.size() > 1) {
            if (drawnGroup[r.groupKey]) continue;
            drawnGroup[r.groupKey] = true;
            ++colour;
            std::vector<Series> all;
            for (const OverlayRun* member : members) all.push_back(seriesOf(member->history, m, smoothing));
            std::size_t longest = 0;
            for (std::size_t i = 1; i < all.size(); ++i)
                if (all[i].keys.size() > all[longest].keys.size()) longest = i;
            QVector<double> keys = all[longest].keys, mean, low, high;
            for (qsizetype i = 0; i < keys.size(); ++i) {
                std::vector<double> at;
                for (const Series& s : all)
                    if (i < s.values.size()) at.push_back(s.values[i]);
                const Spread sp = Spread::of(at);
                mean.push_back(sp.mean);
                low.push_back(sp.mean - sp.std);
                high.push_back(sp.mean + sp.std);
            }
            QCPGraph* lower = plot_->addGraph();
            lower->setData(keys, low, true);
            lower->setPen(Qt::NoPen);
            lower->removeFromLegend();
            QCPGraph* upper = plot_->addGraph();
            upper->setData(keys, high, true);
            upper->setPen(Qt::NoPen);
            QColor fill = c;
            fill.setAlpha(50);
            upper->setBrush(fill);
            upper->setChannelFillGraph(lower);
            upper->removeFromLegend();
            QCPGraph* line = plot_->addGraph();
            line->setData(keys, mean, true);
            line->setPen(QPen(c, 2));
            line->setName(tr("%1 — mean ± 1 std of %2 seeds").arg(r.label).arg(members.size()));
            if (!perBatch(m)) line->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
            std::vector<double> last;
            for (const Series& s : all)
                if (!s.values.isEmpty()) last.push_back(s.values.back());
            drawn.push_back({r.label, c, r.reported, r.reportedLabel, last});
            continue;
        }
        ++colour;
        const Series s = seriesOf(r.history, m, smoothing);
        if (perBatch(m) && smoothing.method != Smoothing::Method::None) {
            QCPGraph* raw = plot_->addGraph();
            raw->setData(s.keys, s.raw, true);
            QColor faint = c;
            faint.setAlpha(45);
            raw->setPen(QPen(faint, 1));
            raw->removeFromLegend();
        }
        QCPGraph* line = plot_->addGraph();
        line->setData(s.keys, s.values, true);
        line->setPen(QPen(c, 2));
        line->setName(perBatch(m) ? tr("%1 (%2)").arg(r.label, smoothingLegend(smoothing)) : r.label);
        if (!perBatch(m)) line->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
        drawn.push_back({r.label, c, r.reported, r.reportedLabel,
                         s.values.isEmpty() ? std::vector<double>{} : std::vector<double>{s.values.back()}});
    }

    if (runs_.empty()) {
        auto* hint = new QCPItemText(plot_);
        hint->position->setType(QCPItemPosition::ptAxisRectRatio);
        hint->position->setCoords(0.5, 0.5);
        hint->setText(tr("Select runs in the table (Ctrl- or Shift-click for several) to see their curves together"));
        hint->setColor(palette().color(QPalette::PlaceholderText));
        plot_->xAxis->setRange(0, 1);
        plot_->yAxis->setRange(0, 1);
        plot_->legend->setVisible(false);
        verdict_->hide();
        plot_->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    // The published figures, one dashed line each in its curve's colour, and
    // a verdict per curve: a range over different settings would say nothing.
    QString verdict;
    std::vector<double> lines;
    QStringList parts;
    if (isAccuracy(m)) {
        std::map<double, bool> labelled;
        for (const Drawn& d : drawn) {
            if (!d.reported) continue;
            lines.push_back(*d.reported);
            auto* line = new QCPItemStraightLine(plot_);
            line->point1->setCoords(0, *d.reported);
            line->point2->setCoords(1, *d.reported);
            line->setPen(QPen(d.colour, 1.5, Qt::DashLine));
            if (!labelled[*d.reported]) {
                labelled[*d.reported] = true;
                auto* text = new QCPItemText(plot_);
                text->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
                text->position->setTypeY(QCPItemPosition::ptPlotCoords);
                text->position->setCoords(0.01, *d.reported);
                text->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
                text->setText(d.reportedLabel);
                text->setColor(d.colour);
            }
            if (m == Metric::TestAccuracy && !d.ends.empty()) {
                const Spread ours = Spread::of(d.ends);
                const QString range = ours.n == 1 ? QString::number(ours.min, 'f', 4)
                                                  : tr("%1–%2 over %3 seeds").arg(ours.min, 0, 'f', 4).arg(ours.max, 0, 'f', 4).arg(ours.n);
                parts << tr("%1: published %2 lies %3 ours (%4)")
                             .arg(d.label)
                             .arg(*d.reported, 0, 'f', 4)
                             .arg(QString::fromStdString(cnnwb::verdictText(verdictOf(*d.reported, ours))))
                             .arg(range);
            }
        }
    }
    if (!parts.isEmpty()) verdict = tr("Last epoch's test accuracy — %1.").arg(parts.join(QStringLiteral("; ")));
    verdict_->setText(verdict);
    verdict_->setVisible(!verdict.isEmpty());
    plot_->rescaleAxes();
    for (double line : lines) {
        const QCPRange r = plot_->yAxis->range();
        plot_->yAxis->setRange(std::min(r.lower, line - 0.01), std::max(r.upper, line + 0.01));
    }
    if (!log) {
        const QCPRange r = plot_->yAxis->range();
        const double pad = (r.upper - r.lower) * 0.05;
        plot_->yAxis->setRange(r.lower - pad, r.upper + pad);
    }
    plot_->legend->setVisible(plot_->legend->itemCount() > 0);
    // Accuracies climb, losses fall: the legend goes where the curves are not.
    plot_->axisRect()->insetLayout()->setInsetAlignment(
        0, isAccuracy(m) ? Qt::AlignBottom | Qt::AlignRight : Qt::AlignTop | Qt::AlignRight);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace cnnwb::ui
