#include "run_library.h"

#include "run_lock.h"

#include "../data/md5.h"
#include "../errors.h"
#include "../setting_path.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>
#include <random>
#include <set>

namespace cnnwb {

namespace fs = std::filesystem;

namespace {

constexpr int kSchemaVersion = 2;

std::string nowUtc(const char* format) {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, format, &tm);
    return buf;
}

// "e1-lenet1988", or a slug of the spec's name: letters, digits and dashes.
std::string slugOf(const ModelSpec& spec) {
    const std::string source = !spec.id.empty() ? spec.id : !spec.name.empty() ? spec.name : "run";
    std::string slug;
    for (char c : source) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u)) slug += char(std::tolower(u));
        else if (!slug.empty() && slug.back() != '-') slug += '-';
        if (slug.size() >= 32) break;
    }
    while (!slug.empty() && slug.back() == '-') slug.pop_back();
    return slug.empty() ? "run" : slug;
}

// Fresh from the system each time: a generator seeded once would repeat its
// sequence in a forked process, and two writers would pick the same ids.
std::string randomHex() {
    std::random_device device;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%08x", unsigned(device()));
    return buf;
}

std::optional<double> bestOf(const std::vector<EpochStats>& epochs, bool validation) {
    std::optional<double> best;
    for (const EpochStats& e : epochs) {
        const std::optional<Score>& s = validation ? e.validation : e.test;
        if (s && (!best || s->accuracy > *best)) best = s->accuracy;
    }
    return best;
}

}  // namespace

RunMeta runMetaFrom(const RunOrigin& parent, const ModelSpec& parentSpec, const ModelSpec& spec) {
    RunMeta meta;
    meta.parent = parent;
    for (const SettingChange& c : settingChanges(parentSpec, spec)) meta.changes.push_back(c.text());
    return meta;
}

std::string seedGroupKey(const ModelSpec& spec) {
    Json doc = spec.toJson();
    // Labels are not settings; the seed is what a group varies.
    for (const char* label : {"id", "name", "experiment", "description", "reported"}) doc.erase(label);
    doc["training"].erase("seed");
    const std::string text = doc.dump();
    return md5Hex(text.data(), text.size());
}

RunRow summarizeRun(const Session& s) {
    RunRow r;
    r.id = s.run.id;
    r.name = s.run.name;
    r.specName = s.spec.name;
    r.preset = s.spec.id;
    r.parent = s.run.parent;
    r.changes = s.run.changes;
    r.tags = s.run.tags;
    r.note = s.run.note;
    r.started = s.run.started;
    r.sweep = s.run.sweep;
    r.status = s.status;
    r.machine = s.machine;
    r.engineVersion = s.engineVersion;
    r.seed = s.seed;
    r.epochsDone = int(s.history.epochs.size());
    r.epochsPlanned = s.spec.training.epochs;
    r.wallSeconds = s.wallSeconds;
    const auto& epochs = s.history.epochs;
    if (!epochs.empty()) {
        if (epochs.back().validation) r.finalValidationAccuracy = epochs.back().validation->accuracy;
        if (epochs.back().test) r.finalTestAccuracy = epochs.back().test->accuracy;
    }
    r.bestValidationAccuracy = bestOf(epochs, true);
    r.bestTestAccuracy = bestOf(epochs, false);
    double best = -1;
    for (const EpochStats& e : epochs)
        if (e.validation && e.validation->accuracy > best) {
            best = e.validation->accuracy;
            r.testAtBestValidation = e.test ? std::optional<double>(e.test->accuracy) : std::nullopt;
        }
    r.groupKey = seedGroupKey(s.spec);
    std::string title = r.name;
    if (title.empty()) {
        title = s.spec.name.empty() ? r.preset : s.spec.name;
        if (!r.changes.empty()) {
            std::string changes;
            for (const std::string& c : r.changes) changes += (changes.empty() ? "" : "; ") + c;
            title += " [" + changes + "]";
        }
    }
    r.title = title;
    return r;
}

static Json optionalJson(const std::optional<double>& v) { return v ? Json(*v) : Json(); }

