// The architecture, checked on the source files themselves (the build
// enforces the rest: each library exposes only its own folder):
// - engine/ includes no Qt, ui/, app/ or bench/ header; ui/ no app/ or bench/;
// - each ui/ folder includes only the folders below it (the table here is
//   the picture of the GUI's layers);
// - no code outside engine/layers/ and the layer registry names a layer type
//   in a string: the rest asks the registry or the layer.
#include "engine/layer_registry.h"

#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QtTest>

#include <map>
#include <set>

namespace {

// CNNWB_ARCHITECTURE_ROOT points the checks at another checkout (to compare).
const QString kRoot = qEnvironmentVariable("CNNWB_ARCHITECTURE_ROOT", QStringLiteral(CNNWB_SOURCE_DIR));

struct Line {
    QString file;  // relative to the repository
    int number = 0;
    QString text;
};

QStringList sourcesUnder(const QString& folder) {
    QStringList files;
    QDirIterator it(kRoot + "/" + folder, {"*.h", "*.cpp"}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) files << it.next().mid(kRoot.size() + 1);
    files.sort();
    return files;
}

// The lines of a file with // comments removed (string literals in this code
// base never hold "//" followed by a type name).
QList<Line> codeLines(const QString& file) {
    QFile f(kRoot + "/" + file);
    if (!f.open(QIODevice::ReadOnly)) qFatal("cannot read %s", qPrintable(file));
    QList<Line> lines;
    int n = 0;
    bool inBlockComment = false;
    for (const QByteArray& raw : f.readAll().split('\n')) {
        ++n;
        QString text = QString::fromUtf8(raw);
        if (inBlockComment) {
            const int end = text.indexOf("*/");
            if (end < 0) continue;
            text = text.mid(end + 2);
            inBlockComment = false;
        }
        const int block = text.indexOf("/*");
        if (block >= 0 && text.indexOf("*/", block) < 0) {
            text = text.left(block);
            inBlockComment = true;
        }
        const int comment = text.indexOf("//");
        if (comment >= 0) text = text.left(comment);
        lines.push_back({file, n, text});
    }
    return lines;
}

QList<Line> includes(const QString& file) {
    static const QRegularExpression include(QStringLiteral("^\\s*#\\s*include\\s*[<\"]([^>\"]+)[>\"]"));
    QList<Line> out;
    for (const Line& l : codeLines(file))
        if (const auto m = include.match(l.text); m.hasMatch()) out.push_back({l.file, l.number, m.captured(1)});
    return out;
}

QString where(const Line& l) { return QStringLiteral("%1:%2: %3").arg(l.file).arg(l.number).arg(l.text.trimmed()); }

// The ui/ folder a file is in ("" for files directly in ui/).
QString uiFolderOf(const QString& file) {
    const QStringList parts = file.split('/');
    return parts.size() > 2 ? parts[1] : QString();
}

}  // namespace

class TestArchitecture : public QObject {
    Q_OBJECT
private slots:
    void engineIncludesNoQtUiAppOrBench() {
        QStringList bad;
        for (const QString& file : sourcesUnder("engine"))
            for (const Line& inc : includes(file))
                if (inc.text.startsWith('Q') || inc.text.startsWith("qt") || inc.text.startsWith("ui/") ||
                    inc.text.startsWith("app/") || inc.text.startsWith("bench/"))
                    bad << where(inc);
        QVERIFY2(bad.isEmpty(), qPrintable("the engine must not include these:\n" + bad.join('\n')));
        QVERIFY(sourcesUnder("engine").size() > 50);  // the scan saw the engine
    }

    void uiIncludesNoAppOrBench() {
        QStringList bad;
        for (const QString& file : sourcesUnder("ui"))
            for (const Line& inc : includes(file))
                if (inc.text.startsWith("app/") || inc.text.startsWith("bench/")) bad << where(inc);
        QVERIFY2(bad.isEmpty(), qPrintable("ui/ must not include these:\n" + bad.join('\n')));
    }

