// What the property editor knows about an argument by its Keras name: a
// label, a one-line help text, the kind of widget, the allowed range (the
// same ranges the engine enforces) and a unit. Arguments not listed here
// still get a widget, chosen from their JSON value.
#pragma once

#include <QString>
#include <QStringList>

#include <string>
#include <vector>

namespace cnnwb::ui {

struct ArgHint {
    enum class Kind { FromValue, Integer, Number, Boolean, Choice, Pair, IntegerList, Text };
    Kind kind = Kind::FromValue;
    QString label;
    QString help;
    double min = 0;
    double max = 1e9;
    double step = 1;
    int decimals = 3;
    bool scientific = false;  // learning rates, epsilons: shown as 1e-07, stepped ×10
    QString suffix;
    QStringList choices;
    QStringList partLabels;   // IntegerList / Pair: what each number is
};

// Hints for layer arguments and optimizer arguments, by key.
ArgHint argHint(const std::string& key);

// The keys of `args` in Keras's argument order (filters, kernel_size,
// strides, padding, activation, ...), unknown ones after, alphabetically.
std::vector<std::string> keysInArgumentOrder(const std::vector<std::string>& keys);

// "Kernel size" for "kernel_size" when there is no hint.
QString labelForKey(const std::string& key);

}  // namespace cnnwb::ui
