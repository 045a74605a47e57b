// The command line against hostile input and rough endings: every bad file,
// argument or signal gives a message and an exit code (1 failure, 2 usage,
// 128 + signal when stopped), never a crash or a hang; SIGTERM stops a run
// and keeps it; a run killed with SIGKILL is found "interrupted" and
// continues from its last checkpoint to the numbers of an uninterrupted run.
// Runs the real `cnnwb` binary; the training cases use real MNIST (CNNWB_DATA).
#include "engine/runs/run_library.h"

#include "ui/test_support_training.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <fstream>

using namespace cnnwb;

namespace {

struct Result {
    int code = -1;  // the exit code, or -signal when killed by one
    QString out, err;
};

// Waits are for a Release build; sanitizer builds run 5-20 times slower and
// set CNNWB_TEST_TIMEOUT_SCALE (CMakePresets.json) rather than fail by the clock.
int scaled(int ms) { return ms * std::max(1, qEnvironmentVariableIntValue("CNNWB_TEST_TIMEOUT_SCALE")); }

Result runCli(const QStringList& args, const QString& runs, int timeoutMs = 120000) {
    timeoutMs = scaled(timeoutMs);
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("CNNWB_RUNS", runs);
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(CNNWB_CLI), args);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return {-1000, "", "timed out (a hang)"};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

// Runs the CLI with argv as raw bytes (names that are not UTF-8 cannot pass
// through QProcess's QStrings); returns the exit code.
int runRaw(const std::vector<std::string>& args, const std::string& runs) {
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::setenv("CNNWB_RUNS", runs.c_str(), 1);
        std::vector<char*> argv{const_cast<char*>(CNNWB_CLI)};
        for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        const int devnull = ::open("/dev/null", O_WRONLY);
        ::dup2(devnull, 1);
        ::execv(CNNWB_CLI, argv.data());
        ::_exit(127);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

void writeFile(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
}

std::string validSpecText() {
    return R"({"format": "cnn-workbench-model", "version": 1, "name": "tiny",
      "layers": [{"type": "Input", "name": "input", "shape": [28, 28, 1]},
                 {"type": "Conv2D", "name": "h1", "filters": 4, "kernel_size": 5, "strides": 2, "activation": "tanh"},
                 {"type": "Flatten", "name": "flatten"},
                 {"type": "Dense", "name": "output", "units": 10, "activation": "softmax"}],
      "data": {"dataset": "mnist"}})";
}

}  // namespace

class TestCliHostile : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString path(const QString& name) const { return dir_.filePath(name); }

