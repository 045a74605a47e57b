// The run library as a table: one row per run, the columns a comparison
// needs (what changed, seed, epochs, best and final scores, the seed group's
// mean ± std (n), wall time, status, tags, note). Sorting uses the numbers
// (SortRole), not the text; filtering matches any column's text.
#pragma once

#include "engine/runs/run_comparison.h"

#include <QAbstractTableModel>

#include <map>
#include <vector>

namespace cnnwb::ui {

class RunTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Name, Preset, Changes, Seed, Epochs, BestValidation, FinalValidation, FinalTest, SeedGroup, Wall, Status,
        Tags, Note, Started, ColumnCount
    };
    static constexpr int SortRole = Qt::UserRole + 1;
    static constexpr int IdRole = Qt::UserRole + 2;

    explicit RunTableModel(QObject* parent = nullptr);

    void setRuns(std::vector<RunRow> runs);
    const std::vector<RunRow>& runs() const { return runs_; }
    const RunRow* run(int row) const;
    int rowOf(const QString& id) const;
    // The runs sharing `row`'s seed group (itself included).
    std::vector<const RunRow*> seedGroupOf(const RunRow& run) const;
    // The final test accuracy of a seed group over its members, when it has two or more.
    std::optional<Spread> groupSpread(const std::string& groupKey) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    std::vector<RunRow> runs_;
    std::map<std::string, Spread> groups_;  // seed groups of two or more
};

// The number a run is judged by: its final test accuracy, else its final validation accuracy.
std::optional<double> finalScoreOf(const RunRow& run);

}  // namespace cnnwb::ui
