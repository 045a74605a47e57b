#include "layer_args_summary.h"

#include <QObject>
#include <QStringList>

#include <algorithm>
#include <vector>

namespace cnnwb::ui {

namespace {

// 5 or [5, 5] → "5×5"; [2, 3] → "2×3".
QString sizeText(const Json& v) {
    if (v.is_number()) return QStringLiteral("%1×%1").arg(v.get<double>());
    if (v.is_array() && v.size() == 2 && v[0].is_number() && v[1].is_number())
        return QStringLiteral("%1×%2").arg(v[0].get<double>()).arg(v[1].get<double>());
    return QString::fromStdString(v.dump());
}

bool isOneByOne(const Json& v) {
    if (v.is_number()) return v.get<double>() == 1;
    return v.is_array() && v.size() == 2 && v[0] == 1 && v[1] == 1;
}

QString plainValue(const Json& v) {
    if (v.is_string()) return QString::fromStdString(v.get<std::string>());
    return QString::fromStdString(v.dump());
}

}  // namespace

QString layerArgsSummary(const Json& obj) {
    if (!obj.is_object()) return {};
    QStringList parts;
    const std::string type = obj.value("type", std::string());
    // JSON objects iterate alphabetically; a card reads better in Keras's argument order.
    static const std::vector<std::string> order{"shape", "filters", "units", "kernel_size", "depth_multiplier",
                                                "pool_size", "strides", "padding", "activation", "rate"};
    std::vector<std::string> keys = order;
    for (auto it = obj.begin(); it != obj.end(); ++it)
        if (std::find(order.begin(), order.end(), it.key()) == order.end()) keys.push_back(it.key());
    for (const std::string& key : keys) {
        if (key == "type" || key == "name" || key == "enabled" || !obj.contains(key)) continue;
        const Json& v = obj[key];
        if (key == "filters") {
            parts << QObject::tr("%1 filters").arg(plainValue(v));
        } else if (key == "units") {
            parts << QObject::tr("%1 units").arg(plainValue(v));
        } else if (key == "kernel_size") {
            parts << sizeText(v);
        } else if (key == "pool_size") {
            parts << QObject::tr("pool %1").arg(sizeText(v));
        } else if (key == "strides") {
            if (!isOneByOne(v) || type.find("Pool") != std::string::npos)
                parts << QObject::tr("stride %1").arg(v.is_number() ? plainValue(v) : sizeText(v));
        } else if (key == "padding" || key == "activation") {
            if (!(key == "activation" && v == "linear")) parts << plainValue(v);
        } else if (key == "use_bias") {
            if (v == false) parts << QObject::tr("no bias");
        } else if (key == "kernel_initializer" || key == "depthwise_initializer") {
            if (v != "glorot_uniform") parts << QObject::tr("init %1").arg(plainValue(v));
        } else if (key == "depth_multiplier") {
            parts << QObject::tr("×%1 per channel").arg(plainValue(v));
        } else if (key == "rate") {
            parts << QObject::tr("rate %1").arg(plainValue(v));
        } else if (key == "shape" && v.is_array() && v.size() == 3) {
            parts << QStringLiteral("%1×%2×%3").arg(plainValue(v[0]), plainValue(v[1]), plainValue(v[2]));
        } else if ((key == "center" || key == "scale") && v.is_boolean()) {
            if (v == false) parts << QObject::tr("no %1").arg(QString::fromStdString(key));
        } else {
            parts << QStringLiteral("%1 %2").arg(QString::fromStdString(key), plainValue(v));
        }
    }
    return parts.join(QStringLiteral(", "));
}

}  // namespace cnnwb::ui
