// What a form knows about an argument by its Keras name: a label, a one-line
// help text, the kind of editor, how the arrow keys step it, and a unit.
// What values are allowed is not here: the engine checks every edit (so a
// range is written once, where it is enforced). Arguments not listed still
// get an editor, chosen from their JSON value.
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
    double step = 1;          // Up/Down keys add or subtract this
    bool scientific = false;  // learning rates, epsilons: Up/Down multiply or divide by 10
    QString suffix;           // shown after the field: "px", "°"
    QString zeroText;         // Integer: what 0 means, shown instead of it ("all", "all cores (2)")
    QStringList choices;      // Choice: the values
    QStringList choiceTitles; // Choice: what the list shows for each value (default: the value)
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