Json RunRow::toJson() const {
    return {{"id", id}, {"file", file.string()}, {"trashed", trashed}, {"damaged", damaged}, {"name", name},
            {"title", title}, {"spec_name", specName}, {"preset", preset}, {"parent", {{"kind", parent.kind}, {"id", parent.id}}},
            {"changes", changes}, {"tags", tags}, {"note", note}, {"started", started}, {"status", status},
            {"sweep", sweep}, {"machine", machine}, {"engine_version", engineVersion}, {"seed", seed},
            {"epochs_done", epochsDone}, {"epochs_planned", epochsPlanned},
            {"final_val_accuracy", optionalJson(finalValidationAccuracy)},
            {"best_val_accuracy", optionalJson(bestValidationAccuracy)},
            {"final_test_accuracy", optionalJson(finalTestAccuracy)},
            {"best_test_accuracy", optionalJson(bestTestAccuracy)},
            {"test_at_best_val", optionalJson(testAtBestValidation)}, {"wall_seconds", wallSeconds},
            {"seed_group", groupKey}};
}

// ---- the SQLite index ----

struct RunLibrary::Database {
    sqlite3* db = nullptr;
    fs::path file;

    ~Database() {
        if (db) sqlite3_close(db);
    }
    [[noreturn]] void fail(const std::string& what) const {
        throw DataError(file.string() + ": " + what + " (" + (db ? sqlite3_errmsg(db) : "no database") + ")");
    }
    void exec(const char* sql) {
        char* error = nullptr;
        if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
            const std::string message = error ? error : "unknown error";
            sqlite3_free(error);
            throw DataError(file.string() + ": " + message);
        }
    }
};

