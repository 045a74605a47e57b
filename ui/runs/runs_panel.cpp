#include "runs_panel.h"

#include "run_overlay_chart.h"
#include "run_table_model.h"
#include "settings_diff_table.h"
#include "ui/common/chart_export.h"
#include "ui/common/message_banner.h"
#include "ui/common/reference_line.h"

#include "engine/presets.h"
#include "engine/runs/run_export.h"
#include "engine/setting_path.h"

#include <QCheckBox>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <set>

namespace cnnwb::ui {

namespace {

QString qt(const std::string& s) { return QString::fromStdString(s); }

// What tells the selected runs apart, per run: "h1.activation=relu", with
// the seed left out when it is the only difference within a seed group.
QStringList labelsOf(const std::vector<Session>& sessions, const std::vector<RunRow>& rows) {
    std::vector<ModelSpec> specs;
    for (const Session& s : sessions) specs.push_back(s.spec);
    const std::vector<SettingRow> differing = differingSettings(specs);
    QStringList labels;
    for (std::size_t i = 0; i < sessions.size(); ++i) {
        QStringList parts;
        for (const SettingRow& row : differing) {
            if (row.path == "training.seed") continue;
            const std::string path = row.path.rfind("layers.", 0) == 0 ? row.path.substr(7) : row.path;
            parts << qt(path) + "=" + qt(row.values[i]);
        }
        if (parts.isEmpty()) {
            // Nothing but the seed (or nothing) differs: name the run itself.
            labels << qt(rows[i].name.empty() ? rows[i].specName : rows[i].name);
        } else {
            labels << parts.join(QStringLiteral(", "));
        }
    }
    // Runs with the same label but not of one seed group (a seed differs): say the seed.
    for (std::size_t i = 0; i < sessions.size(); ++i)
        for (std::size_t j = 0; j < sessions.size(); ++j)
            if (i != j && labels[int(i)] == labels[int(j)] && rows[i].groupKey != rows[j].groupKey)
                labels[int(i)] += QObject::tr(" (run %1)").arg(qt(rows[i].id.substr(rows[i].id.size() - 4)));
    return labels;
}

}  // namespace

RunsPanel::RunsPanel(QWidget* parent)
    : QWidget(parent),
      model_(new RunTableModel(this)),
      proxy_(new QSortFilterProxyModel(this)),
      table_(new QTableView(this)),
      location_(new QLabel(this)),
      filter_(new QLineEdit(this)),
      trash_(new QCheckBox(tr("Trash"), this)),
      banner_(new MessageBanner(this)),
      overlay_(new RunOverlayChart(this)),
      diff_(new SettingsDiffTable(this)),
      onlyDiffering_(new QCheckBox(tr("Only what differs"), this)),
      open_(new QPushButton(tr("Open"), this)),
      rename_(new QPushButton(tr("Rename…"), this)),
      tags_(new QPushButton(tr("Tags…"), this)),
      note_(new QPushButton(tr("Note…"), this)),
      delete_(new QPushButton(tr("Delete"), this)),
      restore_(new QPushButton(tr("Restore"), this)),
      emptyTrash_(new QPushButton(tr("Empty trash…"), this)),
      export_(new QPushButton(tr("Export…"), this)) {
    setObjectName("runsPanel");
    proxy_->setSourceModel(model_);
    proxy_->setSortRole(RunTableModel::SortRole);
    proxy_->setFilterKeyColumn(-1);
    proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
    table_->setModel(proxy_);
    table_->setObjectName("runsTable");
    table_->setSortingEnabled(true);
    table_->sortByColumn(RunTableModel::Started, Qt::DescendingOrder);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    table_->setAlternatingRowColors(true);
    table_->verticalHeader()->setVisible(false);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setWordWrap(false);
    filter_->setPlaceholderText(tr("Filter: preset, change, tag, note, status… (a | b: either)"));
    filter_->setClearButtonEnabled(true);
    filter_->setObjectName("runsFilter");
    location_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    trash_->setToolTip(tr("Show the runs in the trash instead"));
    onlyDiffering_->setChecked(true);
    auto* change = new QPushButton(tr("Change…"), this);
    change->setToolTip(tr("Keep the runs in another folder"));
    auto* refreshButton = new QPushButton(tr("Refresh"), this);

    auto* top = new QHBoxLayout;
    top->addWidget(location_, 1);
    top->addWidget(change);
    top->addWidget(refreshButton);
    auto* actions = new QHBoxLayout;
    actions->addWidget(filter_, 1);
    actions->addWidget(trash_);
    for (QPushButton* b : {open_, rename_, tags_, note_, delete_, restore_, emptyTrash_, export_}) actions->addWidget(b);

    auto* diffBox = new QWidget(this);
    auto* diffLayout = new QVBoxLayout(diffBox);
    diffLayout->setContentsMargins(0, 0, 0, 0);
    diffLayout->addWidget(onlyDiffering_);
    diffLayout->addWidget(diff_, 1);
    auto* below = new QSplitter(Qt::Horizontal, this);
    below->addWidget(overlay_);
    below->addWidget(diffBox);
    below->setStretchFactor(0, 3);
    below->setStretchFactor(1, 2);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(table_);
    split->addWidget(below);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addLayout(actions);
    layout->addWidget(banner_);
    layout->addWidget(split, 1);

    confirmDelete = [this](int count) {
        return QMessageBox::question(this, tr("Delete runs"),
                                     tr("Move %n run(s) to the trash? They stay there until the trash is emptied.", "",
                                        count)) == QMessageBox::Yes;
    };
    confirmEmptyTrash = [this](int count) {
        return QMessageBox::warning(this, tr("Empty the trash"),
                                    tr("Delete the %n run(s) in the trash for good?", "", count),
                                    QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) == QMessageBox::Yes;
    };

    connect(filter_, &QLineEdit::textChanged, this, [this](const QString& text) {
        // A regular expression ("e1-relu|e1-lenet"); text that is not one is matched as it is.
        const QRegularExpression re(text, QRegularExpression::CaseInsensitiveOption);
        proxy_->setFilterRegularExpression(re.isValid() ? re
                                                        : QRegularExpression(QRegularExpression::escape(text),
                                                                             QRegularExpression::CaseInsensitiveOption));
    });
    connect(trash_, &QCheckBox::toggled, this, &RunsPanel::setShowTrash);
    connect(onlyDiffering_, &QCheckBox::toggled, diff_, &SettingsDiffTable::setOnlyDiffering);
    connect(refreshButton, &QPushButton::clicked, this, &RunsPanel::refresh);
    connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &RunsPanel::selectionChanged);
    connect(table_, &QTableView::doubleClicked, this, [this] { open_->click(); });
    connect(change, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Run library folder"), folder_);
        if (dir.isEmpty()) return;
        setLibraryFolder(dir);
        emit libraryFolderChosen(dir);
    });
    connect(open_, &QPushButton::clicked, this, [this] {
        const QStringList ids = selectedIds();
        if (ids.size() != 1) return;
        const RunRow* r = model_->run(model_->rowOf(ids.front()));
        if (r && r->damaged.empty()) emit openRequested(qt(r->file.string()));
    });
    connect(rename_, &QPushButton::clicked, this, [this] {
        const QStringList ids = selectedIds();
        if (ids.size() != 1) return;
        const RunRow* r = model_->run(model_->rowOf(ids.front()));
        bool ok = false;
        const QString name = QInputDialog::getText(this, tr("Rename run"), tr("Name (empty: described by its changes):"),
                                                   QLineEdit::Normal, qt(r->name), &ok);
        if (ok) renameRun(ids.front(), name.trimmed());
    });
    connect(tags_, &QPushButton::clicked, this, [this] {
        const QStringList ids = selectedIds();
        if (ids.size() != 1) return;
        const RunRow* r = model_->run(model_->rowOf(ids.front()));
        QStringList current;
        for (const std::string& t : r->tags) current << qt(t);
        bool ok = false;
        const QString text = QInputDialog::getText(this, tr("Tags"), tr("Tags, separated by commas:"), QLineEdit::Normal,
                                                   current.join(QStringLiteral(", ")), &ok);
        if (!ok) return;
        QStringList tags;
        for (const QString& t : text.split(',')) tags << t.trimmed();
        setTags(ids.front(), tags);
    });
    connect(note_, &QPushButton::clicked, this, [this] {
        const QStringList ids = selectedIds();
        if (ids.size() != 1) return;
        const RunRow* r = model_->run(model_->rowOf(ids.front()));
        bool ok = false;
        const QString note = QInputDialog::getMultiLineText(this, tr("Note"), tr("A note on this run:"), qt(r->note), &ok);
        if (ok) setNote(ids.front(), note.trimmed());
    });
    connect(delete_, &QPushButton::clicked, this, [this] { deleteRuns(selectedIds()); });
    connect(restore_, &QPushButton::clicked, this, [this] { restoreRuns(selectedIds()); });
    connect(emptyTrash_, &QPushButton::clicked, this, [this] { emptyTrash(); });
    connect(export_, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Export runs to"), QDir::homePath());
        if (dir.isEmpty()) return;
        const QString error = exportSelected(dir);
        if (error.isEmpty()) banner_->showNote(tr("Exported %n run(s) to %1", "", selectedIds().size()).arg(dir));
        else banner_->showError(error);
    });
    updateActions();
}

