#include "arg_field.h"

#include "boolean_field.h"
#include "choice_field.h"
#include "integer_field.h"
#include "integer_list_field.h"
#include "number_field.h"
#include "pair_field.h"
#include "text_field.h"

#include <QWidget>

namespace cnnwb::ui {

namespace {

// For arguments without a hint: the widget follows the JSON value's type.
ArgHint::Kind kindFromValue(const Json& v) {
    if (v.is_boolean()) return ArgHint::Kind::Boolean;
    if (v.is_number_integer() || v.is_number_unsigned()) return ArgHint::Kind::Integer;
    if (v.is_number()) return ArgHint::Kind::Number;
    if (v.is_array() && v.size() == 2 && v[0].is_number_integer() && v[1].is_number_integer())
        return ArgHint::Kind::Pair;
    if (v.is_array() && !v.empty() && v[0].is_number_integer()) return ArgHint::Kind::IntegerList;
    return ArgHint::Kind::Text;
}

}  // namespace

std::unique_ptr<ArgField> ArgField::create(const std::string& key, const Json& current, QWidget* parent) {
    ArgHint hint = argHint(key);
    if (hint.kind == ArgHint::Kind::FromValue) {
        hint.kind = kindFromValue(current);
        hint.min = hint.kind == ArgHint::Kind::Pair || hint.kind == ArgHint::Kind::IntegerList ? 1 : 0;
        hint.max = 1e9;
        hint.decimals = 6;
        hint.step = 0.1;
    }
    std::unique_ptr<ArgField> field;
    switch (hint.kind) {
    case ArgHint::Kind::Integer: field = std::make_unique<IntegerField>(hint, parent); break;
    case ArgHint::Kind::Number: field = std::make_unique<NumberField>(hint, parent); break;
    case ArgHint::Kind::Boolean: field = std::make_unique<BooleanField>(hint, parent); break;
    case ArgHint::Kind::Choice: field = std::make_unique<ChoiceField>(hint, parent); break;
    case ArgHint::Kind::Pair: field = std::make_unique<PairField>(key, hint, parent); break;
    case ArgHint::Kind::IntegerList:
        field = std::make_unique<IntegerListField>(key, hint, current.is_array() ? current.size() : 3, parent);
        break;
    case ArgHint::Kind::Text:
    case ArgHint::Kind::FromValue: field = std::make_unique<TextField>(hint, parent); break;
    }
    field->widget()->setObjectName(QStringLiteral("field_%1").arg(QString::fromStdString(key)));
    field->setValue(current);
    return field;
}

}  // namespace cnnwb::ui
