#include "storage/internal/attribute_columns.h"

#include <optional>

#include <nlohmann/json.hpp>

namespace gloss::storage::internal {
namespace {

db::Value OptionalText(const std::string& text) {
  return text.empty() ? db::Value() : db::Value(text);
}

Result<std::string> ReadOptionalText(const db::Row& row, std::string_view column) {
  ASSIGN_OR_RETURN(std::optional<std::string> text, row.Get<std::optional<std::string>>(column));
  return text.value_or("");
}

}  // namespace

void AppendAttributeParams(const ObjectAttributes& attributes, db::Params& params) {
  params.emplace_back(OptionalText(attributes.content_type));
  params.emplace_back(OptionalText(attributes.content_encoding));
  params.emplace_back(OptionalText(attributes.content_disposition));
  params.emplace_back(OptionalText(attributes.cache_control));
  params.emplace_back(OptionalText(attributes.content_language));
  params.emplace_back(OptionalText(attributes.expires));
  params.emplace_back(EncodeStringMap(attributes.user_metadata));
}

Result<ObjectAttributes> ReadAttributes(const db::Row& row) {
  ObjectAttributes attributes;
  ASSIGN_OR_RETURN(attributes.content_type, ReadOptionalText(row, "content_type"));
  ASSIGN_OR_RETURN(attributes.content_encoding, ReadOptionalText(row, "content_encoding"));
  ASSIGN_OR_RETURN(attributes.content_disposition, ReadOptionalText(row, "content_disposition"));
  ASSIGN_OR_RETURN(attributes.cache_control, ReadOptionalText(row, "cache_control"));
  ASSIGN_OR_RETURN(attributes.content_language, ReadOptionalText(row, "content_language"));
  ASSIGN_OR_RETURN(attributes.expires, ReadOptionalText(row, "expires"));
  ASSIGN_OR_RETURN(const std::string metadata, row.Get<std::string>("user_metadata"));
  ASSIGN_OR_RETURN(attributes.user_metadata, DecodeStringMap(metadata));
  return attributes;
}

std::string EncodeStringMap(const std::map<std::string, std::string>& map) {
  // Callers validate that names and values are UTF-8; `replace` only keeps a
  // missed case from throwing.
  return nlohmann::json(map).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<std::map<std::string, std::string>> DecodeStringMap(std::string_view json) {
  const nlohmann::json parsed = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_object()) {
    return Status::Corruption("stored map is not a JSON object: " + std::string(json));
  }
  std::map<std::string, std::string> map;
  for (const auto& [name, value] : parsed.items()) {
    if (!value.is_string()) {
      return Status::Corruption("stored map has a non-string value: " + std::string(json));
    }
    map.emplace(name, value.get<std::string>());
  }
  return map;
}

}  // namespace gloss::storage::internal
