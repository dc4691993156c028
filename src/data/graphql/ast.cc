#include "data/graphql/ast.h"

#include <string>
#include <string_view>
#include <utility>

namespace gloss::graphql {

std::string_view OperationTypeName(OperationType operation) {
  switch (operation) {
    case OperationType::kQuery: return "query";
    case OperationType::kMutation: return "mutation";
    case OperationType::kSubscription: return "subscription";
  }
  return "query";
}

std::string_view TypeKindName(TypeKind kind) {
  switch (kind) {
    case TypeKind::kScalar: return "SCALAR";
    case TypeKind::kObject: return "OBJECT";
    case TypeKind::kInterface: return "INTERFACE";
    case TypeKind::kUnion: return "UNION";
    case TypeKind::kEnum: return "ENUM";
    case TypeKind::kInputObject: return "INPUT_OBJECT";
  }
  return "SCALAR";
}

std::string_view TypeKindKeyword(TypeKind kind) {
  switch (kind) {
    case TypeKind::kScalar: return "scalar";
    case TypeKind::kObject: return "type";
    case TypeKind::kInterface: return "interface";
    case TypeKind::kUnion: return "union";
    case TypeKind::kEnum: return "enum";
    case TypeKind::kInputObject: return "input";
  }
  return "type";
}

std::string_view Document::Intern(std::string value) {
  strings_.push_front(std::move(value));
  return strings_.front();
}

}  // namespace gloss::graphql
