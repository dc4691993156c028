#include "auth/cognito_request.h"

#include <cctype>
#include <utility>

namespace gloss::auth {
namespace {

// Cognito names members in messages in camelCase: "Username" -> "username".
std::string CamelCase(std::string_view member) {
  std::string name(member);
  if (!name.empty()) {
    name[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(name[0])));
  }
  return name;
}

Status ValidationError(std::string_view value, std::string_view member,
                       std::string_view constraint) {
  return Status::InvalidArgument("1 validation error detected: Value " + std::string(value) +
                                 " at '" + CamelCase(member) +
                                 "' failed to satisfy constraint: " + std::string(constraint));
}

size_t CodePoints(std::string_view text) {
  size_t count = 0;
  for (const char c : text) {
    count += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  }
  return count;
}

// Depth of nesting, stopping early once past `limit`.
int Depth(const nlohmann::json& value, int limit) {
  if (limit < 0 || !value.is_structured()) {
    return 0;
  }
  int deepest = 0;
  for (const auto& child : value) {
    deepest = std::max(deepest, Depth(child, limit - 1));
    if (deepest > limit) {
      break;
    }
  }
  return deepest + 1;
}

}  // namespace

Result<CognitoRequest> CognitoRequest::Parse(std::string_view body) {
  if (body.size() > kMaxRequestBytes) {
    return Status::InvalidArgument("SerializationException: request body too large");
  }
  if (body.empty()) {
    return CognitoRequest(nlohmann::json::object());
  }
  nlohmann::json parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return Status::InvalidArgument("SerializationException: request body is not a JSON object");
  }
  if (Depth(parsed, kMaxJsonDepth) > kMaxJsonDepth) {
    return Status::InvalidArgument("SerializationException: request body nested too deeply");
  }
  return CognitoRequest(std::move(parsed));
}

Result<std::optional<std::string>> CognitoRequest::OptionalString(std::string_view member,
                                                                  size_t min_length,
                                                                  size_t max_length) const {
  const auto found = body_.find(member);
  if (found == body_.end() || found->is_null()) {
    return std::optional<std::string>();
  }
  if (!found->is_string()) {
    return Status::InvalidArgument("SerializationException: member " + std::string(member) +
                                   " must be a string");
  }
  std::string value = found->get<std::string>();
  const size_t length = CodePoints(value);
  if (length < min_length) {
    return ValidationError(
        "at least " + std::to_string(min_length) + " characters", member,
        "Member must have length greater than or equal to " + std::to_string(min_length));
  }
  if (length > max_length) {
    return ValidationError(
        "of " + std::to_string(length) + " characters", member,
        "Member must have length less than or equal to " + std::to_string(max_length));
  }
  return std::optional<std::string>(std::move(value));
}

Result<std::string> CognitoRequest::RequiredString(std::string_view member, size_t min_length,
                                                   size_t max_length) const {
  ASSIGN_OR_RETURN(std::optional<std::string> value,
                   OptionalString(member, min_length, max_length));
  if (!value) {
    return ValidationError("null", member, "Member must not be null");
  }
  return std::move(*value);
}

Result<std::map<std::string, std::string>> CognitoRequest::StringMap(
    std::string_view member) const {
  std::map<std::string, std::string> out;
  const auto found = body_.find(member);
  if (found == body_.end() || found->is_null()) {
    return out;
  }
  if (!found->is_object()) {
    return Status::InvalidArgument("SerializationException: member " + std::string(member) +
                                   " must be a map of strings");
  }
  for (const auto& [key, value] : found->items()) {
    if (!value.is_string()) {
      return Status::InvalidArgument("SerializationException: " + std::string(member) + "." + key +
                                     " must be a string");
    }
    out.emplace(key, value.get<std::string>());
  }
  return out;
}

Result<std::vector<UserAttribute>> CognitoRequest::Attributes(std::string_view member) const {
  std::vector<UserAttribute> out;
  const auto found = body_.find(member);
  if (found == body_.end() || found->is_null()) {
    return out;
  }
  if (!found->is_array()) {
    return Status::InvalidArgument("SerializationException: member " + std::string(member) +
                                   " must be a list of attributes");
  }
  for (const auto& item : *found) {
    const auto name = item.is_object() ? item.find("Name") : item.end();
    if (!item.is_object() || name == item.end() || !name->is_string()) {
      return ValidationError("null", std::string(member) + ".member.name",
                             "Member must not be null");
    }
    const auto value = item.find("Value");
    if (value != item.end() && !value->is_null() && !value->is_string()) {
      return Status::InvalidArgument("SerializationException: attribute values must be strings");
    }
    out.push_back({name->get<std::string>(),
                   value == item.end() || value->is_null() ? "" : value->get<std::string>()});
  }
  return out;
}

Result<std::optional<int64_t>> CognitoRequest::OptionalInteger(std::string_view member,
                                                               int64_t min_value,
                                                               int64_t max_value) const {
  const auto found = body_.find(member);
  if (found == body_.end() || found->is_null()) {
    return std::optional<int64_t>();
  }
  if (!found->is_number_integer()) {
    return Status::InvalidArgument("SerializationException: member " + std::string(member) +
                                   " must be an integer");
  }
  const int64_t value = found->get<int64_t>();
  if (value < min_value) {
    return ValidationError(
        "'" + std::to_string(value) + "'", member,
        "Member must have value greater than or equal to " + std::to_string(min_value));
  }
  if (value > max_value) {
    return ValidationError(
        "'" + std::to_string(value) + "'", member,
        "Member must have value less than or equal to " + std::to_string(max_value));
  }
  return std::optional<int64_t>(value);
}

Result<std::optional<bool>> CognitoRequest::OptionalBool(std::string_view member) const {
  const auto found = body_.find(member);
  if (found == body_.end() || found->is_null()) {
    return std::optional<bool>();
  }
  if (!found->is_boolean()) {
    return Status::InvalidArgument("SerializationException: member " + std::string(member) +
                                   " must be a boolean");
  }
  return std::optional<bool>(found->get<bool>());
}

Result<std::vector<std::string>> CognitoRequest::StringList(std::string_view member) const {
  std::vector<std::string> out;
  const auto found = body_.find(member);
  if (found == body_.end() || found->is_null()) {
    return out;
  }
  if (!found->is_array()) {
    return Status::InvalidArgument("SerializationException: member " + std::string(member) +
                                   " must be a list of strings");
  }
  for (const auto& item : *found) {
    if (!item.is_string()) {
      return Status::InvalidArgument("SerializationException: " + std::string(member) +
                                     " must hold strings only");
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

}  // namespace gloss::auth
