#include "recent_files.h"

#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>

namespace cnnwb::ui {

namespace {
const char* kKey = "session/recentFiles";
}

RecentFiles::RecentFiles(QObject* parent) : QObject(parent) {}

QStringList RecentFiles::files() const { return QSettings().value(kKey).toStringList(); }

void RecentFiles::store(const QStringList& files) { QSettings().setValue(kKey, files); }

void RecentFiles::add(const QString& path) {
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList list = files();
    list.removeAll(absolute);
    list.prepend(absolute);
    while (list.size() > kMaximum) list.removeLast();
    store(list);
}

void RecentFiles::remove(const QString& path) {
    QStringList list = files();
    list.removeAll(QFileInfo(path).absoluteFilePath());
    store(list);
}

void RecentFiles::clear() { store({}); }

void RecentFiles::fillMenu(QMenu* menu, const std::function<void(const QString&)>& open) {
    menu->clear();
    const QStringList list = files();
    int n = 1;
    for (const QString& file : list) {
        // "&1 e1-run.cnnwb": a mnemonic per entry, the full path as tip.
        QAction* a = menu->addAction(QStringLiteral("&%1 %2").arg(n++).arg(QFileInfo(file).fileName()));
        a->setToolTip(QDir::toNativeSeparators(file));
        a->setStatusTip(QDir::toNativeSeparators(file));
        connect(a, &QAction::triggered, menu, [open, file] { open(file); });
    }
    if (list.isEmpty()) menu->addAction(tr("No recent sessions"))->setEnabled(false);
    menu->addSeparator();
    QAction* clearAction = menu->addAction(tr("Clear list"));
    clearAction->setEnabled(!list.isEmpty());
    connect(clearAction, &QAction::triggered, this, &RecentFiles::clear);
}

}  // namespace cnnwb::ui