private slots:
    void initTestCase() { QVERIFY(cnnwb::testing::requireMnist()); }

    void badInputsGiveAMessageAndAnExitCode_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("expected");  // in stderr; "@" stands for the temporary folder
        writeFile(path("deep.json").toStdString(), std::string(100000, '[') + std::string(100000, ']'));
        writeFile(path("big.json").toStdString(), R"({"format": "cnn-workbench-model", "version": 1e999})");
        std::string huge = validSpecText();
        huge.replace(huge.find("\"kernel_size\": 5"), 16, "\"kernel_size\": 1000000000, \"padding\": \"same\"");
        writeFile(path("huge-kernel.json").toStdString(), huge);
        writeFile(path("not-a-session.cnnwb").toStdString(), "hello");
        ::mkfifo(path("fifo.json").toUtf8().constData(), 0600);
        QDir().mkpath(path("empty-data"));
        const QString data = path("empty-data");

        auto row = [](const char* name, QStringList args, int code, const char* expected) {
            QTest::newRow(name) << args << code << QString(expected);
        };
        row("JSON nested 100000 deep", {"summary", "@/deep.json"}, 1, "nests lists or objects more than 64 levels deep");
        row("number beyond double", {"summary", "@/big.json"}, 1, "@/big.json: not valid JSON");
        row("kernel of a billion", {"summary", "@/huge-kernel.json"}, 1,
            "field 'kernel_size' must be an integer from 1 to 4096");
        row("a FIFO as spec", {"summary", "@/fifo.json"}, 1, "@/fifo.json: is not a regular file");
        row("a device as spec", {"summary", "/dev/zero"}, 1, "/dev/zero: is not a regular file");
        row("a folder as spec", {"summary", "@"}, 1, "is a folder");
        row("a FIFO as session", {"evaluate", "@/fifo.json"}, 1, "@/fifo.json: is not a regular file");
        row("not a session", {"evaluate", "@/not-a-session.cnnwb"}, 1, "not a CNN Workbench session file");
        row("empty data folder named", {"train", "e1-lenet1988", "--data", "@/empty-data", "--epochs", "1"}, 1,
            "@/empty-data");
        row("epochs beyond range", {"train", "e1-lenet1988", "--epochs", "99999999999"}, 2, "--epochs must be");
        row("setting beyond range", {"train", "e1-lenet1988", "--set", "layers.h1.kernel_size=1e300"}, 1,
            "must be an integer from 1 to 4096");
        row("unknown command", {"trian"}, 2, "unknown command 'trian'");
        row("seed beyond 32 bits", {"train", "e1-lenet1988", "--seed", "5000000000"}, 1,
            "--seed: training: field 'seed' must be an integer from 0 to 4294967295");
        row("--set without =", {"train", "e1-lenet1988", "--set", "layers.h1.activation"}, 1, "write PATH=VALUE");
        row("unknown setting path", {"sweep", "e1-lenet1988", "--set", "layers.h9.activation=relu"}, 1,
            "--set layers.h9.activation: unknown setting 'layers.h9.activation'");
        row("seeds not numbers", {"sweep", "e1-lenet1988", "--seeds", "1,x"}, 2, "--seeds wants integers from 0 to 4294967295");
        row("--continue on a preset", {"train", "e1-lenet1988", "--continue"}, 1, "--continue goes on from a stored run");
        row("GEMM of a million", {"bench", "--gemm-sizes", "1000000"}, 2, "--gemm-sizes from 1 to 8192");
        row("--out onto a folder", {"train", "e1-lenet1988", "--epochs", "1", "--max-batches", "1", "--out", "@"}, 1,
            ": cannot replace the file (it is a folder)");
        (void)data;
    }
    void badInputsGiveAMessageAndAnExitCode() {
        QFETCH(QStringList, args);
        QFETCH(int, code);
        QFETCH(QString, expected);
        for (QString& a : args) a.replace("@", dir_.path());
        expected.replace("@", dir_.path());
        const Result r = runCli(args, path("runs"), 30000);
        QVERIFY2(r.code == code, qPrintable(QString("exit %1, expected %2: %3").arg(r.code).arg(code).arg(r.err)));
        QVERIFY2(r.err.contains(expected), qPrintable(r.err));
    }

    // A file whose name is not UTF-8 (a Latin-1 "é") is found, and --out
    // writes exactly the name given.
    void fileNamesThatAreNotUtf8() {
        const std::string folder = dir_.path().toStdString();
        const std::string spec = folder + "/caf\xe9.json";
        writeFile(spec, validSpecText());
        QCOMPARE(runRaw({"summary", spec}, folder + "/runs"), 0);
        const std::string out = folder + "/r\xe9sultat.cnnwb";
        QCOMPARE(runRaw({"train", spec, "--epochs", "1", "--max-batches", "3", "--out", out}, folder + "/runs"), 0);
        struct stat st{};
        QCOMPARE(::stat(out.c_str(), &st), 0);
        QVERIFY(st.st_size > 0);
    }

    // SIGTERM (a shutdown, `kill`) stops like Ctrl-C: the run is kept as
    // stopped, --out is written, the exit code is 128 + 15.
    void sigtermStopsAndKeepsTheRun() {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("CNNWB_RUNS", path("term-runs"));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(CNNWB_CLI), {"train", "e3-cnn", "--epochs", "3", "--max-batches", "30", "--threads", "2",
                                            "--out", path("term.cnnwb"), "--json"});
        QVERIFY(p.waitForStarted());
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += p.readAllStandardOutput()).contains("\"event\":\"epoch\""), scaled(180000));
        ::kill(pid_t(p.processId()), SIGTERM);
        QVERIFY(p.waitForFinished(scaled(120000)));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 143);
        QVERIFY(QFileInfo(path("term.cnnwb")).size() > 0);
        RunLibrary library(path("term-runs").toStdString());
        const std::vector<RunRow> runs = library.list();
        QCOMPARE(runs.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(runs[0].status), QString("stopped"));
        QVERIFY(runs[0].epochsDone >= 1);
    }

    // kill -9 mid-run: the library shows the run as interrupted, with the
    // epochs its checkpoints hold; --continue finishes it in place (same id)
    // with the weights of a run that was never interrupted.
    void aKilledRunContinuesFromItsCheckpoint() {
        const QStringList common{"--epochs", "2", "--max-batches", "25", "--threads", "2", "--json"};
        const Result whole = runCli(QStringList{"train", "e3-cnn"} + common, path("whole-runs"), 600000);
        QVERIFY2(whole.code == 0, qPrintable(whole.err));

        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("CNNWB_RUNS", path("killed-runs"));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(CNNWB_CLI), QStringList{"train", "e3-cnn"} + common);
        QVERIFY(p.waitForStarted());
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += p.readAllStandardOutput()).contains("\"event\":\"epoch\""), scaled(300000));
        ::kill(pid_t(p.processId()), SIGKILL);
        QVERIFY(p.waitForFinished(scaled(60000)));

        RunLibrary killed(path("killed-runs").toStdString());
        const std::vector<RunRow> before = killed.list();
        QCOMPARE(before.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(before[0].status), QString("interrupted"));
        const std::string id = before[0].id;

        const Result resumed = runCli({"train", QString::fromStdString(id), "--continue", "--max-batches", "25", "--threads", "2", "--json"},
                                      path("killed-runs"), 600000);
        QVERIFY2(resumed.code == 0, qPrintable(resumed.err));
        const std::vector<RunRow> after = killed.list();
        QCOMPARE(after.size(), std::size_t(1));  // the same run, finished in place
        QCOMPARE(after[0].id, id);
        QCOMPARE(QString::fromStdString(after[0].status), QString("finished"));
        QCOMPARE(after[0].epochsDone, 2);

        RunLibrary reference(path("whole-runs").toStdString());
        const Session a = reference.load(reference.list().at(0).id), b = killed.load(id);
        QVERIFY(a.weights == b.weights);  // bit for bit
        QCOMPARE(a.history.epochs.back().train.loss, b.history.epochs.back().train.loss);
    }
};

QTEST_GUILESS_MAIN(TestCliHostile)
#include "test_cli_hostile.moc"
