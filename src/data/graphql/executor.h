// The GraphQL executor (October 2021 spec, section 6) over a Schema and a
// validated request: operation selection, variable coercion, field
// collection with fragments, @skip/@include, aliases, argument coercion,
// value completion with null propagation, __typename and introspection, and
// spec-shaped `errors` carrying AppSync's `errorType`.
//
// Resolution is batched by level: a field is resolved once for every parent
// object at the same position in the result (all items of a list at once), so
// resolvers can fetch related data in one query instead of one per item
// (no N+1). A field without a resolver reads the member of the same name
// from its parent JSON object (AppSync's default for model items).
//
// A resolver may return objects as JSON text, RawObjectValue (raw_json.h),
// e.g. stored items: the executor then reads the selected members from the
// text and writes leaf values into the response as they are written there
// (when that is how they serialize), without building a DOM. Resolvers of
// fields on such objects still get the parent as a DOM (parsed on demand).
//
// Errors: a resolver's Status becomes an errors[] entry with the field's path
// and location; its code picks AppSync's errorType:
//   kUnauthenticated, kPermissionDenied  Unauthorized
//   kFailedPrecondition, kAlreadyExists   DynamoDB:ConditionalCheckFailedException
//   kInvalidArgument                      ValidationError
//   other codes                           InternalFailure (message kept generic for kInternal)
// Variable and argument coercion errors are request errors (no data).
//
// What it is not: validation (validate.h runs first) or transport.
//
// Thread safety: Execute may run concurrently; resolvers must be thread-safe.
// It blocks for as long as resolvers do: run it on the BlockingPool.

#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "data/graphql/ast.h"
#include "data/graphql/schema.h"

namespace gloss::graphql {

// Per-request state resolvers need (who asks, ...); services derive from it.
class RequestScope {
 public:
  virtual ~RequestScope() = default;
};

// What a resolver knows about the field it resolves.
struct FieldContext {
  const Schema& schema;
  const TypeDefinition& parent_type;
  const FieldDefinition& definition;
  const Field& field;               // The first AST node of the field.
  const nlohmann::json& arguments;  // Coerced: an object with every argument that has a value.
  const RequestScope* scope;        // May be null.
};

// Resolves a field for a batch of parents (JSON objects, or null for root
// fields); returns one result per parent, in order.
using FieldResolver = std::function<std::vector<Result<nlohmann::json>>(
    const FieldContext& context, std::span<const nlohmann::json* const> parents)>;

// Checks and normalises a custom scalar (AWSDateTime, ...) given as input;
// returns the value to use. Unknown custom scalars pass unchanged when absent.
using ScalarCoercer =
    std::function<Result<nlohmann::json>(std::string_view scalar, const nlohmann::json& value)>;

class ResolverMap {
 public:
  void Set(std::string_view type, std::string_view field, FieldResolver resolver);
  const FieldResolver* Find(std::string_view type, std::string_view field) const;

 private:
  std::unordered_map<std::string, FieldResolver> resolvers_;  // Key: "Type.field".
};

struct ExecutionRequest {
  const Schema* schema = nullptr;
  const Document* document = nullptr;  // Already validated against schema.
  std::string operation_name;          // Empty: the only operation.
  nlohmann::json variables = nlohmann::json::object();
  const ResolverMap* resolvers = nullptr;
  const RequestScope* scope = nullptr;
  ScalarCoercer coerce_scalar;  // May be empty.
  // For subscription events: the value the subscription's root field resolves
  // to (the mutation's result). Ignored for queries and mutations.
  const nlohmann::json* root_field_value = nullptr;
};

// Runs the request and returns the response as compact JSON text:
// {"data": ...} with "errors": [...] when there are any; members in selection
// order; invalid UTF-8 in strings replaced by U+FFFD. Request errors (no such
// operation, bad variables) give {"errors": [...]} without data, as the spec
// says.
std::string Execute(const ExecutionRequest& request);

// The selected operation of `document`, or null (with `error` set) if the
// name is unknown or it is ambiguous.
const OperationDefinition* SelectOperation(const Document& document, std::string_view name,
                                           std::string* error);

// The errorType AppSync reports for a resolver failure with `status`.
std::string_view AppSyncErrorType(const Status& status);

// A resolver failure that names its own errorType (a function's failure is
// "Lambda:Unhandled" in AppSync). The executor reports it with that type and
// `message`.
Status TypedResolverError(std::string_view error_type, std::string_view message);

}  // namespace gloss::graphql
