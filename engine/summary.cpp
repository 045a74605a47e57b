#include "summary.h"

#include <algorithm>
#include <sstream>

namespace cnnwb {

// Display width of UTF-8 text (× counts as one column).
static std::size_t columns(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

static std::string pad(const std::string& s, std::size_t width, bool right = false) {
    const std::size_t w = columns(s);
    const std::string fill(width > w ? width - w : 0, ' ');
    return right ? fill + s : s + fill;
}

std::string summaryTable(const ModelSpec& spec, const Network& net) {
    struct Cell { std::string layer, shape, params, formula; };
    std::vector<Cell> cells;
    for (const LayerRow& r : net.rows()) {
        std::string shape = r.enabled ? "(" + r.outputShape.str() + ")" : "disabled";
        cells.push_back({r.name + " (" + r.type + ")", shape, withThousands(r.params),
                         r.enabled ? r.formula : ""});
    }
    std::size_t w0 = columns("Layer (type)"), w1 = columns("Output shape"), w2 = columns("Params");
    for (const auto& c : cells) {
        w0 = std::max(w0, columns(c.layer));
        w1 = std::max(w1, columns(c.shape));
        w2 = std::max(w2, columns(c.params));
    }
    std::ostringstream o;
    const std::string title = spec.name.empty() ? (spec.id.empty() ? "Model" : spec.id) : spec.name;
    o << title << "\n";
    const std::string rule(w0 + w1 + w2 + 6 + 30, '-');
    o << rule << "\n";
    o << pad("Layer (type)", w0) << "   " << pad("Output shape", w1) << "   " << pad("Params", w2, true)
      << "   How the count is made\n";
    o << std::string(rule.size(), '=') << "\n";
    for (const auto& c : cells)
        o << pad(c.layer, w0) << "   " << pad(c.shape, w1) << "   " << pad(c.params, w2, true) << "   " << c.formula
          << "\n";
    o << std::string(rule.size(), '=') << "\n";
    o << "Total params: " << withThousands(net.totalParams()) << "\n";
    o << "Trainable params: " << withThousands(net.trainableParams()) << "\n";
    o << "Non-trainable params: " << withThousands(net.nonTrainableParams()) << "\n";
    o << "Multiply-adds per image: " << withThousands(net.multiplyAdds()) << "\n";
    if (spec.reported)
        o << "Reported: " << spec.reported->metric << " " << spec.reported->value << " (" << spec.reported->source
          << ")\n";
    return o.str();
}

Json summaryJson(const ModelSpec& spec, const Network& net) {
    Json layers = Json::array();
    for (const LayerRow& r : net.rows()) {
        Json l = {{"name", r.name}, {"type", r.type}, {"enabled", r.enabled}, {"params", r.params},
                  {"non_trainable_params", r.nonTrainableParams}, {"formula", r.formula},
                  {"multiply_adds", r.multiplyAdds}};
        l["output_shape"] = r.outputShape.isFlat() ? Json::array({r.outputShape.c})
                                                   : Json::array({r.outputShape.h, r.outputShape.w, r.outputShape.c});
        layers.push_back(l);
    }
    Json j = {{"id", spec.id}, {"name", spec.name}, {"layers", layers}, {"total_params", net.totalParams()},
              {"trainable_params", net.trainableParams()}, {"non_trainable_params", net.nonTrainableParams()},
              {"multiply_adds", net.multiplyAdds()}};
    if (spec.reported) j["reported"] = {{"metric", spec.reported->metric}, {"value", spec.reported->value},
                                        {"source", spec.reported->source}};
    return j;
}

}  // namespace cnnwb
