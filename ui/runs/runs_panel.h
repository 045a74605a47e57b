// The "Runs" tab: every run of the run library in a sortable, filterable
// table (what changed, seed, epochs, scores, seed-group mean ± std, time,
// status, tags, note). Selecting runs overlays their curves on one chart
// (seed groups as a mean with a ±1 std band, the published figure with its
// verdict) beside the settings that differ. Rename, tag, note, delete (to a
// trash that can be emptied or restored from), reopen and export act on the
// selection; the library's folder is shown and can be changed.
#pragma once

#include "engine/runs/run_library.h"

#include <QWidget>

#include <functional>
#include <memory>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace cnnwb::ui {

class MessageBanner;
class RunOverlayChart;
class RunTableModel;
class SettingsDiffTable;

class RunsPanel : public QWidget {
    Q_OBJECT
public:
    explicit RunsPanel(QWidget* parent = nullptr);
    ~RunsPanel() override;

    void setLibraryFolder(const QString& folder);
    QString libraryFolder() const { return folder_; }
    // Reads the library again, keeping the selection.
    void refresh();

    void selectRuns(const QStringList& ids);
    QStringList selectedIds() const;
    void setShowTrash(bool on);

    // The actions, as the buttons do them (after their dialogs).
    void renameRun(const QString& id, const QString& name);
    void setTags(const QString& id, const QStringList& tags);
    void setNote(const QString& id, const QString& note);
    void deleteRuns(const QStringList& ids);   // to the trash
    void restoreRuns(const QStringList& ids);
    int emptyTrash();
    // CSV and JSON of every metric (raw and smoothed), the settings table, and the chart as PNG (and SVG).
    QString exportSelected(const QString& folder);

    // Questions, replaceable by tests: delete N runs? empty the trash of N?
    std::function<bool(int count)> confirmDelete;
    std::function<bool(int count)> confirmEmptyTrash;

    RunTableModel* model() const { return model_; }
    QSortFilterProxyModel* proxy() const { return proxy_; }
    QTableView* table() const { return table_; }
    RunOverlayChart* overlay() const { return overlay_; }
    SettingsDiffTable* settingsDiff() const { return diff_; }
    QLineEdit* filter() const { return filter_; }
    QString messageText() const;

signals:
    // Open this run in the window (the window asks about unsaved work first).
    void openRequested(const QString& file);
    // The person chose another folder for the library.
    void libraryFolderChosen(const QString& folder);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void selectionChanged();
    void updateActions();
    RunLibrary& library();
    template <typename Action>
    void act(Action&& action);

    QString folder_;
    std::unique_ptr<RunLibrary> library_;
    bool showTrash_ = false;
    RunTableModel* model_;
    QSortFilterProxyModel* proxy_;
    QTableView* table_;
    QLabel* location_;
    QLineEdit* filter_;
    QCheckBox* trash_;
    MessageBanner* banner_;
    RunOverlayChart* overlay_;
    SettingsDiffTable* diff_;
    QCheckBox* onlyDiffering_;
    QPushButton* open_;
    QPushButton* rename_;
    QPushButton* tags_;
    QPushButton* note_;
    QPushButton* delete_;
    QPushButton* restore_;
    QPushButton* emptyTrash_;
    QPushButton* export_;
};

}  // namespace cnnwb::ui
