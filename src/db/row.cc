// Value and Row: typed access to result columns.

#include <string>
#include <utility>

#include "db/database.h"

namespace gloss::db {
namespace {

std::string_view TypeName(Value::Type type) {
  switch (type) {
    case Value::Type::kNull: return "NULL";
    case Value::Type::kInt64: return "INTEGER";
    case Value::Type::kDouble: return "REAL";
    case Value::Type::kText: return "TEXT";
    case Value::Type::kBlob: return "BLOB";
  }
  return "UNKNOWN";
}

}  // namespace

Status Value::WrongType(Type actual, Type wanted) {
  return Status::Internal("value is " + std::string(TypeName(actual)) + ", read as " +
                          std::string(TypeName(wanted)));
}

Row::Row(std::shared_ptr<const std::vector<std::string>> column_names, std::vector<Value> values)
    : column_names_(std::move(column_names)), values_(std::move(values)) {
  GLOSS_DCHECK(column_names_ != nullptr && column_names_->size() == values_.size());
}

Result<Value> Row::Get(size_t index) const {
  if (index >= values_.size()) {
    return Status::Internal("column index " + std::to_string(index) + " out of range; row has " +
                            std::to_string(values_.size()) + " columns");
  }
  return values_[index];
}

Result<Value> Row::Get(std::string_view name) const {
  ASSIGN_OR_RETURN(const size_t index, IndexOf(name));
  return values_[index];
}

Result<size_t> Row::IndexOf(std::string_view name) const {
  for (size_t column_idx = 0; column_idx < column_names_->size(); ++column_idx) {
    if ((*column_names_)[column_idx] == name) {
      return column_idx;
    }
  }
  return Status::Internal("no column '" + std::string(name) + "' in the result");
}

}  // namespace gloss::db
