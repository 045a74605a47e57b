// Session files (.cnnwb) as someone else might send them: not files at all,
// cut short, with lengths, counts and numbers chosen to overflow. Every case
// must end in a SpecError that names the file and says what is wrong, never
// in an abort, a hang or a huge allocation. A diverged run's NaN loss must
// survive the round trip. A save that fails (a folder in the way, a full
// disk) says why and leaves the previous file byte for byte.
#include "engine/errors.h"
#include "engine/presets.h"
#include "engine/session_file.h"

#include <QtTest>

#include <sys/resource.h>
#include <sys/stat.h>

#include <csignal>

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

using namespace cnnwb;

namespace {

// A session file split into its parts, so a test can change one and write it back.
struct RawSession {
    std::string magicLine;  // "CNNWB-SESSION 1\n"
    Json header;
    std::string data;

    static RawSession read(const std::string& path) {
        std::ifstream in(path, std::ios::binary);
        std::ostringstream all;
        all << in.rdbuf();
        const std::string bytes = all.str();
        RawSession r;
        const std::size_t eol = bytes.find('\n');
        r.magicLine = bytes.substr(0, eol + 1);
        std::uint64_t len = 0;
        for (int i = 0; i < 8; ++i) len |= std::uint64_t(static_cast<unsigned char>(bytes[eol + 1 + i])) << (8 * i);
        r.header = Json::parse(bytes.substr(eol + 9, len));
        r.data = bytes.substr(eol + 9 + len);
        return r;
    }
    void write(const std::string& path, const std::string& headerText) const {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << magicLine;
        const std::uint64_t len = headerText.size();
        for (int i = 0; i < 8; ++i) out.put(char((len >> (8 * i)) & 0xFF));
        out << headerText << data;
    }
    void write(const std::string& path) const { write(path, header.dump()); }
};

std::string messageOf(const std::string& path) {
    try {
        loadSession(path);
    } catch (const SpecError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

class TestSessionHostile : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::string valid_;

    std::string path(const char* name) const { return dir_.filePath(name).toStdString(); }

private slots:
    void initTestCase() {
        Session s = untrainedSession(loadPreset("e1-lenet1988"));
        s.weights["h1/kernel"] = {1.0f, 2.0f, 3.0f};
        s.weights["h1/bias"] = {0.5f};
        s.history.batches.push_back({1, 1, 10, 2.5, 0.1, 100.0, 0.5});
        valid_ = path("valid.cnnwb");
        saveSession(s, valid_);
        QCOMPARE(messageOf(valid_), std::string());
    }

    void notARegularFile_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing") << "missing" << ": no such file";
        QTest::newRow("folder") << "folder" << ": is not a regular file; a session is read from a .cnnwb file";
        QTest::newRow("fifo") << "fifo" << ": is not a regular file; a session is read from a .cnnwb file";
        QTest::newRow("device") << "device" << ": is not a regular file; a session is read from a .cnnwb file";
    }
    void notARegularFile() {
        QFETCH(QString, kind);
        QFETCH(QString, expected);
        std::string file = path(qPrintable("target-" + kind));
        if (kind == "folder") QVERIFY(QDir().mkpath(QString::fromStdString(file)));
        if (kind == "fifo") QCOMPARE(::mkfifo(file.c_str(), 0600), 0);
        if (kind == "device") file = "/dev/zero";
        QCOMPARE(messageOf(file), file + expected.toStdString());
    }

    // Each row changes one thing in a valid file and names what the message must say.
    void damagedFiles_data() {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("expected");
        auto row = [](const char* name, const char* expected) { QTest::newRow(name) << QString(name) << QString(expected); };
        row("cut short", "it may have been cut short");
        row("header length beyond the file", ": damaged (header length larger than the file)");
        row("tensor count overflowing", ": damaged tensor index");
        row("tensor offset overflowing", ": damaged tensor index");
        row("data size beyond the file", ": damaged (expected");
        row("data size beyond 63 bits", ": 'data_bytes' must be an integer from 0 to 9223372036854775807");
        row("seed as a huge float", ": 'seed' must be an integer from 0 to 4294967295; got the number 1e+300");
        row("negative threads", ": 'threads' must be an integer from 0 to 65536; got the integer -3");
        row("history count as text", ": the training history: a count must be an integer from 0 to 2147483647");
        row("history loss as text", ": the training history: expected a number; got the string \"x\"");
        row("header nested deeply", ": damaged header (nests lists or objects more than 64 levels deep");
        row("number beyond double", ": damaged header (not valid JSON");
        row("spec with a bad layer", ": spec: layer 2 (Conv2D 'h1'): field 'kernel_size' must be an integer from 1 to 4096");
        row("header not an object", ": damaged header (");
    }
    void damagedFiles() {
        QFETCH(QString, damage);
        QFETCH(QString, expected);
        const std::string file = path("damaged.cnnwb");
        RawSession raw = RawSession::read(valid_);
        std::string headerText;
        if (damage == "cut short") raw.data.resize(raw.data.size() - 4);
        if (damage == "tensor count overflowing") raw.header["tensors"][0]["count"] = std::uint64_t(1) << 62;
        if (damage == "tensor offset overflowing") raw.header["tensors"][0]["offset"] = std::uint64_t(1) << 62;
        if (damage == "data size beyond the file") raw.header["data_bytes"] = std::uint64_t(1) << 62;
        if (damage == "data size beyond 63 bits") raw.header["data_bytes"] = std::numeric_limits<std::uint64_t>::max() - 8;
        if (damage == "seed as a huge float") raw.header["seed"] = 1e300;
        if (damage == "negative threads") raw.header["threads"] = -3;
        if (damage == "history count as text") raw.header["history"]["batches"][0][0] = "1";
        if (damage == "history loss as text") raw.header["history"]["batches"][0][3] = "x";
        if (damage == "spec with a bad layer") raw.header["spec"]["layers"][1]["kernel_size"] = 1e12;
        if (damage == "header not an object") raw.header = Json::array({1, 2});
        headerText = raw.header.dump();
        if (damage == "header nested deeply") headerText = std::string(100000, '[') + std::string(100000, ']');
        if (damage == "number beyond double") headerText.insert(1, "\"big\": 1e999, ");
        raw.write(file, headerText);
        if (damage == "header length beyond the file") {
            std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
            f.seekp(std::streamoff(raw.magicLine.size()));
            for (int i = 0; i < 8; ++i) f.put(char(0xFF));
        }
        const std::string message = messageOf(file);
        QVERIFY2(message.rfind(file, 0) == 0, ("the message does not start with the file: " + message).c_str());
        QVERIFY2(message.find(expected.toStdString()) != std::string::npos, message.c_str());
    }

    std::string bytesOf(const std::string& file) const {
        std::ifstream in(file, std::ios::binary);
        std::ostringstream all;
        all << in.rdbuf();
        return all.str();
    }
    bool noTemporaryLeft() const {
        for (const QString& name : QDir(dir_.path()).entryList(QDir::Files))
            if (name.contains(".saving-")) return false;
        return true;
    }

    void savingOntoAFolderSaysSo() {
        const std::string folder = path("a-folder.cnnwb");
        QVERIFY(QDir().mkpath(QString::fromStdString(folder)));
        try {
            saveSession(loadSession(valid_), folder);
            QFAIL("saved onto a folder");
        } catch (const SpecError& e) {
            QCOMPARE(std::string(e.what()), folder + ": cannot replace the file (it is a folder); the previous file is untouched");
        }
        QVERIFY(noTemporaryLeft());
    }

    // A full disk, made with a file-size limit: every write past 64 KB fails (EFBIG) as ENOSPC would.
    void aFullDiskLeavesThePreviousFileByteForByte() {
        const std::string file = path("kept.cnnwb");
        saveSession(loadSession(valid_), file);
        const std::string before = bytesOf(file);
        Session big = loadSession(valid_);
        big.weights["h1/kernel"].assign(1 << 20, 0.25f);  // 4 MB of weights
        struct rlimit old {};
        QCOMPARE(::getrlimit(RLIMIT_FSIZE, &old), 0);
        struct rlimit small = old;
        small.rlim_cur = 64 << 10;
        const auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);  // the write fails instead of killing the process
        QCOMPARE(::setrlimit(RLIMIT_FSIZE, &small), 0);
        std::string message;
        try {
            saveSession(big, file);
        } catch (const SpecError& e) {
            message = e.what();
        }
        ::setrlimit(RLIMIT_FSIZE, &old);
        std::signal(SIGXFSZ, oldHandler);
        QCOMPARE(message, file + ": writing failed (disk full?); the previous file is untouched");
        QCOMPARE(bytesOf(file), before);
        QVERIFY(noTemporaryLeft());
        QCOMPARE(messageOf(file), std::string());
    }

    // JSON has no NaN: a diverged run's loss is written as null and must come back as NaN.
    void divergedRunRoundTrips() {
        Session s = untrainedSession(loadPreset("e1-lenet1988"));
        const double nan = std::numeric_limits<double>::quiet_NaN();
        s.history.batches.push_back({1, 1, 10, nan, 0.1, 100.0, 0.5});
        EpochStats e;
        e.epoch = 1;
        e.train = {nan, 0.1};
        s.history.epochs.push_back(e);
        const std::string file = path("diverged.cnnwb");
        saveSession(s, file);
        const Session back = loadSession(file);
        QVERIFY(std::isnan(back.history.batches.at(0).loss));
        QVERIFY(std::isnan(back.history.epochs.at(0).train.loss));
        QCOMPARE(back.history.batches.at(0).accuracy, 0.1);
    }
};

QTEST_GUILESS_MAIN(TestSessionHostile)
#include "test_session_hostile.moc"