RunsPanel::~RunsPanel() = default;

QString RunsPanel::messageText() const { return banner_->isHidden() ? QString() : banner_->text(); }

RunLibrary& RunsPanel::library() {
    if (!library_) library_ = std::make_unique<RunLibrary>(folder_.toStdString());
    return *library_;
}

template <typename Action>
void RunsPanel::act(Action&& action) {
    try {
        action();
        banner_->dismiss();
    } catch (const std::exception& e) {
        banner_->showError(qt(e.what()));
    }
    refresh();
}

void RunsPanel::setLibraryFolder(const QString& folder) {
    folder_ = folder;
    library_.reset();
    location_->setText(tr("Run library: <b>%1</b>").arg(folder.toHtmlEscaped()));
    if (isVisible()) refresh();
}

void RunsPanel::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    refresh();  // runs recorded by a sweep in another process show up too
}

void RunsPanel::setShowTrash(bool on) {
    showTrash_ = on;
    {
        const QSignalBlocker block(trash_);
        trash_->setChecked(on);
    }
    refresh();
}

void RunsPanel::refresh() {
    if (folder_.isEmpty()) return;
    const QStringList keep = selectedIds();
    try {
        model_->setRuns(library().list(showTrash_));
    } catch (const std::exception& e) {
        model_->setRuns({});
        banner_->showError(tr("The run library cannot be read: %1").arg(qt(e.what())));
    }
    table_->resizeColumnsToContents();
    table_->setColumnWidth(RunTableModel::Changes, std::min(table_->columnWidth(RunTableModel::Changes), 360));
    table_->setColumnWidth(RunTableModel::Name, std::min(table_->columnWidth(RunTableModel::Name), 300));
    selectRuns(keep);
    updateActions();
}

