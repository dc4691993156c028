// Internals shared by validate.cc and validate_overlap.cc: the error sink
// with its cap, fragment lookup, name locations, and the
// OverlappingFieldsCanBeMerged checker. Not an API.
//
// Thread safety: one ValidationContext per Validate call, single-threaded.

#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "data/graphql/ast.h"
#include "data/graphql/schema.h"
#include "data/graphql/validate.h"

namespace gloss::graphql::internal {

class ValidationContext {
 public:
  ValidationContext(const Schema& schema, const Document& document,
                    const ValidationOptions& options);

  const Schema& schema() const { return schema_; }
  const Document& document() const { return document_; }
  const ValidationOptions& options() const { return options_; }

  // The first fragment of that name, or null.
  const FragmentDefinition* FindFragment(std::string_view name) const;

  // Records an error unless the cap was reached (then the abort notice once).
  void Report(std::string message, std::vector<SourceLocation> locations);
  bool aborted() const { return aborted_; }

  // Where `name` (a view into the document's source) starts; `fallback` if
  // it is not in the source (decoded or synthesized text).
  SourceLocation LocationOf(std::string_view name, SourceLocation fallback) const;

  std::vector<ValidationError> TakeErrors() { return std::move(errors_); }

 private:
  const Schema& schema_;
  const Document& document_;
  const ValidationOptions& options_;
  std::unordered_map<std::string_view, const FragmentDefinition*> fragments_;
  // Positions of every 4096th source byte, computed on first use.
  mutable std::vector<SourceLocation> checkpoints_;
  std::vector<ValidationError> errors_;
  bool aborted_ = false;
};

// OverlappingFieldsCanBeMerged (graphql-js algorithm without its caches but
// with a work budget, ValidationOptions::max_overlap_comparisons).
class OverlapChecker {
 public:
  explicit OverlapChecker(ValidationContext& context);

  // Reports conflicts among the fields `selection_set` selects (directly,
  // through inline fragments and through fragment spreads).
  void CheckSelectionSet(const SelectionSet& selection_set, const TypeDefinition* parent);

 private:
  struct FieldEntry {
    const Field* node;
    const TypeDefinition* parent;       // Null if unknown.
    const FieldDefinition* definition;  // Null if unknown.
  };
  // Response key -> fields, in first-seen order.
  struct FieldMap {
    std::vector<std::pair<std::string_view, std::vector<FieldEntry>>> groups;
    std::unordered_map<std::string_view, size_t> index;
    void Add(const FieldEntry& entry);
  };
  struct Conflict {
    std::string_view response_key;
    std::string reason;
    std::vector<SourceLocation> locations;
  };

  bool Spend(size_t amount);
  void CollectOwn(const SelectionSet& selection_set, const TypeDefinition* parent, FieldMap& map,
                  std::vector<std::string_view>& spreads);
  void AddFragmentFields(std::string_view fragment, FieldMap& map);
  const FieldMap* FragmentFields(std::string_view fragment);
  // The fields of `entry`'s selection set (fragments flattened), memoized.
  const FieldMap* SubFields(const FieldEntry& entry);
  void Within(const FieldMap& map, std::vector<Conflict>& out, int depth);
  void Between(const FieldMap& first, const FieldMap& second, bool exclusive,
               std::vector<Conflict>& out, int depth);
  std::optional<Conflict> FindConflict(std::string_view key, const FieldEntry& first,
                                       const FieldEntry& second, bool exclusive, int depth);
  void ReportAll(const std::vector<Conflict>& conflicts);

  ValidationContext& context_;
  size_t budget_;
  std::unordered_map<std::string_view, FieldMap> fragment_fields_;
  std::map<std::pair<const Field*, const TypeDefinition*>, FieldMap> sub_fields_;
  std::set<std::tuple<std::string_view, std::string_view, bool>> compared_fragments_;
};

}  // namespace gloss::graphql::internal
