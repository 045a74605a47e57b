#include "settings_diff_table.h"

#include "engine/setting_path.h"

#include <QHeaderView>

#include <set>

namespace cnnwb::ui {

SettingsDiffTable::SettingsDiffTable(QWidget* parent) : QTableWidget(parent) {
    setObjectName("settingsDiff");
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setAlternatingRowColors(true);
    verticalHeader()->setVisible(false);
    horizontalHeader()->setStretchLastSection(true);
}

void SettingsDiffTable::setRuns(const std::vector<ModelSpec>& specs, const QStringList& names) {
    specs_ = specs;
    names_ = names;
    rebuild();
}

void SettingsDiffTable::setOnlyDiffering(bool on) {
    onlyDiffering_ = on;
    rebuild();
}

void SettingsDiffTable::rebuild() {
    clear();
    std::vector<std::string> paths;
    std::set<std::string> seen;
    for (const ModelSpec& s : specs_)
        for (const std::string& p : settingPaths(s))
            if (seen.insert(p).second) paths.push_back(p);
    struct Line {
        std::string path;
        QStringList values;
        bool differs;
    };
    std::vector<Line> lines;
    differing_ = 0;
    for (const std::string& path : paths) {
        Line line{path, {}, false};
        for (const ModelSpec& s : specs_) {
            QString v;
            try {
                v = QString::fromStdString(settingText(settingValue(s, path)));
            } catch (const std::exception&) {
                v = tr("(none)");  // the layer is not in this run's model
            }
            line.differs = line.differs || (!line.values.isEmpty() && v != line.values.front());
            line.values << v;
        }
        differing_ += line.differs;
        if (line.differs || !onlyDiffering_) lines.push_back(std::move(line));
    }
    setColumnCount(1 + int(specs_.size()));
    setHorizontalHeaderLabels(QStringList{tr("Setting")} + names_);
    setRowCount(int(lines.size()));
    const QColor highlight(255, 236, 179);
    for (int r = 0; r < int(lines.size()); ++r) {
        auto* path = new QTableWidgetItem(QString::fromStdString(lines[std::size_t(r)].path));
        setItem(r, 0, path);
        for (int c = 0; c < lines[std::size_t(r)].values.size(); ++c)
            setItem(r, c + 1, new QTableWidgetItem(lines[std::size_t(r)].values[c]));
        if (lines[std::size_t(r)].differs)
            for (int c = 0; c < columnCount(); ++c) item(r, c)->setBackground(highlight);
    }
    resizeColumnsToContents();
}

}  // namespace cnnwb::ui
