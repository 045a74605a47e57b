#include "kernel_csv.h"

#include "ui/common/text_file.h"

#include <QObject>
#include <QRegularExpression>

namespace cnnwb::ui {

QString kernelsCsv(const KernelBank& bank, const QString& weights) {
    QString out = QStringLiteral("# CNN Workbench filters: layer %1 (%2), %3 kernels of %4×%5, %6 input channel%7\n")
                      .arg(bank.layerName, bank.layerType)
                      .arg(bank.kernels)
                      .arg(bank.rows)
                      .arg(bank.columns)
                      .arg(bank.inputChannels)
                      .arg(bank.inputChannels == 1 ? QString() : QStringLiteral("s"));
    if (!weights.isEmpty()) out += QStringLiteral("# weights: %1\n").arg(weights);
    for (int k = 0; k < bank.kernels; ++k) {
        for (int c = 0; c < bank.channels; ++c) {
            out += QStringLiteral("kernel %1 channel %2\n")
                       .arg(k + 1)
                       .arg((bank.filtersOneChannel() ? bank.sourceChannel(k) : c) + 1);
            for (int r = 0; r < bank.rows; ++r) {
                QStringList cells;
                for (int x = 0; x < bank.columns; ++x) cells << QString::number(bank.at(k, c, r, x), 'g', 9);
                out += cells.join(',') + '\n';
            }
            out += '\n';
        }
    }
    return out;
}

QString saveKernelsCsv(const KernelBank& bank, const QString& weights, const QString& path) { return saveTextFile(kernelsCsv(bank, weights), path); }

QList<KernelCsvTable> parseKernelsCsv(const QString& text, QString* error) {
    static const QRegularExpression title(QStringLiteral("^kernel (\\d+) channel (\\d+)$"));
    QList<KernelCsvTable> tables;
    auto fail = [&](int line, const QString& why) {
        if (error) *error = QObject::tr("line %1: %2").arg(line).arg(why);
        return QList<KernelCsvTable>();
    };
    const QStringList lines = text.split('\n');
    KernelCsvTable* current = nullptr;
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines[i].trimmed();
        if (line.isEmpty()) {
            current = nullptr;
            continue;
        }
        if (line.startsWith('#')) continue;
        if (const auto m = title.match(line); m.hasMatch()) {
            tables.push_back({m.captured(1).toInt() - 1, m.captured(2).toInt() - 1, 0, 0, {}});
            current = &tables.back();
            continue;
        }
        if (!current) return fail(i + 1, QObject::tr("a row of numbers outside a table"));
        const QStringList cells = line.split(',');
        if (current->rows > 0 && cells.size() != current->columns)
            return fail(i + 1, QObject::tr("%1 values where the table has %2 columns").arg(cells.size()).arg(current->columns));
        current->columns = int(cells.size());
        for (const QString& cell : cells) {
            bool ok = false;
            const float v = cell.toFloat(&ok);
            if (!ok) return fail(i + 1, QObject::tr("'%1' is not a number").arg(cell));
            current->values.push_back(v);
        }
        ++current->rows;
    }
    if (error) error->clear();
    return tables;
}

}  // namespace cnnwb::ui
