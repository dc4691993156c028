#include "data/service/subscription_filter.h"

#include <string>

namespace gloss::data {
namespace {

constexpr int kMaxDepth = 10;

// -1, 0, 1, or nullopt when the values are not comparable (different types).
std::optional<int> Compare(const nlohmann::json& a, const nlohmann::json& b) {
  if (a.is_number() && b.is_number()) {
    const double x = a.get<double>();
    const double y = b.get<double>();
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  if (a.is_string() && b.is_string()) {
    const int c = a.get_ref<const std::string&>().compare(b.get_ref<const std::string&>());
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  if (a.is_boolean() && b.is_boolean()) {
    return a == b ? 0 : 1;
  }
  return std::nullopt;
}

bool Equal(const nlohmann::json& a, const nlohmann::json& b) {
  const std::optional<int> c = Compare(a, b);
  return c.has_value() ? *c == 0 : (a.is_null() && b.is_null()) || (a.is_array() && a == b);
}

bool Contains(const nlohmann::json& value, const nlohmann::json& operand) {
  if (value.is_string() && operand.is_string()) {
    return value.get_ref<const std::string&>().find(operand.get_ref<const std::string&>()) !=
           std::string::npos;
  }
  if (value.is_array()) {
    for (const nlohmann::json& element : value) {
      if (Equal(element, operand)) {
        return true;
      }
    }
  }
  return false;
}

bool InList(const nlohmann::json& value, const nlohmann::json& operand) {
  for (const nlohmann::json& candidate : operand) {
    if (Equal(value, candidate)) {
      return true;
    }
  }
  return false;
}

// One operator on the field's value (`value` null when the item lacks it).
bool Apply(const std::string& op, const nlohmann::json& operand, const nlohmann::json* value) {
  if (op == "attributeExists") {
    return (value != nullptr && !value->is_null()) == operand.get<bool>();
  }
  if (op == "ne") {
    return value == nullptr || !Equal(*value, operand);
  }
  if (op == "notContains") {
    return value == nullptr || !Contains(*value, operand);
  }
  if (op == "notIn") {
    return value == nullptr || !InList(*value, operand);
  }
  if (value == nullptr) {
    return false;
  }
  if (op == "eq") {
    return Equal(*value, operand);
  }
  if (op == "contains") {
    return Contains(*value, operand);
  }
  if (op == "in") {
    return InList(*value, operand);
  }
  if (op == "beginsWith") {
    return value->is_string() && operand.is_string() &&
           value->get_ref<const std::string&>().starts_with(operand.get_ref<const std::string&>());
  }
  if (op == "between") {
    const std::optional<int> low = Compare(*value, operand[0]);
    const std::optional<int> high = Compare(*value, operand[1]);
    return low && high && *low >= 0 && *high <= 0;
  }
  const std::optional<int> c = Compare(*value, operand);
  if (!c) {
    return false;
  }
  if (op == "lt") {
    return *c < 0;
  }
  if (op == "le") {
    return *c <= 0;
  }
  if (op == "gt") {
    return *c > 0;
  }
  return *c >= 0;  // "ge"; CheckSubscriptionFilter admits no other operator.
}

Status Check(const nlohmann::json& filter, int depth) {
  if (depth > kMaxDepth) {
    return Status::InvalidArgument("subscription filter nested too deeply");
  }
  if (filter.is_null()) {
    return Status::Ok();
  }
  if (!filter.is_object()) {
    return Status::InvalidArgument("a subscription filter must be an object");
  }
  for (const auto& [key, value] : filter.items()) {
    if (key == "and" || key == "or") {
      if (!value.is_array()) {
        return Status::InvalidArgument("'" + key + "' takes a list of filters");
      }
      for (const nlohmann::json& nested : value) {
        RETURN_IF_ERROR(Check(nested, depth + 1));
      }
      continue;
    }
    if (key == "not") {
      RETURN_IF_ERROR(Check(value, depth + 1));
      continue;
    }
    if (value.is_null()) {
      continue;
    }
    if (!value.is_object()) {
      return Status::InvalidArgument("the filter for '" + key + "' must be an object");
    }
    for (const auto& [op, operand] : value.items()) {
      const bool list_operand = op == "between" || op == "in" || op == "notIn";
      const bool known = list_operand || op == "eq" || op == "ne" || op == "le" || op == "lt" ||
                         op == "ge" || op == "gt" || op == "contains" || op == "notContains" ||
                         op == "beginsWith" || op == "attributeExists";
      if (!known) {
        return Status::InvalidArgument("unknown subscription filter operator '" + op + "'");
      }
      if ((list_operand && !operand.is_array()) || (op == "between" && operand.size() != 2) ||
          (op == "attributeExists" && !operand.is_boolean())) {
        return Status::InvalidArgument("bad operand for '" + key + "." + op + "'");
      }
    }
  }
  return Status::Ok();
}

}  // namespace

Status CheckSubscriptionFilter(const nlohmann::json& filter) { return Check(filter, 1); }

bool MatchesSubscriptionFilter(const nlohmann::json& filter, const nlohmann::json& item) {
  if (!filter.is_object()) {
    return true;
  }
  for (const auto& [key, value] : filter.items()) {
    if (key == "and") {
      for (const nlohmann::json& nested : value) {
        if (!MatchesSubscriptionFilter(nested, item)) {
          return false;
        }
      }
    } else if (key == "or") {
      bool any = value.empty();
      for (const nlohmann::json& nested : value) {
        any = any || MatchesSubscriptionFilter(nested, item);
      }
      if (!any) {
        return false;
      }
    } else if (key == "not") {
      if (value.is_object() && MatchesSubscriptionFilter(value, item)) {
        return false;
      }
    } else if (value.is_object()) {
      const auto found = item.find(key);
      const nlohmann::json* field = found != item.end() ? &*found : nullptr;
      for (const auto& [op, operand] : value.items()) {
        if (!Apply(op, operand, field)) {
          return false;
        }
      }
    }
  }
  return true;
}

}  // namespace gloss::data
