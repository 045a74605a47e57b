// `cnnwb runs`: the run library from the command line - list, show, compare,
// rename, tag, note, rm (to the trash), restore, empty-trash, export, reindex.
#include "commands.h"
#include "path_argument.h"
#include "console_progress.h"

#include "engine/errors.h"
#include "engine/export/pytorch_history.h"
#include "engine/presets.h"
#include "engine/runs/run_comparison.h"
#include "engine/runs/run_export.h"
#include "engine/setting_path.h"
#include "engine/smoothing.h"

#include <QCommandLineParser>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>

namespace cnnwb::cli {

namespace {

const char* kUsage =
    "Usage: cnnwb runs COMMAND [ARGS] [--runs DIR] [--json]\n\n"
    "  list [--trash]              the runs, newest first (seed groups marked)\n"
    "  show RUN                    one run: settings, changes, every epoch\n"
    "  compare RUN RUN...          side by side: scores, the settings that differ, seed groups\n"
    "  rename RUN NAME             give a run a name of its own\n"
    "  tag RUN TAG... [--remove]   add (or remove) tags\n"
    "  note RUN TEXT               set a run's note\n"
    "  rm RUN...                   move runs to the trash\n"
    "  restore RUN...              take runs back out of the trash\n"
    "  empty-trash                 delete the runs in the trash for good\n"
    "  export DIR RUN...           every metric as CSV and JSON (raw and smoothed), and the settings table\n"
    "  import DIR...               a run trained by an exported PyTorch project (DIR/history.jsonl, weights)\n"
    "  reindex                     rebuild the index from the run files\n\n"
    "RUN is a run id or a unique start of one. The library is --runs DIR, else $CNNWB_RUNS, else\n"
    "the user data folder.\n";

std::string accuracy(const std::optional<double>& v) {
    if (!v) return "-";
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.4f", *v);
    return buf;
}

std::string cut(const std::string& s, std::size_t width) {
    // Counts UTF-8 characters, not bytes.
    std::size_t chars = 0, i = 0;
    for (; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
            if (chars == width) break;
            ++chars;
        }
    }
    return i < s.size() ? s.substr(0, i) + "…" : s;
}

void printRows(const std::vector<RunRow>& rows) {
    std::map<std::string, int> groupSizes;
    for (const RunRow& r : rows) ++groupSizes[r.groupKey];
    std::map<std::string, char> groupMarks;
    std::printf("%-40s %-9s %6s %7s %8s %8s %8s  %s\n", "ID", "STATUS", "SEED", "EPOCHS", "BEST VAL", "TEST", "WALL",
                "TITLE");
    for (const RunRow& r : rows) {
        std::string mark = " ";
        if (r.damaged.empty() && groupSizes[r.groupKey] > 1) {
            auto [it, added] = groupMarks.emplace(r.groupKey, char('A' + groupMarks.size() % 26));
            mark = std::string(1, it->second);
        }
        const std::string epochs = std::to_string(r.epochsDone) + "/" + std::to_string(r.epochsPlanned);
        std::printf("%-40s %-9s %6u %7s %8s %8s %8s %s %s%s\n", r.id.c_str(), cut(r.status, 9).c_str(), r.seed,
                    epochs.c_str(), accuracy(r.bestValidationAccuracy).c_str(), accuracy(r.finalTestAccuracy).c_str(),
                    ConsoleProgress::clock(r.wallSeconds).c_str(), mark.c_str(),
                    cut(r.damaged.empty() ? r.title : r.damaged, 70).c_str(),
                    r.tags.empty() ? "" : ("  #" + Json(r.tags).dump()).c_str());
    }
    if (!groupMarks.empty())
        std::printf("\nA letter before a title marks a seed group: runs that differ only in their seed.\n");
}

// The preset's reported figure against a set of runs, or nothing.
std::string verdictLine(const std::vector<RunRow>& runs) {
    if (runs.empty() || runs.front().preset.empty()) return {};
    ModelSpec preset;
    try {
        preset = loadPreset(runs.front().preset);
    } catch (const std::exception&) {
        return {};
    }
    if (!preset.reported) return {};
    std::vector<double> ours;
    for (const RunRow& r : runs)
        if (auto v = reportedMetricOf(*preset.reported, r)) ours.push_back(*v);
    if (ours.empty()) return {};
    const Spread s = Spread::of(ours);
    const double published = reportedAccuracy(*preset.reported);
    char buf[256];
    std::snprintf(buf, sizeof buf, "published %.4f (%s) is %s our range %.4f–%.4f over %d run%s", published,
                  preset.reported->metric.c_str(), verdictText(verdictOf(published, s)).c_str(), s.min, s.max, s.n,
                  s.n == 1 ? "" : "s");
    return buf;
}

int compare(RunLibrary& library, const QStringList& ids, bool json) {
    std::vector<RunRow> rows;
    std::vector<ModelSpec> specs;
    for (const QString& id : ids) {
        rows.push_back(library.find(id.toStdString()));
        specs.push_back(library.load(rows.back().id, false).spec);
    }
    const std::vector<SettingRow> settings = differingSettings(specs);
    // Seed groups among the compared runs.
    std::map<std::string, std::vector<const RunRow*>> groups;
    for (const RunRow& r : rows) groups[r.groupKey].push_back(&r);
    Json groupsJson = Json::array();
    std::vector<std::string> groupLines;
    for (const auto& [key, members] : groups) {
        if (members.size() < 2) continue;
        std::vector<double> finals, bests;
        std::vector<RunRow> copies;
        for (const RunRow* r : members) {
            if (r->finalTestAccuracy) finals.push_back(*r->finalTestAccuracy);
            if (r->bestValidationAccuracy) bests.push_back(*r->bestValidationAccuracy);
            copies.push_back(*r);
        }
        const Spread f = Spread::of(finals), b = Spread::of(bests);
        const std::string verdict = verdictLine(copies);
        groupLines.push_back(seedGroupTitle(*members.front()) + ": final test " + f.text() +
                             (b.n ? ", best validation " + b.text() : "") + (verdict.empty() ? "" : "; " + verdict));
        groupsJson.push_back({{"seed_group", key}, {"runs", members.size()}, {"final_test_mean", f.mean},
                              {"final_test_std", f.std}, {"best_val_mean", b.mean}, {"best_val_std", b.std},
                              {"verdict", verdict}});
    }
    if (json) {
        Json out = {{"runs", Json::array()}, {"settings", Json::array()}, {"seed_groups", groupsJson}};
        for (const RunRow& r : rows) out["runs"].push_back(r.toJson());
        for (const SettingRow& s : settings) out["settings"].push_back({{"path", s.path}, {"values", s.values}});
        out["verdict"] = verdictLine(rows);
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    const int width = 22;
    auto row = [&](const std::string& label, const std::vector<std::string>& cells) {
        std::printf("%-32s", cut(label, 31).c_str());
        for (const std::string& c : cells) std::printf(" %-*s", width, cut(c, width - 1).c_str());
        std::printf("\n");
    };
    std::vector<std::string> cells;
    for (const RunRow& r : rows) cells.push_back(r.id.substr(0, 15) + "…" + r.id.substr(r.id.size() - 4));
    row("run", cells);
    cells.clear();
    for (const RunRow& r : rows) cells.push_back(r.status);
    row("status", cells);
    cells.clear();
    for (const RunRow& r : rows) cells.push_back(std::to_string(r.epochsDone) + "/" + std::to_string(r.epochsPlanned));
    row("epochs", cells);
    cells.clear();
    for (const RunRow& r : rows) cells.push_back(accuracy(r.finalTestAccuracy));
    row("final test accuracy", cells);
    cells.clear();
    for (const RunRow& r : rows) cells.push_back(accuracy(r.bestValidationAccuracy));
    row("best validation accuracy", cells);
    cells.clear();
    for (const RunRow& r : rows) cells.push_back(ConsoleProgress::clock(r.wallSeconds));
    row("wall time", cells);
    std::printf("\nSettings that differ (%zu):\n", settings.size());
    for (const SettingRow& s : settings) row("  " + s.path, s.values);
    if (!groupLines.empty()) {
        std::printf("\nSeed groups:\n");
        for (const std::string& l : groupLines) std::printf("  %s\n", l.c_str());
    }
    const std::string verdict = verdictLine(rows);
    if (!verdict.empty()) std::printf("\nAll %zu runs: %s\n", rows.size(), verdict.c_str());
    return 0;
}

int show(RunLibrary& library, const std::string& id, bool json) {
    const RunRow r = library.find(id);
    if (!r.damaged.empty()) {
        // The reason names the file already.
        std::cerr << "cnnwb runs show: run " << r.id << " is damaged: " << r.damaged << "\n";
        return 1;
    }
    const Session s = library.load(r.id, false);
    if (json) {
        Json out = r.toJson();
        out["spec"] = s.spec.toJson();
        out["history"] = historyToJson(s.history);
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    std::printf("%s\n  %s\n", r.id.c_str(), r.title.c_str());
    std::printf("  file      %s\n  status    %s\n  started   %s\n  parent    %s %s\n", r.file.c_str(), r.status.c_str(),
                r.started.c_str(), r.parent.kind.c_str(), r.parent.id.c_str());
    for (const std::string& c : r.changes) std::printf("  changed   %s\n", c.c_str());
    if (!r.tags.empty()) std::printf("  tags      %s\n", Json(r.tags).dump().c_str());
    if (!r.note.empty()) std::printf("  note      %s\n", r.note.c_str());
    if (!r.sweep.empty()) std::printf("  sweep     %s\n", r.sweep.c_str());
    std::printf("  seed      %u\n  machine   %s\n  version   %s\n  wall time %s\n", r.seed, r.machine.c_str(),
                r.engineVersion.c_str(), ConsoleProgress::clock(r.wallSeconds).c_str());
    const std::string verdict = verdictLine({r});
    if (!verdict.empty()) std::printf("  figure    %s\n", verdict.c_str());
    std::printf("\nSettings:\n");
    for (const std::string& path : settingPaths(s.spec))
        if (path.rfind("layers.", 0) != 0) std::printf("  %-36s %s\n", path.c_str(), settingText(settingValue(s.spec, path)).c_str());
    printEpochTable(s.history);
    return 0;
}

}  // namespace

int runs(const QStringList& args) {
    QCommandLineParser p;
    p.setApplicationDescription(kUsage);
    p.addPositionalArgument("COMMAND", "list, show, compare, rename, tag, note, rm, restore, empty-trash, export, import, reindex");
    p.addOptions({{"runs", "The run library folder.", "DIR"},
                  {"json", "Print JSON instead of tables."},
                  {"trash", "list: the runs in the trash."},
                  {"remove", "tag: remove the tags instead of adding them."}});
    p.addHelpOption();
    if (!p.parse(args)) {
        std::cerr << "cnnwb runs: " << p.errorText().toStdString() << "\n";
        return 2;
    }
    const QStringList pos = p.positionalArguments();
    if (p.isSet("help") || pos.isEmpty()) {
        (pos.isEmpty() && !p.isSet("help") ? std::cerr : std::cout) << kUsage;
        return pos.isEmpty() && !p.isSet("help") ? 2 : 0;
    }
    const QString command = pos[0];
    const QStringList rest = pos.mid(1);
    const bool json = p.isSet("json");
    auto need = [&](int count, const char* form) {
        if (rest.size() >= count) return true;
        std::cerr << "cnnwb runs " << command.toStdString() << ": usage: cnnwb runs " << form << "\n";
        return false;
    };
    try {
        RunLibrary library(runLibraryFolder(pathArgument(p.value("runs"))));
        if (command == "list") {
            const std::vector<RunRow> rows = library.list(p.isSet("trash"));
            if (json) {
                Json out = Json::array();
                for (const RunRow& r : rows) out.push_back(r.toJson());
                std::cout << out.dump(2) << "\n";
            } else if (rows.empty()) {
                std::printf("No runs%s in %s yet.\n", p.isSet("trash") ? " in the trash" : "", library.folder().c_str());
            } else {
                printRows(rows);
            }
            return 0;
        }
        if (command == "show") return need(1, "show RUN") ? show(library, rest[0].toStdString(), json) : 2;
        if (command == "compare") return need(2, "compare RUN RUN...") ? compare(library, rest, json) : 2;
        if (command == "rename") {
            if (!need(2, "rename RUN NAME")) return 2;
            library.rename(library.find(rest[0].toStdString()).id, rest.mid(1).join(' ').toStdString());
            return 0;
        }
        if (command == "note") {
            if (!need(2, "note RUN TEXT")) return 2;
            library.setNote(library.find(rest[0].toStdString()).id, rest.mid(1).join(' ').toStdString());
            return 0;
        }
        if (command == "tag") {
            if (!need(2, "tag RUN TAG... [--remove]")) return 2;
            const RunRow r = library.find(rest[0].toStdString());
            std::vector<std::string> tags = r.tags;
            for (const QString& t : rest.mid(1)) {
                const std::string tag = t.toStdString();
                const auto it = std::find(tags.begin(), tags.end(), tag);
                if (p.isSet("remove") && it != tags.end()) tags.erase(it);
                if (!p.isSet("remove") && it == tags.end()) tags.push_back(tag);
            }
            library.setTags(r.id, tags);
            return 0;
        }
        if (command == "rm" || command == "restore") {
            if (!need(1, command == "rm" ? "rm RUN..." : "restore RUN...")) return 2;
            for (const QString& id : rest) {
                const RunRow r = library.find(id.toStdString());
                if (command == "rm") library.moveToTrash(r.id);
                else library.restoreFromTrash(r.id);
                std::printf("%s %s\n", command == "rm" ? "moved to the trash:" : "restored:", r.id.c_str());
            }
            return 0;
        }
        if (command == "empty-trash") {
            std::printf("deleted %d runs from the trash\n", library.emptyTrash());
            return 0;
        }
        if (command == "export") {
            if (!need(2, "export DIR RUN...")) return 2;
            std::vector<std::string> ids;
            for (const QString& id : rest.mid(1)) ids.push_back(id.toStdString());
            const ExportedFiles files = exportRuns(library, pathArgument(rest[0]), ids);
            std::printf("wrote %zu files for %zu runs to %s (per run: -batches.csv, -epochs.csv, .json; settings.csv "
                        "has the settings that differ)\n",
                        files.files.size(), ids.size(), rest[0].toStdString().c_str());
            return 0;
        }
        if (command == "import") {
            if (!need(1, "import DIR...")) return 2;
            for (const QString& dir : rest) {
                Session session = importPyTorchRun(pathArgument(dir));
                const std::string id = library.record(session);
                std::printf("imported %s as run %s (%s, %zu epochs, parent %s %s)\n", dir.toStdString().c_str(),
                            id.c_str(), session.status.c_str(), session.history.epochs.size(),
                            session.run.parent.kind.c_str(), session.run.parent.id.c_str());
            }
            return 0;
        }
        if (command == "reindex") {
            const ReindexResult r = library.reindex();
            if (json) std::cout << Json{{"runs", r.runs}, {"trashed", r.trashed}, {"damaged", r.damaged}}.dump() << "\n";
            else std::printf("indexed %d runs (%d damaged) and %d in the trash, from %s\n", r.runs, r.damaged, r.trashed,
                             library.folder().c_str());
            return 0;
        }
        std::cerr << "cnnwb runs: unknown command '" << command.toStdString() << "'\n\n" << kUsage;
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "cnnwb runs " << command.toStdString() << ": " << e.what() << "\n";
        return 1;
    }
}

}  // namespace cnnwb::cli
