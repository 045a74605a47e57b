#include "evaluation_csv.h"

#include <QObject>

namespace cnnwb::ui {

namespace {

QString field(const std::string& text) {
    QString s = QString::fromStdString(text);
    if (!s.contains(',') && !s.contains('"') && !s.contains('\n')) return s;
    return '"' + s.replace('"', QStringLiteral("\"\"")) + '"';
}

QString number(double v) { return QString::number(v, 'g', 9); }

QString preamble(const ModelEvaluation& e, const QString& what) {
    return QStringLiteral("# CNN Workbench %1: %2 set (%3), %4 images\n# weights: %5\n")
        .arg(what, dataPartText(e.part), QString::fromStdString(e.result.dataset))
        .arg(qulonglong(e.result.size()))
        .arg(e.weights);
}

}  // namespace

QString confusionCsv(const ModelEvaluation& e) {
    const Evaluation& r = e.result;
    QString out = preamble(e, QObject::tr("confusion matrix (rows: true class, columns: predicted class)"));
    out += QStringLiteral("true\\predicted");
    for (const std::string& name : r.classNames) out += ',' + field(name);
    out += '\n';
    const auto matrix = r.confusion();
    for (int t = 0; t < r.classes(); ++t) {
        out += field(r.classNames[std::size_t(t)]);
        for (std::size_t n : matrix[std::size_t(t)]) out += ',' + QString::number(qulonglong(n));
        out += '\n';
    }
    return out;
}

QString classMetricsCsv(const ModelEvaluation& e) {
    const Evaluation& r = e.result;
    QString out = preamble(e, QObject::tr("per-class metrics"));
    out += QStringLiteral("class,precision,recall,f1,support,predicted\n");
    for (int c = 0; c < r.classes(); ++c) {
        const ClassMetrics m = r.classMetrics(c);
        out += QStringLiteral("%1,%2,%3,%4,%5,%6\n")
                   .arg(field(r.classNames[std::size_t(c)]), number(m.precision), number(m.recall), number(m.f1))
                   .arg(qulonglong(m.support))
                   .arg(qulonglong(m.predicted));
    }
    return out;
}

QString imagesCsv(const ModelEvaluation& e, const std::vector<std::size_t>& samples) {
    const Evaluation& r = e.result;
    QString out = preamble(e, QObject::tr("images"));
    out += QStringLiteral("image,true,predicted,%1,second,second_score,third,third_score\n")
               .arg(r.probabilities ? QStringLiteral("probability") : QStringLiteral("output"));
    for (std::size_t s : samples) {
        out += QString::number(qulonglong(s)) + ',' + field(r.classNames[std::size_t(r.labels[s])]) + ',' +
               field(r.classNames[std::size_t(r.predicted[s])]) + ',' + number(r.confidence(s));
        const std::vector<int> top = r.topClasses(s, 3);
        for (std::size_t k = 1; k < 3; ++k)
            out += k < top.size() ? ',' + field(r.classNames[std::size_t(top[k])]) + ',' + number(r.scoresOf(s)[top[k]])
                                  : QStringLiteral(",,");
        out += '\n';
    }
    return out;
}


}  // namespace cnnwb::ui
