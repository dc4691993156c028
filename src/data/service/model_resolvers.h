// The resolvers of the generated AppSync schema (schema_generator.h) over the
// model tables: get/list/index queries, create/update/delete mutations,
// relationship fields (hasMany, hasOne, belongsTo) and field-level @auth,
// each authorizing the request's principal with the model's rules
// (authorizer.h) the way Amplify's generated resolvers do:
//   - a denied operation is an `Unauthorized` error ("Not Authorized to access
//     getImage on type Query"); lists return only permitted items;
//   - create fills id (UUID), createdAt/updatedAt (ISO 8601 UTC), @default
//     values, __typename and the owner field from the caller's identity;
//   - update/delete by an owner-only caller carry the owner check as a
//     condition: someone else's item fails with ConditionalCheckFailed;
//   - relationship fields resolve for a whole page of parents in one query.
// Custom queries and mutations call a FunctionInvoker (functions service).
//
// Thread safety: the resolvers are immutable and thread-safe; they block on
// the database.

#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "auth/principal.h"
#include "aws/iam_policy.h"
#include "core/result.h"
#include "data/graphql/executor.h"
#include "data/model/data_model.h"
#include "data/service/subscription_hub.h"
#include "data/store/model_table.h"

namespace gloss::data {

// What resolvers know about the request (the executor's RequestScope). Refers
// to the caller's principal rather than copying it (its claims are a JSON
// object): the principal must outlive the execution.
struct DataRequestScope : graphql::RequestScope {
  DataRequestScope(const auth::Principal& caller, std::chrono::system_clock::time_point at)
      : principal(caller), now(at) {}
  const auth::Principal& principal;
  std::chrono::system_clock::time_point now;
  // A function principal's IAM policy (null: it may do nothing), and the
  // region of the table ARNs it is checked against (function_grants.h).
  const aws::IamPolicy* function_policy = nullptr;
  std::string_view region = "us-east-1";
};

// Runs the function behind a custom operation (@function(name:)) with an
// AppSync resolver event ({arguments, identity, source, info, ...}) and returns
// its result. Implemented by the functions service.
class FunctionInvoker {
 public:
  virtual ~FunctionInvoker() = default;
  virtual Result<nlohmann::json> Invoke(const std::string& function_name,
                                        const nlohmann::json& event) = 0;
};

// The model tables by model name.
using ModelTables = std::map<std::string, std::unique_ptr<store::ModelTable>, std::less<>>;

// The table layout for `model`: its key, its @index indexes, and the
// reference lookups its relationship fields need on other models.
store::ModelTableSpec TableSpecFor(const ModelSpec& model, const DataModel& data);

// Adds every resolver for `data` to `resolvers`. Successful mutations publish
// their item to `hub` under the mutation's name ("createImage"). `tables`
// (one per model), `data`, `functions` and `hub` (both may be null) must
// outlive the resolvers.
void AddModelResolvers(const DataModel& data, const ModelTables& tables, FunctionInvoker* functions,
                       SubscriptionHub* hub, graphql::ResolverMap& resolvers);

}  // namespace gloss::data
