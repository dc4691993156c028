#include "data/model/data_model.h"

#include <algorithm>

namespace gloss::data {

bool AuthRule::Allows(std::string_view operation) const {
  if (operations.empty()) {
    return true;
  }
  const bool read_kind = operation == "get" || operation == "list" || operation == "listen" ||
                         operation == "sync" || operation == "search";
  return std::any_of(operations.begin(), operations.end(), [&](const std::string& granted) {
    return granted == operation || (read_kind && granted == "read");
  });
}

const FieldSpec* ModelSpec::FindField(std::string_view field_name) const {
  for (const FieldSpec& field : fields) {
    if (field.name == field_name) {
      return &field;
    }
  }
  return nullptr;
}

std::vector<std::string> ModelSpec::KeyFields() const {
  std::vector<std::string> keys = {primary_key.partition_key};
  keys.insert(keys.end(), primary_key.sort_keys.begin(), primary_key.sort_keys.end());
  return keys;
}

const ModelSpec* DataModel::FindModel(std::string_view model_name) const {
  for (const ModelSpec& model : models) {
    if (model.name == model_name) {
      return &model;
    }
  }
  return nullptr;
}

const EnumSpec* DataModel::FindEnum(std::string_view enum_name) const {
  for (const EnumSpec& spec : enums) {
    if (spec.name == enum_name) {
      return &spec;
    }
  }
  return nullptr;
}

}  // namespace gloss::data