void RunsPanel::selectRuns(const QStringList& ids) {
    QItemSelection selection;
    for (const QString& id : ids) {
        const int row = model_->rowOf(id);
        if (row < 0) continue;
        const QModelIndex at = proxy_->mapFromSource(model_->index(row, 0));
        if (at.isValid()) selection.select(at, at.siblingAtColumn(RunTableModel::ColumnCount - 1));
    }
    table_->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    selectionChanged();
}

QStringList RunsPanel::selectedIds() const {
    QStringList ids;
    for (const QModelIndex& i : table_->selectionModel()->selectedRows())
        ids << proxy_->mapToSource(i).data(RunTableModel::IdRole).toString();
    return ids;
}

void RunsPanel::selectionChanged() {
    updateActions();
    std::vector<Session> sessions;
    std::vector<RunRow> rows;
    for (const QString& id : selectedIds()) {
        const RunRow* r = model_->run(model_->rowOf(id));
        if (!r || !r->damaged.empty()) continue;
        try {
            sessions.push_back(loadSession(r->file, false));
            rows.push_back(*r);
        } catch (const std::exception& e) {
            banner_->showError(qt(e.what()));
        }
    }
    const QStringList labels = labelsOf(sessions, rows);
    std::vector<OverlayRun> runs;
    for (std::size_t i = 0; i < sessions.size(); ++i) {
        // A seed group only when two of its runs are selected.
        int sameGroup = 0;
        for (const RunRow& other : rows) sameGroup += other.groupKey == rows[i].groupKey;
        OverlayRun run{labels[int(i)], sameGroup > 1 ? rows[i].groupKey : rows[i].id, sessions[i].history, {}, {}};
        // The figure its preset's authors published, for runs of a preset that has one.
        if (!rows[i].preset.empty()) {
            try {
                if (const auto line = referenceLineFor(loadPreset(rows[i].preset).reported)) {
                    run.reported = line->accuracy;
                    run.reportedLabel = line->label;
                }
            } catch (const std::exception&) {
            }
        }
        runs.push_back(std::move(run));
    }
    overlay_->setRuns(std::move(runs));
    std::vector<ModelSpec> specs;
    QStringList names;
    for (std::size_t i = 0; i < sessions.size(); ++i) {
        specs.push_back(sessions[i].spec);
        names << tr("%1 · seed %2").arg(labels[int(i)]).arg(rows[i].seed);
    }
    diff_->setRuns(specs, names);
}

