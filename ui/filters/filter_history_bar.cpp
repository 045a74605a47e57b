#include "filter_history_bar.h"

#include "history_snapshot.h"

#include "engine/limits.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QStyle>
#include <QTimer>
#include <QToolButton>

namespace cnnwb::ui {

namespace {
constexpr int kPlayIntervalMs = 350;  // about three copies a second: each stays long enough to read the colours
}

FilterHistoryBar::FilterHistoryBar(QWidget* parent)
    : QWidget(parent),
      play_(new QToolButton(this)),
      slider_(new QSlider(Qt::Horizontal, this)),
      where_(new QLabel(this)),
      delta_(new QCheckBox(tr("Δ since previous"), this)),
      memory_(new QLabel(this)),
      timer_(new QTimer(this)) {
    play_->setObjectName("playHistory");
    play_->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    play_->setToolTip(tr("Play the filters through training, copy after copy"));
    slider_->setObjectName("historySlider");
    slider_->setToolTip(tr("Scrub through the copies of the filters taken while training; the right end is now"));
    slider_->setRange(0, 0);  // one position, now, until a history arrives
    slider_->setPageStep(1);
    slider_->setMinimumWidth(240);
    where_->setObjectName("historyPosition");
    where_->setMinimumWidth(300);
    delta_->setObjectName("historyDelta");
    delta_->setToolTip(tr("Show how much each weight changed since the copy before, on its own colour scale"));
    memory_->setObjectName("historyMemory");
    memory_->setStyleSheet("color: palette(placeholder-text);");
    timer_->setInterval(kPlayIntervalMs);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("Through training"), this));
    layout->addWidget(play_);
    layout->addWidget(slider_, 1);
    layout->addWidget(where_);
    layout->addWidget(delta_);
    layout->addWidget(memory_);

    connect(slider_, &QSlider::valueChanged, this, [this] {
        updateLabels();
        emit changed();
    });
    connect(delta_, &QCheckBox::toggled, this, [this] { emit changed(); });
    connect(play_, &QToolButton::clicked, this, [this] { isPlaying() ? stopPlaying() : play(); });
    connect(timer_, &QTimer::timeout, this, &FilterHistoryBar::step);
    updateLabels();
}

void FilterHistoryBar::setSnapshot(const WeightSnapshot& live) {
    const bool wasAtNow = atNow();
    live_ = live;
    const QSignalBlocker block(slider_);
    slider_->setRange(0, std::max(0, historyPositions(live_) - 1));
    if (wasAtNow) slider_->setValue(slider_->maximum());
    updateLabels();
}

int FilterHistoryBar::position() const { return slider_->value(); }
int FilterHistoryBar::positions() const { return slider_->maximum() + 1; }
void FilterHistoryBar::setPosition(int position) { slider_->setValue(position); }
bool FilterHistoryBar::showsChange() const { return delta_->isChecked(); }
void FilterHistoryBar::setShowsChange(bool on) { delta_->setChecked(on); }
bool FilterHistoryBar::isPlaying() const { return timer_->isActive(); }

void FilterHistoryBar::play() {
    if (positions() < 2) return;
    if (atNow()) slider_->setValue(0);  // played to the end before: start again
    timer_->start();
    play_->setIcon(style()->standardIcon(QStyle::SP_MediaPause));
}

void FilterHistoryBar::stopPlaying() {
    timer_->stop();
    play_->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
}

void FilterHistoryBar::step() {
    if (atNow()) {
        stopPlaying();
        return;
    }
    slider_->setValue(position() + 1);
}

void FilterHistoryBar::updateLabels() {
    const WeightHistory* h = live_.history.get();
    const int copies = h ? int(h->size()) : 0;
    const bool any = positions() > 1;
    play_->setEnabled(any);
    slider_->setEnabled(any);
    if (!any) {
        where_->setText(copies == 0 ? tr("no copies yet: they are taken while training")
                                    : tr("one copy so far"));
    } else if (position() < copies && !(atNow() && copies == positions())) {
        where_->setText(tr("copy %1 of %2 · %3").arg(position() + 1).arg(copies).arg(historyPointText(h->points()[std::size_t(position())])));
    } else if (copies == positions()) {  // the last copy holds the weights of now
        where_->setText(tr("now · %1").arg(historyPointText(h->points().back())));
    } else {
        where_->setText(live_.batch > 0 ? tr("now · epoch %1, batch %2").arg(live_.epoch).arg(live_.batch) : tr("now"));
    }
    where_->setToolTip(live_.caption);
    memory_->setText(h ? tr("%n copies · %1 of %2 MB", "", copies)
                             .arg(QString::fromStdString(bytesText(h->bytes())))
                             .arg(h->settings().maxMegabytes)
                       : QString());
    memory_->setToolTip(h ? tr("%1.\nCopies are kept within the limit set in Experiment settings → History limit; over it, "
                               "every other copy goes and the interval doubles.")
                                .arg(QString::fromStdString(h->describe()))
                          : QString());
}

}  // namespace cnnwb::ui
