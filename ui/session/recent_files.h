// File → Open Recent: the last sessions opened or saved, kept in QSettings
// (most recent first, at most eight, no duplicates).
#pragma once

#include <QObject>
#include <QStringList>

#include <functional>

class QMenu;

namespace cnnwb::ui {

class RecentFiles : public QObject {
    Q_OBJECT
public:
    explicit RecentFiles(QObject* parent = nullptr);

    QStringList files() const;
    void add(const QString& path);
    void remove(const QString& path);
    void clear();
    // Fills `menu` with one entry per file (and Clear), opening through `open`.
    void fillMenu(QMenu* menu, const std::function<void(const QString&)>& open);

    static constexpr int kMaximum = 8;

private:
    void store(const QStringList& files);
};

}  // namespace cnnwb::ui