    // Lower folders first; a folder may include the ones listed for it.
    // Files directly in ui/ (the main window and its glue) may include any.
    void uiFoldersIncludeOnlyDownward() {
        const std::map<QString, std::set<QString>> allowed{
            {"common", {}},
            {"fields", {}},
            {"training", {}},
            {"document", {}},
            {"dashboard", {"training", "common"}},
            {"filters", {"training", "common"}},
            {"inspect", {"training", "filters", "common"}},
            {"data", {"training", "common"}},
            {"settings", {"fields"}},
            {"builder", {"document", "fields", "common"}},
            {"session", {"document"}},
            {"runs", {"common"}},
            {"sweep", {"training", "runs", "common"}},
            {"lrfind", {"training", "common"}},
            {"evaluation", {"training", "filters", "common"}},
        };
        QStringList bad, unknownFolders;
        for (const QString& file : sourcesUnder("ui")) {
            const QString folder = uiFolderOf(file);
            if (folder.isEmpty()) continue;
            const auto rule = allowed.find(folder);
            if (rule == allowed.end()) {
                unknownFolders << folder;
                continue;
            }
            for (const Line& inc : includes(file)) {
                if (!inc.text.startsWith("ui/")) continue;
                const QString target = uiFolderOf(inc.text);
                if (target != folder && !rule->second.count(target)) bad << where(inc);
            }
        }
        unknownFolders.removeDuplicates();
        QVERIFY2(unknownFolders.isEmpty(),
                 qPrintable("ui folders missing from this test's table (say what they may include): " +
                            unknownFolders.join(", ")));
        QVERIFY2(bad.isEmpty(), qPrintable("ui includes that run upward or sideways:\n" + bad.join('\n')));
    }

    // A type name compared (== "Conv2D", != QLatin1String("RBF")) or written
    // as a layer's type ({"type", "Dense"}) outside the registry means
    // knowledge of a layer type in the wrong place. (A word such as the
    // label "Activation" is not a comparison.)
    void noLayerTypeNameComparedOutsideTheRegistry() {
        const QRegularExpression use = typeNameUse();
        QStringList files;
        for (const char* folder : {"engine", "ui", "app", "bench"}) files << sourcesUnder(QString::fromLatin1(folder));
        QStringList bad;
        for (const QString& file : files) {
            if (file.startsWith("engine/layers/") || file == "engine/layer_registry.cpp") continue;
            for (const Line& l : codeLines(file))
                if (use.match(l.text).hasMatch()) bad << where(l);
        }
        QVERIFY2(bad.isEmpty(), qPrintable("layer type names compared outside engine/layers/ and the registry (ask the "
                                           "registry or the layer instead):\n" + bad.join('\n')));
    }

    // The pattern above finds the kinds of use the code base once had, and
    // leaves words alone.
    void theTypeNamePatternFindsComparisons() {
        const QRegularExpression use = typeNameUse();
        for (const char* line : {"if (layer->type() == \"RBF\") {", "if (type != \"Conv2D\" && type != \"DepthwiseConv2D\")",
                                 "return layerType == QLatin1String(\"DepthwiseConv2D\");",
                                 "if (\"Dense\" == t) return;", "{{\"type\", \"Input\"}, {\"shape\", {28, 28, 1}}}"})
            QVERIFY2(use.match(QString::fromUtf8(line)).hasMatch(), line);
        for (const char* line : {"return choice(QObject::tr(\"Activation\"), help);", "label(\"Dense layers\")"})
            QVERIFY2(!use.match(QString::fromUtf8(line)).hasMatch(), line);
    }

private:
    static QRegularExpression typeNameUse() {
        QStringList names;
        for (const cnnwb::LayerType& t : cnnwb::layerTypes()) names << QRegularExpression::escape(QString::fromStdString(t.name));
        const QString name = "\"(" + names.join('|') + ")\"";
        const QString wrapped = "(QLatin1String|QStringLiteral|QString|std::string)?\\(?\\s*" + name + "\\s*\\)?";
        return QRegularExpression("(==|!=)\\s*" + wrapped + "|" + wrapped + "\\s*(==|!=)|\"type\"\\s*,\\s*" + name);
    }
};

QTEST_APPLESS_MAIN(TestArchitecture)
#include "test_architecture.moc"
