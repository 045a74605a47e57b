// Downloader against a local HTTP server (plain POSIX sockets on 127.0.0.1,
// an ephemeral port, its own thread; every wait is bounded and it stops by
// itself): MD5-checked success, corrupt data, a dropped connection resumed
// with Range, mirror fallback, stalls, cancelling, and the CIFAR tar.gz path.
// Also MD5 (OpenSSL) against RFC 1321's test suite, and tar extraction
// (libarchive) refusing hostile archives: paths out of the folder, links,
// special files, oversized members, a FIFO for an archive.
#include "local_http_server.h"
#include "test_data_hostile.h"
#include "test_data_util.h"

#include "engine/data/data_locator.h"
#include "engine/data/downloader.h"
#include "engine/data/md5.h"
#include "engine/data/tar_extract.h"

#include <QTemporaryDir>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <map>
#include <mutex>
#include <random>
#include <thread>

using namespace cnnwb;
using namespace testdata;
namespace fs = std::filesystem;

namespace {


Bytes randomBytes(std::size_t n, std::uint32_t seed) {
    std::mt19937 rng(seed);
    Bytes b(n, '\0');
    for (char& c : b) c = char(rng() & 0xFF);
    return b;
}

std::string md5Of(const Bytes& b) { return md5Hex(b.data(), b.size()); }

struct TarMember {
    std::string name;
    Bytes content;
    char type = '0';   // '0' file, '1' hard link, '2' symbolic link, '5' folder, '6' FIFO
    std::string link;  // the target of a link
    std::uint64_t declaredSize = 0;  // when set: the size the header claims, whatever the content
};

// A ustar archive; names over 100 characters use the prefix field. A name
// ending in '/' is a folder.
Bytes makeTar(const std::vector<TarMember>& members) {
    Bytes tar;
    for (const TarMember& m : members) {
        const std::string& name = m.name;
        const Bytes& content = m.content;
        char h[512] = {};
        std::string base = name, prefix;
        if (name.size() > 100) {
            const auto slash = name.rfind('/', name.size() - 2);
            prefix = name.substr(0, slash);
            base = name.substr(slash + 1);
        }
        std::memcpy(h, base.data(), base.size());
        const bool dir = name.back() == '/';
        std::snprintf(h + 100, 8, "%07o", dir ? 0755 : 0644);
        std::snprintf(h + 108, 8, "%07o", 0);
        std::snprintf(h + 116, 8, "%07o", 0);
        std::snprintf(h + 124, 12, "%011lo", static_cast<unsigned long>(m.declaredSize ? m.declaredSize : content.size()));
        std::snprintf(h + 136, 12, "%011o", 0);
        h[156] = dir ? '5' : m.type;
        std::memcpy(h + 157, m.link.data(), std::min<std::size_t>(m.link.size(), 100));
        std::memcpy(h + 257, "ustar", 6);
        std::memcpy(h + 263, "00", 2);
        std::memcpy(h + 345, prefix.data(), prefix.size());
        std::memset(h + 148, ' ', 8);
        unsigned sum = 0;
        for (unsigned char c : h) sum += c;
        std::snprintf(h + 148, 8, "%06o", sum);
        tar.append(h, 512);
        tar += content;
        tar.append((512 - content.size() % 512) % 512, '\0');
    }
    tar.append(1024, '\0');
    return tar;
}

std::vector<std::string> filesIn(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

DownloadOptions fastOptions() {
    DownloadOptions o;
    o.connectTimeoutSeconds = 5;
    o.stallTimeoutSeconds = 5;
    o.totalTimeoutSeconds = 30;
    o.retryDelayMilliseconds = 0;
    return o;
}

}  // namespace

class TestDataDownloader : public QObject {
    Q_OBJECT

private:
    QTemporaryDir tmp_;
    std::unique_ptr<LocalHttpServer> server_;
    fs::path dir_;

private slots:
    void initTestCase() {
        QVERIFY(tmp_.isValid());
        // A proxy from the environment would send loopback requests elsewhere.
        for (const char* v : {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"})
            qunsetenv(v);
    }
    void init() {
        server_ = std::make_unique<LocalHttpServer>();
        QVERIFY(server_->ok());
        static int n = 0;
        dir_ = fs::path(tmp_.path().toStdString()) / ("case" + std::to_string(++n));
        fs::create_directories(dir_);
    }
    void cleanup() { server_.reset(); }

    // The test suite of RFC 1321, appendix A.5.
    void md5KnownAnswers_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArray>("md5");
        QTest::newRow("empty") << QByteArray("") << QByteArray("d41d8cd98f00b204e9800998ecf8427e");
        QTest::newRow("a") << QByteArray("a") << QByteArray("0cc175b9c0f1b6a831c399e269772661");
        QTest::newRow("abc") << QByteArray("abc") << QByteArray("900150983cd24fb0d6963f7d28e17f72");
        QTest::newRow("message digest") << QByteArray("message digest") << QByteArray("f96b697d7cb7938d525a2f31aaf161d0");
        QTest::newRow("a..z") << QByteArray("abcdefghijklmnopqrstuvwxyz") << QByteArray("c3fcd3d76192e4007dfb496cca67e13b");
        QTest::newRow("A..Za..z0..9") << QByteArray("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
                                      << QByteArray("d174ab98d277d9f5a5611c2c9f419d9f");
        QTest::newRow("8 × 1234567890")
            << QByteArray("12345678901234567890123456789012345678901234567890123456789012345678901234567890")
            << QByteArray("57edf4a22be3c955ac49da2e2107b67a");
    }
    void md5KnownAnswers() {
        QFETCH(QByteArray, text);
        QFETCH(QByteArray, md5);
        QCOMPARE(QByteArray::fromStdString(md5Hex(text.constData(), std::size_t(text.size()))), md5);
        Md5 pieces;  // fed in uneven pieces
        for (qsizetype i = 0; i < text.size(); i += 7)
            pieces.update(text.constData() + i, std::size_t(std::min<qsizetype>(7, text.size() - i)));
        QCOMPARE(QByteArray::fromStdString(pieces.hexDigest()), md5);
        writeRaw(dir_ / "vector.txt", text.toStdString());
        QCOMPARE(QByteArray::fromStdString(md5OfFile(dir_ / "vector.txt")), md5);
    }

    void md5OfFiles() {
        // A million 'a' (a well-known vector), read in more than one chunk when doubled.
        writeRaw(dir_ / "million-a", Bytes(1000000, 'a'));
        QCOMPARE(md5OfFile(dir_ / "million-a"), std::string("7707d6ae4e027c70eea2a935c2296f21"));
        const Bytes big = randomBytes(3 << 20, 11);  // across the 1 MiB read chunks
        writeRaw(dir_ / "big", big);
        QCOMPARE(md5OfFile(dir_ / "big"), md5Of(big));

        QVERIFY_CONTAINS(dataErrorOf([&] { md5OfFile(dir_ / "absent"); }),
                         QString::fromStdString((dir_ / "absent").string()) + ": cannot compute its checksum");
        const fs::path fifo = dir_ / "pipe";
        QVERIFY(makeFifo(fifo));
        const TimedError piped = dataErrorReadingFifo(fifo, [&] { md5OfFile(fifo); });
        QVERIFY_CONTAINS(piped.message, QString::fromStdString(fifo.string()) +
                                            ": cannot compute its checksum: not a regular file");
        QVERIFY2(piped.seconds < 2, qPrintable(QString("took %1 s").arg(piped.seconds)));
    }

    void downloadsDatasetWithChecksumsAndProgress() {
        const Bytes big = randomBytes(300000, 1), small = randomBytes(3000, 2);
        server_->setRoute("/m/big.gz", {big});
        server_->setRoute("/m/small.gz", {small});
        DatasetSource source;
        source.id = "toy";
        source.mirrors = {server_->url("/m/")};
        source.files = {{"big.gz", md5Of(big)}, {"small.gz", md5Of(small)}};

        std::vector<DownloadProgress> progress;
        DownloadOptions options = fastOptions();
        options.progress = [&](const DownloadProgress& p) {
            progress.push_back(p);
            return true;
        };
        const fs::path folder = downloadDataset(source, dir_, options);
        QCOMPARE(folder, dir_ / "toy");
        QCOMPARE(filesIn(folder), (std::vector<std::string>{"big.gz", "small.gz"}));  // no .part left
        QCOMPARE(readAll(folder / "big.gz"), big);
        QVERIFY(!progress.empty());
        QCOMPARE(progress.front().file, std::string("big.gz"));
        QCOMPARE(progress.back().file, std::string("small.gz"));
        QCOMPARE(progress.back().bytesDone, std::uint64_t(3000));
        QCOMPARE(progress.back().bytesTotal, std::uint64_t(3000));

        // Present with the right checksum: not fetched again.
        const std::size_t before = server_->requests().size();
        downloadDataset(source, dir_, options);
        QCOMPARE(server_->requests().size(), before);
    }

    void corruptDownloadLeavesNothing() {
        const Bytes good = randomBytes(50000, 3);
        Bytes bad = good;
        bad[1234] = char(bad[1234] ^ 1);
        server_->setRoute("/m/data.gz", {bad});
        DatasetSource source{"toy", {server_->url("/m/")}, {{"data.gz", md5Of(good)}}, false, {}};
        QString msg;
        try {
            downloadDataset(source, dir_, fastOptions());
            msg = "<no exception>";
        } catch (const ChecksumError& e) {
            msg = e.what();
        } catch (const std::exception& e) {
            msg = QString("<wrong exception type> ") + e.what();
        }
        QVERIFY_CONTAINS(msg, "Could not download data.gz");
        QVERIFY_CONTAINS(msg, "checksum mismatch");
        QVERIFY_CONTAINS(msg, QString::fromStdString("expected " + md5Of(good)));
        QVERIFY(filesIn(dir_ / "toy").empty());
    }

    void droppedConnectionResumesWithRange() {
        const Bytes body = randomBytes(100000, 4);
        LocalHttpServer::Route route{body};
        route.dropFirst = 1;
        route.dropAfter = 40000;
        server_->setRoute("/m/file.bin", route);
        std::vector<std::string> notes;
        DownloadOptions options = fastOptions();
        options.log = [&](const std::string& s) { notes.push_back(s); };
        downloadFile({server_->url("/m/")}, {"file.bin", md5Of(body)}, dir_ / "file.bin", options);
        QCOMPARE(readAll(dir_ / "file.bin"), body);
        const auto requests = server_->requestsFor("/m/file.bin");
        QCOMPARE(requests.size(), std::size_t(2));
        QCOMPARE(requests[0].range, std::string());
        QCOMPARE(requests[1].range, std::string("bytes=40000-"));
        QCOMPARE(notes.size(), std::size_t(1));  // the drop was noted
        QVERIFY(!fs::exists(dir_ / "file.bin.part"));
    }

    void fallsBackToTheNextMirrorOn404() {
        const Bytes body = randomBytes(20000, 5);
        server_->setRoute("/second/file.bin", {body});
        downloadFile({server_->url("/first/"), server_->url("/second")}, {"file.bin", md5Of(body)}, dir_ / "file.bin",
                     fastOptions());
        QCOMPARE(readAll(dir_ / "file.bin"), body);
        QCOMPARE(server_->requestsFor("/first/file.bin").size(), std::size_t(1));  // a 404 is not retried
        QCOMPARE(server_->requestsFor("/second/file.bin").size(), std::size_t(1));
    }

    void allMirrorsFailingListsEachOne() {
        const QString msg = dataErrorOf([&] {
            downloadFile({server_->url("/a/"), server_->url("/b/")}, {"gone.bin", ""}, dir_ / "gone.bin", fastOptions());
        });
        QVERIFY_CONTAINS(msg, QString::fromStdString(server_->url("/a/gone.bin")) + " (attempt 1): HTTP 404");
        QVERIFY_CONTAINS(msg, QString::fromStdString(server_->url("/b/gone.bin")) + " (attempt 1): HTTP 404");
        QVERIFY(!fs::exists(dir_ / "gone.bin"));
    }

    void serverIgnoringRangeRestartsCleanly() {
        const Bytes body = randomBytes(30000, 6);
        LocalHttpServer::Route route{body};
        route.ignoreRange = true;
        server_->setRoute("/m/file.bin", route);
        writeRaw(dir_ / "file.bin.part", randomBytes(500, 7));  // a stale partial download
        downloadFile({server_->url("/m/")}, {"file.bin", md5Of(body)}, dir_ / "file.bin", fastOptions());
        QCOMPARE(readAll(dir_ / "file.bin"), body);
        QCOMPARE(server_->requestsFor("/m/file.bin").front().range, std::string("bytes=500-"));
    }

    void completePartIsAcceptedOn416() {
        const Bytes body = randomBytes(8000, 8);
        server_->setRoute("/m/file.bin", {body});
        writeRaw(dir_ / "file.bin.part", body);  // fully downloaded before an interruption
        downloadFile({server_->url("/m/")}, {"file.bin", md5Of(body)}, dir_ / "file.bin", fastOptions());
        QCOMPARE(readAll(dir_ / "file.bin"), body);
        QCOMPARE(server_->requestsFor("/m/file.bin").size(), std::size_t(1));
    }

    void stalledServerTimesOut() {
        LocalHttpServer::Route route;
        route.stall = true;
        server_->setRoute("/m/slow.bin", route);
        DownloadOptions options = fastOptions();
        options.stallTimeoutSeconds = 1;
        options.attemptsPerMirror = 2;
        const auto start = std::chrono::steady_clock::now();
        const QString msg = dataErrorOf([&] { downloadFile({server_->url("/m/")}, {"slow.bin", ""}, dir_ / "slow.bin", options); });
        const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        QVERIFY_CONTAINS(msg, "Could not download slow.bin");
        QVERIFY_CONTAINS(msg, "(attempt 2)");
        QVERIFY2(seconds < 15, qPrintable(QString("took %1 s").arg(seconds)));
    }

    void unreachableMirrorFailsQuickly() {
        int port = 0;
        {  // a port that was free a moment ago: nothing listens there
            LocalHttpServer probe;
            port = std::stoi(probe.url("").substr(std::string("http://127.0.0.1:").size()));
        }
        DownloadOptions options = fastOptions();
        options.attemptsPerMirror = 1;
        const QString msg = dataErrorOf([&] {
            downloadFile({"http://127.0.0.1:" + std::to_string(port) + "/"}, {"x.bin", ""}, dir_ / "x.bin", options);
        });
        QVERIFY_CONTAINS(msg, "Could not download x.bin");
        QVERIFY(!fs::exists(dir_ / "x.bin"));
    }

    void cancellingKeepsThePartForLater() {
        const Bytes body = randomBytes(200000, 9);
        server_->setRoute("/m/file.bin", {body});
        DownloadOptions options = fastOptions();
        options.progress = [](const DownloadProgress&) { return false; };
        QString msg;
        try {
            downloadFile({server_->url("/m/")}, {"file.bin", md5Of(body)}, dir_ / "file.bin", options);
        } catch (const DownloadCancelled& e) {
            msg = e.what();
        }
        QVERIFY_CONTAINS(msg, "cancelled");
        QVERIFY(fs::exists(dir_ / "file.bin.part"));
        QVERIFY(!fs::exists(dir_ / "file.bin"));

        downloadFile({server_->url("/m/")}, {"file.bin", md5Of(body)}, dir_ / "file.bin", fastOptions());
        QCOMPARE(readAll(dir_ / "file.bin"), body);
        QVERIFY(!server_->requestsFor("/m/file.bin").back().range.empty());  // resumed
    }

    // A server that accepts and never answers: a cancel asked meanwhile ends
    // the download as cancelled (not as the stall's failure after retries).
    void cancellingWhileTheServerIsSilent() {
        server_->setRoute("/quiet/file.bin", {.stall = true});
        DownloadOptions options = fastOptions();
        std::atomic<int> asked = 0;
        options.cancelRequested = [&] { return ++asked >= 2; };
        QString msg;
        try {
            downloadFile({server_->url("/quiet/")}, {"file.bin", ""}, dir_ / "quiet.bin", options);
        } catch (const DownloadCancelled& e) {
            msg = e.what();
        } catch (const std::exception& e) {
            msg = QString("not cancelled: ") + e.what();
        }
        QVERIFY_CONTAINS(msg, "Download of file.bin cancelled");
        QVERIFY(asked >= 2);
        QVERIFY(!fs::exists(dir_ / "quiet.bin"));
    }

    void cifarArchiveIsUnpackedAndLoadable() {
        std::vector<TarMember> members{{"cifar-10-batches-bin/", {}}};
        for (int i = 1; i <= 5; ++i)
            members.push_back({"cifar-10-batches-bin/data_batch_" + std::to_string(i) + ".bin", cifarRecords({i, 0, 8}, std::size_t(i) * 3)});
        members.push_back({"cifar-10-batches-bin/test_batch.bin", cifarRecords({8, 0})});
        members.push_back({"cifar-10-batches-bin/batches.meta.txt", "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n"});
        members.push_back({"cifar-10-batches-bin/readme.html", "<html></html>"});
        members.push_back({std::string(90, 'd') + "/" + std::string(30, 'e') + "/notes.txt", "long name in the prefix field"});
        writeGz(dir_ / "made.tar.gz", makeTar(members));
        const Bytes archive = readAll(dir_ / "made.tar.gz");
        server_->setRoute("/kriz/cifar-10-binary.tar.gz", {archive});

        DatasetSource source = cifar10Source();
        source.mirrors = {server_->url("/kriz/")};
        source.files = {{"cifar-10-binary.tar.gz", md5Of(archive)}};
        const fs::path data = dir_ / "data";
        const fs::path folder = downloadDataset(source, data, fastOptions());
        QCOMPARE(folder, data / "cifar10");
        QCOMPARE(filesIn(folder), (std::vector<std::string>{"batches.meta.txt", "data_batch_1.bin", "data_batch_2.bin",
                                                            "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin",
                                                            "test_batch.bin"}));  // archive deleted, extras skipped
        const Dataset train = loadCifar10(DataSplit::Train, data);
        QCOMPARE(train.size(), std::size_t(15));
        QCOMPARE(train.labels[3], 2);
        QCOMPARE(train.samplePixels(14)[5], cifarPixel(17, 0, 0, 5));
        QCOMPARE(loadCifar10(DataSplit::Test, data).labels, (std::vector<int>{8, 0}));
    }

    void corruptTarIsRejected() {
        Bytes tar = makeTar({{"data_batch_1.bin", cifarRecords({1})}});
        tar[10] = 'X';  // breaks the header checksum
        writeRaw(dir_ / "bad.tar", tar);
        const QString msg = dataErrorOf([&] { extractFromTar(dir_ / "bad.tar", dir_, {"data_batch_1.bin"}); });
        QVERIFY_CONTAINS(msg, "bad.tar: not a tar archive, or a damaged one (libarchive: ");

        Bytes cut = makeTar({{"data_batch_1.bin", cifarRecords({1})}});
        cut.resize(2000);
        writeGz(dir_ / "cut.tar.gz", cut);
        const QString cutMsg = dataErrorOf([&] { extractFromTar(dir_ / "cut.tar.gz", dir_, {"data_batch_1.bin"}); });
        QVERIFY_CONTAINS(cutMsg, "cut.tar.gz: not a tar archive, or a damaged or truncated one (data of member 'data_batch_1.bin'");
        QVERIFY_CONTAINS(cutMsg, "Truncated");
        QVERIFY(!fs::exists(dir_ / "data_batch_1.bin"));
        QVERIFY(!fs::exists(dir_ / "data_batch_1.bin.part"));
    }

    // Each archive holds good members first, then one that could write
    // outside the target folder or is not a plain file: the whole archive is
    // refused, naming it and the member, and nothing is left anywhere.
    void hostileArchiveIsRefused_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("link");
        QTest::addColumn<QChar>("type");
        QTest::addColumn<QString>("reason");
        const QString absolute = QString::fromStdString((dir_.parent_path() / "abs-evil").string());
        QTest::newRow("../evil") << "../evil" << "" << QChar('0') << "its path climbs out of the folder with '..'";
        QTest::newRow("deep ..") << "cifar-10-batches-bin/../../evil" << "" << QChar('0') << "climbs out of the folder";
        QTest::newRow("backslash ..") << "..\\evil" << "" << QChar('0') << "climbs out of the folder";
        QTest::newRow("absolute") << absolute << "" << QChar('0') << "it has an absolute path";
        QTest::newRow("symlink") << "cifar-10-batches-bin/data_batch_2.bin" << "/etc/passwd" << QChar('2')
                                 << "is a symbolic link (to '/etc/passwd'); refusing the archive: only regular files and folders are unpacked";
        QTest::newRow("symlink up") << "evil" << "../../evil" << QChar('2') << "is a symbolic link (to '../../evil')";
        QTest::newRow("hard link") << "cifar-10-batches-bin/data_batch_2.bin" << "../outside" << QChar('1')
                                   << "is a hard link (to '../outside'); refusing the archive";
        QTest::newRow("fifo") << "cifar-10-batches-bin/data_batch_2.bin" << "" << QChar('6') << "is a named pipe (FIFO)";
        QTest::newRow("device") << "cifar-10-batches-bin/data_batch_2.bin" << "" << QChar('3') << "is a character device";
        QTest::newRow("twice") << "elsewhere/data_batch_1.bin" << "" << QChar('0')
                               << "a second file named data_batch_1.bin; refusing an archive that holds it twice";
    }
    void hostileArchiveIsRefused() {
        QFETCH(QString, name);
        QFETCH(QString, link);
        QFETCH(QChar, type);
        QFETCH(QString, reason);
        const fs::path out = dir_ / "out" / "cifar10";
        fs::create_directories(out);
        std::vector<TarMember> members{{"cifar-10-batches-bin/", {}},
                                       {"cifar-10-batches-bin/data_batch_1.bin", cifarRecords({1})},
                                       {name.toStdString(), type == '0' ? Bytes("pwned") : Bytes(), char(type.unicode()),
                                        link.toStdString()},
                                       {"cifar-10-batches-bin/test_batch.bin", cifarRecords({2})}};
        writeGz(dir_ / "hostile.tar.gz", makeTar(members));
        const QString msg = dataErrorOf([&] {
            extractFromTar(dir_ / "hostile.tar.gz", out, {"data_batch_1.bin", "data_batch_2.bin", "test_batch.bin", "evil"});
        });
        QVERIFY_CONTAINS(msg, QString::fromStdString((dir_ / "hostile.tar.gz").string()) + ": member '" + name + "'");
        QVERIFY_CONTAINS(msg, reason);
        QVERIFY(filesIn(out).empty());  // data_batch_1.bin was taken out, then removed again
        for (const fs::path& p : {dir_ / "out" / "evil", dir_ / "evil", dir_.parent_path() / "evil",
                                  dir_.parent_path() / "abs-evil", dir_ / "out" / "outside"})
            QVERIFY2(!fs::exists(fs::symlink_status(p)), p.c_str());
    }

    // The same through the downloader: the message reaches the user.
    void downloadOfAHostileArchiveFails() {
        writeGz(dir_ / "made.tar.gz", makeTar({TarMember{"../../evil", "pwned"}}));
        const Bytes archive = readAll(dir_ / "made.tar.gz");
        server_->setRoute("/kriz/cifar-10-binary.tar.gz", {archive});
        DatasetSource source = cifar10Source();
        source.mirrors = {server_->url("/kriz/")};
        source.files = {{"cifar-10-binary.tar.gz", md5Of(archive)}};
        const QString msg = dataErrorOf([&] { downloadDataset(source, dir_ / "data", fastOptions()); });
        QVERIFY_CONTAINS(msg, "cifar-10-binary.tar.gz: member '../../evil': its path climbs out of the folder with '..'");
        QVERIFY(!fs::exists(dir_ / "evil"));
        QVERIFY(!fs::exists(dir_.parent_path() / "evil"));
    }

    // A header claiming 300 MiB for a wanted member is refused before any of
    // it is written; an unwanted one is merely skipped.
    void oversizedMemberIsRefused() {
        TarMember huge{"cifar-10-batches-bin/data_batch_1.bin", cifarRecords({1})};
        huge.declaredSize = std::uint64_t(300) << 20;
        writeGz(dir_ / "huge.tar.gz", makeTar({huge}));
        const QString msg = dataErrorOf([&] { extractFromTar(dir_ / "huge.tar.gz", dir_ / "out", {"data_batch_1.bin"}); });
        QVERIFY_CONTAINS(msg, "huge.tar.gz: member 'cifar-10-batches-bin/data_batch_1.bin' unpacks to 314572800 bytes, "
                              "more than the 256 MiB one member may hold");
        QVERIFY(!fs::exists(dir_ / "out" / "data_batch_1.bin.part"));
        QCOMPARE(kMaxTarMemberBytes, std::uint64_t(256) << 20);
    }

    void archiveThatIsAFifoIsRefusedWithoutHanging() {
        const fs::path fifo = dir_ / "cifar-10-binary.tar.gz";
        QVERIFY(makeFifo(fifo));
        const TimedError result = dataErrorReadingFifo(fifo, [&] { extractFromTar(fifo, dir_, {"test_batch.bin"}); });
        QVERIFY_CONTAINS(result.message, QString::fromStdString(fifo.string()) + ": is a named pipe (FIFO)");
        QVERIFY2(result.seconds < 2, qPrintable(QString("took %1 s").arg(result.seconds)));
    }

    void knowsTheRealSources() {
        const DatasetSource mnist = datasetSource("mnist");
        QCOMPARE(mnist.files.size(), std::size_t(4));
        QCOMPARE(mnist.files[0].md5, std::string("f68b3c2dcbeaaa9fbdd348bbdeb94873"));
        QVERIFY(mnist.mirrors.size() >= 2);
        QCOMPARE(datasetSource("cifar10").files[0].md5, std::string("c32a1d4ab5d03f1284b67883e8d87530"));
        QVERIFY_CONTAINS(dataErrorOf([] { datasetSource("imagenet"); }), "known: mnist, cifar10");
    }
};

QTEST_GUILESS_MAIN(TestDataDownloader)
#include "test_data_downloader.moc"
