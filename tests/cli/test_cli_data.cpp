// `cnnwb data make shapes-rgb`: runs the real binary and checks the folder it
// writes (a folder per class in train/ and test/, the counts, PNG files, a
// README that says the data is generated and how to make it again, the same
// bytes for the same seed), and that bad input is refused with a message
// naming it: a folder in use (exit 1), a bad count or kind (exit 2).
#include "cli_process.h"

#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {

const QStringList kClasses{"warm-circle", "warm-square", "warm-triangle", "warm-cross", "warm-ring",
                           "cool-circle", "cool-square", "cool-triangle", "cool-cross", "cool-ring"};

QStringList filesUnder(const QString& dir) {
    QStringList files;
    QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) files << it.next().mid(dir.size() + 1);
    files.sort();
    return files;
}

QByteArray contents(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

}  // namespace

class TestCliData : public QObject {
    Q_OBJECT
private slots:
    void makesAGeneratedImageFolder() {
        QTemporaryDir tmp;
        const QString dir = tmp.path() + "/shapes";
        const CliResult r = runCli({"data", "make", "shapes-rgb", dir, "--train", "50", "--test", "20", "--seed", "3"});
        QVERIFY2(r.code == 0, qPrintable(r.err + r.out));
        QVERIFY2(r.out.contains("GENERATED") && r.out.contains("not CIFAR-10") && r.out.contains(dir), qPrintable(r.out));
        QVERIFY2(r.err.contains("70 of 70 images"), qPrintable(r.err));  // the progress line

        const QStringList files = filesUnder(dir);
        QCOMPARE(files.size(), 70 + 1);
        QVERIFY(files.contains("README.txt"));
        for (const QString& half : {QString("train"), QString("test")}) {
            QStringList sorted = kClasses;
            sorted.sort();
            QCOMPARE(QDir(dir + "/" + half).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name), sorted);
            const int perClass = half == "train" ? 5 : 2;
            for (const QString& c : kClasses) {
                const QStringList pngs = QDir(dir + "/" + half + "/" + c).entryList(QDir::Files, QDir::Name);
                QCOMPARE(pngs.size(), perClass);
                QCOMPARE(pngs.first(), QString("00000.png"));
                for (const QString& png : pngs)
                    QVERIFY2(contents(dir + "/" + half + "/" + c + "/" + png).startsWith("\x89PNG\r\n\x1a\n"),
                             qPrintable(half + "/" + c + "/" + png));
            }
        }
        const QString readme = QString::fromUtf8(contents(dir + "/README.txt"));
        QVERIFY2(readme.contains("GENERATED") && readme.contains("NOT CIFAR-10"), qPrintable(readme));
        QVERIFY2(readme.contains("cnnwb data make shapes-rgb") && readme.contains("--train 50 --test 20 --seed 3"),
                 qPrintable(readme));
        QVERIFY2(readme.contains("train/: 50 images, test/: 20 images"), qPrintable(readme));

        // The same command elsewhere writes the same bytes; another seed, others.
        const QString again = tmp.path() + "/again", other = tmp.path() + "/other";
        QCOMPARE(runCli({"data", "make", "shapes-rgb", again, "--train", "50", "--test", "20", "--seed", "3"}).code, 0);
        QCOMPARE(runCli({"data", "make", "shapes-rgb", other, "--train", "50", "--test", "20", "--seed", "4"}).code, 0);
        int differing = 0;
        for (const QString& f : files) {
            if (f == "README.txt") continue;
            QCOMPARE(contents(again + "/" + f), contents(dir + "/" + f));
            differing += contents(other + "/" + f) != contents(dir + "/" + f);
        }
        QCOMPARE(differing, 70);
    }

    void aFolderInUseIsRefused() {
        QTemporaryDir tmp;
        QFile keep(tmp.path() + "/notes.txt");
        QVERIFY(keep.open(QIODevice::WriteOnly));
        keep.write("mine");
        keep.close();
        const CliResult r = runCli({"data", "make", "shapes-rgb", tmp.path(), "--train", "50", "--test", "20"});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(tmp.path()) && r.err.contains("is not empty"), qPrintable(r.err));
        QCOMPARE(filesUnder(tmp.path()), QStringList{"notes.txt"});
    }

    void badArgumentsAreUsageErrors() {
        QTemporaryDir tmp;
        const QString dir = tmp.path() + "/shapes";
        const struct {
            QStringList args;
            QString message;
        } cases[] = {
            {{"--train", "abc"}, "--train must be an integer from 10 to 100000; got 'abc'"},
            {{"--train", "5"}, "--train must be an integer from 10 to 100000; got '5'"},
            {{"--train", "100001"}, "--train must be an integer from 10 to 100000"},
            {{"--test", "-3"}, "--test must be an integer from 10 to 100000; got '-3'"},
            {{"--seed", "-1"}, "--seed must be an integer from 0 to 18446744073709551615; got '-1'"},
            {{"--seed", "x"}, "--seed must be an integer"},
        };
        for (const auto& c : cases) {
            const CliResult r = runCli(QStringList{"data", "make", "shapes-rgb", dir} + c.args);
            QCOMPARE(r.code, 2);
            QVERIFY2(r.err.contains(c.message), qPrintable(c.args.join(' ') + ": " + r.err));
        }
        QVERIFY(!QFileInfo::exists(dir));  // nothing written for a refused command

        const CliResult kind = runCli({"data", "make", "cifar10", dir});
        QCOMPARE(kind.code, 2);
        QVERIFY2(kind.err.contains("unknown kind 'cifar10'") && kind.err.contains("shapes-rgb"), qPrintable(kind.err));
        const CliResult command = runCli({"data", "fetch"});
        QCOMPARE(command.code, 2);
        QVERIFY2(command.err.contains("unknown command 'fetch'") && command.err.contains("make"), qPrintable(command.err));
        const CliResult missing = runCli({"data", "make", "shapes-rgb"});
        QCOMPARE(missing.code, 2);
        QCOMPARE(runCli({"data"}).code, 2);
    }

    void helpExplains() {
        const CliResult data = runCli({"data", "--help"});
        QCOMPARE(data.code, 0);
        QVERIFY2(data.out.contains("make KIND DIR") && data.out.contains("shapes-rgb") && data.out.contains("not CIFAR"),
                 qPrintable(data.out));
        const CliResult make = runCli({"data", "make", "--help"});
        QCOMPARE(make.code, 0);
        QVERIFY2(make.out.contains("--train") && make.out.contains("--test") && make.out.contains("--seed") &&
                     make.out.contains("GENERATED"),
                 qPrintable(make.out));
        const CliResult top = runCli({"--help"});
        QVERIFY2(top.out.contains("data make shapes-rgb"), qPrintable(top.out));
    }
};

QTEST_GUILESS_MAIN(TestCliData)
#include "test_cli_data.moc"