void RunsPanel::updateActions() {
    const int n = int(selectedIds().size());
    open_->setEnabled(n == 1 && !showTrash_);
    rename_->setEnabled(n == 1);
    tags_->setEnabled(n == 1);
    note_->setEnabled(n == 1);
    delete_->setEnabled(n > 0 && !showTrash_);
    restore_->setEnabled(n > 0 && showTrash_);
    emptyTrash_->setVisible(showTrash_);
    export_->setEnabled(n > 0);
}

void RunsPanel::renameRun(const QString& id, const QString& name) {
    act([&] { library().rename(id.toStdString(), name.toStdString()); });
}

void RunsPanel::setTags(const QString& id, const QStringList& tags) {
    std::vector<std::string> list;
    for (const QString& t : tags)
        if (!t.isEmpty()) list.push_back(t.toStdString());
    act([&] { library().setTags(id.toStdString(), list); });
}

void RunsPanel::setNote(const QString& id, const QString& note) {
    act([&] { library().setNote(id.toStdString(), note.toStdString()); });
}

void RunsPanel::deleteRuns(const QStringList& ids) {
    if (ids.isEmpty() || (confirmDelete && !confirmDelete(int(ids.size())))) return;
    act([&] {
        for (const QString& id : ids) library().moveToTrash(id.toStdString());
    });
}

void RunsPanel::restoreRuns(const QStringList& ids) {
    act([&] {
        for (const QString& id : ids) library().restoreFromTrash(id.toStdString());
    });
}

int RunsPanel::emptyTrash() {
    int removed = 0;
    int inTrash = 0;
    try {
        inTrash = int(library().list(true).size());
    } catch (const std::exception&) {
    }
    if (inTrash == 0 || (confirmEmptyTrash && !confirmEmptyTrash(inTrash))) return 0;
    act([&] { removed = library().emptyTrash(); });
    return removed;
}

QString RunsPanel::exportSelected(const QString& folder) {
    std::vector<std::string> ids;
    for (const QString& id : selectedIds()) ids.push_back(id.toStdString());
    if (ids.empty()) return tr("Select the runs to export first.");
    try {
        exportRuns(library(), folder.toStdString(), ids);
    } catch (const std::exception& e) {
        return qt(e.what());
    }
    QString error = saveChartsPng({overlay_->plot()}, QDir(folder).filePath(QStringLiteral("chart.png")));
    if (error.isEmpty() && svgExportAvailable())
        error = saveChartsSvg({overlay_->plot()}, QDir(folder).filePath(QStringLiteral("chart.svg")));
    return error;
}

}  // namespace cnnwb::ui