// One prepared statement, finalised on every path out.
class Statement {
public:
    Statement(sqlite3* db, const char* sql, const fs::path& file) : db_(db), file_(file) {
        if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK)
            throw DataError(file.string() + ": " + sqlite3_errmsg(db));
    }
    ~Statement() { sqlite3_finalize(stmt_); }
    Statement& bind(int i, const std::string& v) {
        sqlite3_bind_text(stmt_, i, v.c_str(), int(v.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Statement& bind(int i, double v) {
        sqlite3_bind_double(stmt_, i, v);
        return *this;
    }
    Statement& bind(int i, long long v) {
        sqlite3_bind_int64(stmt_, i, v);
        return *this;
    }
    Statement& bind(int i, const std::optional<double>& v) {
        if (v) sqlite3_bind_double(stmt_, i, *v);
        else sqlite3_bind_null(stmt_, i);
        return *this;
    }
    bool step() {
        const int rc = sqlite3_step(stmt_);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        throw DataError(file_.string() + ": " + sqlite3_errmsg(db_));
    }
    std::string text(int i) const {
        const auto* t = sqlite3_column_text(stmt_, i);
        return t ? reinterpret_cast<const char*>(t) : "";
    }
    double real(int i) const { return sqlite3_column_double(stmt_, i); }
    long long integer(int i) const { return sqlite3_column_int64(stmt_, i); }
    std::optional<double> optional(int i) const {
        return sqlite3_column_type(stmt_, i) == SQLITE_NULL ? std::nullopt : std::optional<double>(real(i));
    }

private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
    const fs::path& file_;
};

namespace {

const char* kColumns =
    "id, file, trashed, damaged, name, title, preset, parent_kind, parent_id, changes, tags, note, started, status, "
    "sweep, machine, engine_version, seed, epochs_done, epochs_planned, final_val, best_val, final_test, best_test, "
    "test_at_best_val, wall_seconds, group_key, spec_name";

RunRow rowOf(const Statement& q) {
    RunRow r;
    int i = 0;
    r.id = q.text(i++);
    r.file = q.text(i++);
    r.trashed = q.integer(i++) != 0;
    r.damaged = q.text(i++);
    r.name = q.text(i++);
    r.title = q.text(i++);
    r.preset = q.text(i++);
    r.parent.kind = q.text(i++);
    r.parent.id = q.text(i++);
    r.changes = Json::parse(q.text(i++)).get<std::vector<std::string>>();
    r.tags = Json::parse(q.text(i++)).get<std::vector<std::string>>();
    r.note = q.text(i++);
    r.started = q.text(i++);
    r.status = q.text(i++);
    r.sweep = q.text(i++);
    r.machine = q.text(i++);
    r.engineVersion = q.text(i++);
    r.seed = std::uint32_t(q.integer(i++));
    r.epochsDone = int(q.integer(i++));
    r.epochsPlanned = int(q.integer(i++));
    r.finalValidationAccuracy = q.optional(i++);
    r.bestValidationAccuracy = q.optional(i++);
    r.finalTestAccuracy = q.optional(i++);
    r.bestTestAccuracy = q.optional(i++);
    r.testAtBestValidation = q.optional(i++);
    r.wallSeconds = q.real(i++);
    r.groupKey = q.text(i++);
    r.specName = q.text(i++);
    return r;
}

// A row for a file: its summary, or "damaged" with the reason.
RunRow rowOfFile(const fs::path& file, bool trashed) {
    RunRow r;
    try {
        r = summarizeRun(loadSession(file, false));
    } catch (const std::exception& e) {
        r = RunRow{};
        r.status = "damaged";
        r.damaged = e.what();
        r.title = file.filename().string();
    }
    // The file's name is the run's id: a copy renamed by hand is a run of its own.
    r.id = file.stem().string();
    r.file = fs::absolute(file);
    r.trashed = trashed;
    return r;
}

}  // namespace

RunLibrary::RunLibrary(fs::path folder) : folder_(std::move(folder)), db_(std::make_unique<Database>()) {
    std::error_code ec;
    fs::create_directories(runsFolder(), ec);
    if (!ec) fs::create_directories(trashFolder(), ec);
    if (ec) throw DataError(folder_.string() + ": cannot make the run library here (" + ec.message() + ")");
    db_->file = folder_ / "index.sqlite";
    if (sqlite3_open_v2(db_->file.c_str(), &db_->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        nullptr) != SQLITE_OK)
        db_->fail("cannot open the run index");
    // Another process writing (a sweep) makes this one wait a little, not fail.
    sqlite3_busy_timeout(db_->db, 10000);
    db_->exec("PRAGMA journal_mode=WAL");
    db_->exec("PRAGMA synchronous=NORMAL");
    long long version = 0;
    {
        Statement q(db_->db, "PRAGMA user_version", db_->file);
        if (q.step()) version = q.integer(0);
    }
    if (version != kSchemaVersion) {
        // An index of another layout is rebuilt from the files, which are the truth.
        db_->exec("DROP TABLE IF EXISTS runs");
        db_->exec(
            "CREATE TABLE runs (id TEXT PRIMARY KEY, file TEXT NOT NULL, trashed INTEGER NOT NULL, damaged TEXT, "
            "name TEXT, title TEXT, preset TEXT, parent_kind TEXT, parent_id TEXT, changes TEXT, tags TEXT, note TEXT, "
            "started TEXT, status TEXT, sweep TEXT, machine TEXT, engine_version TEXT, seed INTEGER, epochs_done INTEGER, "
            "epochs_planned INTEGER, final_val REAL, best_val REAL, final_test REAL, best_test REAL, "
            "test_at_best_val REAL, wall_seconds REAL, group_key TEXT, spec_name TEXT)");
        db_->exec(("PRAGMA user_version=" + std::to_string(kSchemaVersion)).c_str());
    }
}

RunLibrary::~RunLibrary() = default;

void RunLibrary::index(const RunRow& r) {
    const std::string sql = std::string("INSERT OR REPLACE INTO runs (") + kColumns +
                            ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    Statement q(db_->db, sql.c_str(), db_->file);
    q.bind(1, r.id).bind(2, r.file.string()).bind(3, (long long)r.trashed).bind(4, r.damaged);
    q.bind(5, r.name).bind(6, r.title).bind(7, r.preset).bind(8, r.parent.kind).bind(9, r.parent.id);
    q.bind(10, Json(r.changes).dump()).bind(11, Json(r.tags).dump()).bind(12, r.note).bind(13, r.started);
    q.bind(14, r.status).bind(15, r.sweep).bind(16, r.machine).bind(17, r.engineVersion);
    q.bind(18, (long long)r.seed).bind(19, (long long)r.epochsDone).bind(20, (long long)r.epochsPlanned);
    q.bind(21, r.finalValidationAccuracy).bind(22, r.bestValidationAccuracy).bind(23, r.finalTestAccuracy);
    q.bind(24, r.bestTestAccuracy).bind(25, r.testAtBestValidation).bind(26, r.wallSeconds).bind(27, r.groupKey);
    q.bind(28, r.specName);
    q.step();
}

std::string RunLibrary::newRunId(const ModelSpec& spec) const {
    // Time first, so file names sort by age; a random tail, so two writers never collide.
    std::string id;
    for (int attempt = 0; attempt < 100; ++attempt) {
        id = nowUtc("%Y%m%d-%H%M%S") + "-" + slugOf(spec) + "-" + randomHex();
        if (!fs::exists(runsFolder() / (id + ".cnnwb"))) break;
    }
    return id;
}

std::string RunLibrary::record(Session& session) {
    if (session.run.started.empty()) session.run.started = nowUtc("%Y-%m-%dT%H:%M:%SZ");
    if (session.run.id.empty()) session.run.id = newRunId(session.spec);
    const fs::path file = runsFolder() / (session.run.id + ".cnnwb");
    saveSession(session, file);
    RunRow row = summarizeRun(session);
    row.file = fs::absolute(file);
    index(row);
    return session.run.id;
}

void RunLibrary::sync() {
    // The index first, then the folders: a writer puts its file in place
    // before it indexes it, so every row read here has its file in the scan.
    std::map<std::string, std::pair<std::string, bool>> indexed;
    {
        Statement q(db_->db, "SELECT id, file, trashed FROM runs", db_->file);
        while (q.step()) indexed[q.text(0)] = {q.text(1), q.integer(2) != 0};
    }
    std::map<std::string, std::pair<fs::path, bool>> files;  // id → (file, trashed)
    for (const auto& [folder, trashed] : {std::pair{runsFolder(), false}, std::pair{trashFolder(), true}}) {
        std::error_code ec;
        for (const auto& entry : fs::directory_iterator(folder, ec))
            if (entry.path().extension() == ".cnnwb" && entry.is_regular_file())
                files[entry.path().stem().string()] = {entry.path(), trashed};
    }
    db_->exec("BEGIN IMMEDIATE");
    try {
        for (const auto& [id, where] : indexed)
            if (!files.count(id)) {
                Statement del(db_->db, "DELETE FROM runs WHERE id = ?", db_->file);
                del.bind(1, id).step();
            }
        for (const auto& [id, f] : files) {
            const auto it = indexed.find(id);
            if (it != indexed.end() && it->second.second == f.second && fs::path(it->second.first) == fs::absolute(f.first))
                continue;
            index(rowOfFile(f.first, f.second));
        }
        db_->exec("COMMIT");
    } catch (...) {
        db_->exec("ROLLBACK");
        throw;
    }
}

std::vector<RunRow> RunLibrary::list(bool trash) {
    sync();
    const std::string sql = std::string("SELECT ") + kColumns + " FROM runs WHERE trashed = ? ORDER BY started DESC, rowid DESC";
    Statement q(db_->db, sql.c_str(), db_->file);
    q.bind(1, (long long)trash);
    std::vector<RunRow> rows;
    while (q.step()) rows.push_back(rowOf(q));
    // A "running" file whose lock nobody holds lost its process on the way.
    for (RunRow& r : rows)
        if (r.status == run_status::kRunning && !RunLock::isHeld(folder_, r.id)) {
            r.status = run_status::kInterrupted;
            r.processLost = true;
        }
    return rows;
}

RunRow RunLibrary::find(const std::string& idOrPrefix) {
    std::vector<RunRow> matches;
    for (bool trash : {false, true})
        for (RunRow& r : list(trash)) {
            if (r.id == idOrPrefix) return r;
            if (r.id.rfind(idOrPrefix, 0) == 0) matches.push_back(std::move(r));
        }
    if (matches.size() == 1) return matches.front();
    if (matches.empty())
        throw DataError(folder_.string() + ": no run '" + idOrPrefix + "' (`cnnwb runs list` shows the runs)");
    std::string ids;
    for (std::size_t i = 0; i < matches.size() && i < 8; ++i) ids += (i ? ", " : "") + matches[i].id;
    throw DataError(folder_.string() + ": '" + idOrPrefix + "' names " + std::to_string(matches.size()) +
                    " runs (" + ids + "); give more of the id");
}

Session RunLibrary::load(const std::string& id, bool withWeights) {
    const RunRow r = find(id);
    if (!r.damaged.empty()) throw DataError(r.file.string() + ": " + r.damaged);
    Session s = loadSession(r.file, withWeights);
    s.run.id = r.id;  // the file's name is its id
    return s;
}

void RunLibrary::markInterrupted(const std::string& id) {
    editSession(id, [](Session& s) {
        if (s.status == run_status::kRunning) s.status = run_status::kInterrupted;
    });
}

void RunLibrary::edit(const std::string& id, const std::function<void(RunMeta&)>& change) {
    editSession(id, [&](Session& s) { change(s.run); });
}

void RunLibrary::editSession(const std::string& id, const std::function<void(Session&)>& change) {
    const RunRow r = find(id);
    if (!r.damaged.empty()) throw DataError(r.file.string() + ": " + r.damaged + "; a damaged run cannot be edited");
    if (r.status == run_status::kRunning) throw DataError("run '" + r.id + "' is training; edit it when it has ended");
    Session s = loadSession(r.file, true);
    s.run.id = r.id;
    change(s);
    saveSession(s, r.file);
    RunRow row = summarizeRun(s);
    row.file = r.file;
    row.trashed = r.trashed;
    index(row);
}

void RunLibrary::rename(const std::string& id, const std::string& name) {
    edit(id, [&](RunMeta& m) { m.name = name; });
}

void RunLibrary::setTags(const std::string& id, const std::vector<std::string>& tags) {
    std::vector<std::string> unique;
    for (const std::string& t : tags)
        if (!t.empty() && std::find(unique.begin(), unique.end(), t) == unique.end()) unique.push_back(t);
    edit(id, [&](RunMeta& m) { m.tags = unique; });
}

void RunLibrary::setNote(const std::string& id, const std::string& note) {
    edit(id, [&](RunMeta& m) { m.note = note; });
}

void RunLibrary::moveToTrash(const std::string& id) {
    const RunRow r = find(id);
    if (r.trashed) return;
    std::error_code ec;
    fs::rename(r.file, trashFolder() / r.file.filename(), ec);
    if (ec) throw DataError(r.file.string() + ": cannot move to the trash (" + ec.message() + ")");
    sync();
}

void RunLibrary::restoreFromTrash(const std::string& id) {
    const RunRow r = find(id);
    if (!r.trashed) return;
    std::error_code ec;
    fs::rename(r.file, runsFolder() / r.file.filename(), ec);
    if (ec) throw DataError(r.file.string() + ": cannot restore (" + ec.message() + ")");
    sync();
}

int RunLibrary::emptyTrash() {
    int removed = 0;
    for (const RunRow& r : list(true)) {
        std::error_code ec;
        if (fs::remove(r.file, ec)) ++removed;
    }
    sync();
    return removed;
}

ReindexResult RunLibrary::reindex() {
    db_->exec("BEGIN IMMEDIATE");
    try {
        db_->exec("DELETE FROM runs");
        db_->exec("COMMIT");
    } catch (...) {
        db_->exec("ROLLBACK");
        throw;
    }
    sync();
    ReindexResult result;
    for (bool trash : {false, true})
        for (const RunRow& r : list(trash)) {
            (trash ? result.trashed : result.runs) += 1;
            if (!r.damaged.empty()) ++result.damaged;
        }
    return result;
}

fs::path runLibraryFolder(const std::string& flag) {
    if (!flag.empty()) return flag;
    if (const char* env = std::getenv("CNNWB_RUNS"); env && *env) return env;
    // XDG says a relative $XDG_DATA_HOME is invalid and must be ignored.
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg == '/') return fs::path(xdg) / "cnn-workbench" / "runs";
    if (const char* home = std::getenv("HOME"); home && *home)
        return fs::path(home) / ".local" / "share" / "cnn-workbench" / "runs";
    return fs::current_path() / "cnn-workbench-runs";
}

}  // namespace cnnwb
