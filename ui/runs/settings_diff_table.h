// The settings of several runs side by side: one row per setting path, one
// column per run. Rows where the runs differ are highlighted; by default only
// those are listed ("what is the difference?"), all on request.
#pragma once

#include "engine/model_spec.h"

#include <QTableWidget>

namespace cnnwb::ui {

class SettingsDiffTable : public QTableWidget {
    Q_OBJECT
public:
    explicit SettingsDiffTable(QWidget* parent = nullptr);

    // `names` head the columns (one per spec).
    void setRuns(const std::vector<ModelSpec>& specs, const QStringList& names);
    void setOnlyDiffering(bool on);
    bool onlyDiffering() const { return onlyDiffering_; }
    // Rows that differ between the runs (highlighted).
    int differingRows() const { return differing_; }

private:
    void rebuild();

    std::vector<ModelSpec> specs_;
    QStringList names_;
    bool onlyDiffering_ = true;
    int differing_ = 0;
};

}  // namespace cnnwb::ui
