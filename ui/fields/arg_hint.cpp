#include "arg_hint.h"

#include "engine/activation.h"
#include "engine/initializers.h"
#include "engine/layers/window2d.h"

#include <QObject>

#include <algorithm>

namespace cnnwb::ui {

namespace {

QStringList toQt(const std::vector<std::string>& names) {
    QStringList out;
    for (const auto& n : names) out << QString::fromStdString(n);
    return out;
}

ArgHint integer(const QString& label, const QString& help, const QString& suffix = {}) {
    ArgHint h;
    h.kind = ArgHint::Kind::Integer;
    h.label = label;
    h.help = help;
    h.suffix = suffix;
    return h;
}

ArgHint number(const QString& label, const QString& help, double step) {
    ArgHint h;
    h.kind = ArgHint::Kind::Number;
    h.label = label;
    h.help = help;
    h.step = step;
    return h;
}

ArgHint scientific(const QString& label, const QString& help) {
    ArgHint h = number(label, help, 0);
    h.scientific = true;
    return h;
}

ArgHint choice(const QString& label, const QString& help, const QStringList& choices) {
    ArgHint h;
    h.kind = ArgHint::Kind::Choice;
    h.label = label;
    h.help = help;
    h.choices = choices;
    return h;
}

ArgHint boolean(const QString& label, const QString& help) {
    ArgHint h;
    h.kind = ArgHint::Kind::Boolean;
    h.label = label;
    h.help = help;
    return h;
}

ArgHint pair(const QString& label, const QString& help) {
    ArgHint h;
    h.kind = ArgHint::Kind::Pair;
    h.label = label;
    h.help = help + QObject::tr(" — one number n means n×n, as in Keras; or two: 5×3");
    h.suffix = QObject::tr("px");
    h.partLabels = {QObject::tr("height"), QObject::tr("width")};
    return h;
}

}  // namespace

std::vector<std::string> keysInArgumentOrder(const std::vector<std::string>& keys) {
    static const std::vector<std::string> order{
        "shape", "filters", "units", "kernel_size", "depth_multiplier", "pool_size", "strides", "padding",
        "activation", "use_bias", "kernel_initializer", "depthwise_initializer", "rate", "momentum", "epsilon",
        "center", "scale",
        // Optimizers.
        "learning_rate", "rho", "beta_1", "beta_2", "nesterov", "weight_decay"};
    std::vector<std::string> out;
    for (const std::string& k : order)
        if (std::find(keys.begin(), keys.end(), k) != keys.end()) out.push_back(k);
    std::vector<std::string> rest;
    for (const std::string& k : keys)
        if (std::find(order.begin(), order.end(), k) == order.end()) rest.push_back(k);
    std::sort(rest.begin(), rest.end());
    out.insert(out.end(), rest.begin(), rest.end());
    return out;
}

QString labelForKey(const std::string& key) {
    QString s = QString::fromStdString(key);
    s.replace('_', ' ');
    if (!s.isEmpty()) s[0] = s[0].toUpper();
    return s;
}

ArgHint argHint(const std::string& key) {
    // Layers.
    if (key == "filters")
        return integer(QObject::tr("Filters"), QObject::tr("Number of learned filters; each one gives an output channel"));
    if (key == "units") return integer(QObject::tr("Units"), QObject::tr("Number of outputs"));
    if (key == "kernel_size") return pair(QObject::tr("Kernel size"), QObject::tr("Height × width of each filter"));
    if (key == "strides") return pair(QObject::tr("Strides"), QObject::tr("How far the window moves each step (height × width)"));
    if (key == "pool_size") return pair(QObject::tr("Pool size"), QObject::tr("Height × width of each pooling window"));
    if (key == "padding")
        return choice(QObject::tr("Padding"),
                      QObject::tr("valid: no padding, the output shrinks; same: zero padding keeps H×W at stride 1"),
                      toQt(paddingNames()));
    if (key == "activation")
        return choice(QObject::tr("Activation"), QObject::tr("Non-linearity applied to the output (linear = none)"),
                      toQt(activationNames()));
    if (key == "kernel_initializer" || key == "depthwise_initializer")
        return choice(QObject::tr("Initializer"), QObject::tr("How the weights are drawn before training"),
                      toQt(initializerNames()));
    if (key == "use_bias") return boolean(QObject::tr("Use bias"), QObject::tr("Add a learned bias to each output"));
    if (key == "center") return boolean(QObject::tr("Center (beta)"), QObject::tr("Learn a shift beta per channel"));
    if (key == "scale") return boolean(QObject::tr("Scale (gamma)"), QObject::tr("Learn a scale gamma per channel"));
    if (key == "depth_multiplier")
        return integer(QObject::tr("Depth multiplier"), QObject::tr("Filters per input channel"));
    if (key == "rate") return number(QObject::tr("Rate"), QObject::tr("Fraction of inputs zeroed while training"), 0.05);
    if (key == "epsilon") return scientific(QObject::tr("Epsilon"), QObject::tr("Small number added for numerical stability"));
    if (key == "shape") {
        ArgHint h;
        h.kind = ArgHint::Kind::IntegerList;
        h.label = QObject::tr("Shape");
        h.help = QObject::tr("One input image: height × width × channels, e.g. 28×28×1");
        h.partLabels = {QObject::tr("height"), QObject::tr("width"), QObject::tr("channels")};
        return h;
    }
    // Layers and optimizers.
    if (key == "momentum")
        return number(QObject::tr("Momentum"), QObject::tr("Fraction of the previous update carried into the next"), 0.01);
    // Optimizers.
    if (key == "learning_rate") return scientific(QObject::tr("Learning rate"), QObject::tr("Step size of each update"));
    if (key == "rho") return number(QObject::tr("Rho"), QObject::tr("Decay of the running averages"), 0.01);
    if (key == "beta_1") return number(QObject::tr("Beta 1"), QObject::tr("Decay of the first-moment average"), 0.01);
    if (key == "beta_2") return number(QObject::tr("Beta 2"), QObject::tr("Decay of the second-moment average"), 0.001);
    if (key == "weight_decay")
        return scientific(QObject::tr("Weight decay"), QObject::tr("L2 penalty added to every gradient (0 = off)"));
    if (key == "nesterov") return boolean(QObject::tr("Nesterov"), QObject::tr("Use Nesterov momentum"));
    ArgHint h;
    h.label = labelForKey(key);
    return h;
}

}  // namespace cnnwb::ui
