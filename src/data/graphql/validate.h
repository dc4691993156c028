// Validation of executable documents (requests) against a Schema: the
// October 2021 spec's section 5 rules with graphql-js 16's message texts, plus
// request-cost limits (selection depth, fields and aliases after fragment
// expansion). The list of rules and what is partial is in
// docs/design/graphql.md.
//
// Not execution and not variable-value coercion: variable values arrive with
// the request and are checked by the executor.
//
// Bounded on hostile input: fragment expansion is memoized, fragment cycles
// are cut, and the overlapping-fields comparison has a work budget.
//
// Thread safety: stateless functions over const inputs, safe from any thread.

#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/status.h"
#include "data/graphql/ast.h"
#include "data/graphql/schema.h"

namespace gloss::graphql {

struct ValidationOptions {
  // Errors collected at most; then graphql-js's "Too many validation errors,
  // error limit reached. Validation aborted." is appended.
  size_t max_errors = 100;
  // Nesting of fields in one operation after fragment expansion; `{ a }` is 1.
  // 0 disables.
  int max_depth = 15;
  // Fields selected in one operation after fragment expansion. 0 disables.
  size_t max_fields = 1000;
  // Aliased fields in one operation after fragment expansion. 0 disables.
  size_t max_aliases = 100;
  // Work budget (pairs of fields compared) for OverlappingFieldsCanBeMerged
  // per document; beyond it the rule stops looking.
  size_t max_overlap_comparisons = 50'000;
};

// One problem, as a GraphQL response's errors[] entry needs it.
struct ValidationError {
  std::string message;  // graphql-js text, no location prefix.
  std::vector<SourceLocation> locations;

  friend bool operator==(const ValidationError&, const ValidationError&) = default;
};

// All problems found in `document`, in document order per rule; empty if valid.
std::vector<ValidationError> ValidateDocument(const Schema& schema, const Document& document,
                                              const ValidationOptions& options = {});

// ValidateDocument as a Status: OK, or kInvalidArgument whose message has one
// line per error, "LINE:COL: message" (the first location; none if synthesized).
Status Validate(const Schema& schema, const Document& document,
                const ValidationOptions& options = {});

// "LINE:COL: message" lines for `errors`, as in Validate.
std::string FormatValidationErrors(const std::vector<ValidationError>& errors);

}  // namespace gloss::graphql
