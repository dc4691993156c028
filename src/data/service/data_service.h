// DataService is the sandbox's AppSync API: it turns data/schema.graphql into
// the generated schema (schema_generator.h), keeps one table per model
// (model_table.h) and executes GraphQL requests with the model resolvers for
// a principal. Parsed and validated requests are cached by their text, so a
// repeated query costs one hash lookup before execution.
//
// Reload() reads the schema file again; a bad schema is reported and the
// previous one keeps serving. Tables are never dropped: fields that disappear
// stay in the stored JSON, new indexes are built.
//
// Subscriptions: Subscribe registers a listener on the SubscriptionHub that
// the mutation resolvers publish to.
//
// Thread safety: Execute and Subscribe may run concurrently with themselves
// and with Reload (each uses one immutable snapshot). They block on the
// database: call them on the BlockingPool.

#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "auth/principal.h"
#include "aws/iam_policy.h"
#include "core/logger.h"
#include "core/result.h"
#include "data/service/model_resolvers.h"
#include "data/service/subscription_hub.h"
#include "data/store/page_token.h"
#include "db/database.h"

namespace gloss::data {

struct DataServiceOptions {
  std::filesystem::path schema_file;       // APP/data/schema.graphql.
  std::string page_token_key;              // >= 32 random bytes, kept in the state folder.
  std::string region = "us-east-1";        // Of the table ARNs function policies name.
  aws::IamPolicyLookup function_policies;  // Unset: functions may do nothing.
};

class DataService {
 public:
  // Loads the schema and opens the tables. `database`, `logger` and
  // `functions` (may be null) must outlive the service. Errors: the schema's
  // (kInvalidArgument with positions), the database's.
  static Result<std::unique_ptr<DataService>> Open(db::Database& database,
                                                   const DataServiceOptions& options,
                                                   FunctionInvoker* functions, Logger& logger);
  ~DataService();

  // Re-reads the schema file. On an error the previous schema stays.
  Status Reload();

  // Runs one GraphQL request: `body` is the parsed POST body ({query,
  // variables, operationName}). Returns the response as JSON text (AppSync's
  // shape; request errors give {"errors": [...]} or {"data": null, "errors":
  // [...]}).
  std::string Execute(const nlohmann::json& body, const auth::Principal& principal,
                      std::chrono::system_clock::time_point now) const;

  // The generated schema as SDL (with AppSync's scalars and directives declared).
  std::string SchemaSdl() const;

  // The outputs file's data.model_introspection (model_introspection.h) for
  // the schema now serving.
  nlohmann::json ModelIntrospection() const;

  // Receives each event of a live subscription as a response object
  // ({"data": {"onCreateImage": {...}}}), on the publishing thread.
  using Delivery = std::function<void(nlohmann::ordered_json response)>;
  struct SubscribeResult {
    uint64_t handle = 0;                      // For Unsubscribe; 0 when refused.
    nlohmann::ordered_json errors = nullptr;  // GraphQL errors[] when refused.
  };

  // Starts a subscription `body` ({query, variables, operationName}) for
  // `principal`: validates it, checks the model's listen rules, and from then
  // on delivers every matching mutation result, authorized per item (owner,
  // groups), filtered by its `filter` and owner arguments and shaped by its
  // selection set. Stays on the schema snapshot it started on.
  SubscribeResult Subscribe(const nlohmann::json& body, const auth::Principal& principal,
                            Delivery deliver);
  // Idempotent.
  void Unsubscribe(uint64_t handle);

 private:
  struct Snapshot;

  DataService(db::Database& database, const DataServiceOptions& options, FunctionInvoker* functions,
              Logger& logger);
  Result<std::shared_ptr<const Snapshot>> Load();
  std::string ExecuteUnguarded(const nlohmann::json& body, const auth::Principal& principal,
                               std::chrono::system_clock::time_point now) const;
  SubscribeResult SubscribeUnguarded(const nlohmann::json& body, const auth::Principal& principal,
                                     Delivery deliver);

  db::Database& database_;
  const DataServiceOptions options_;
  FunctionInvoker* functions_;
  Logger& logger_;
  const store::PageTokenCodec tokens_;
  SubscriptionHub hub_;      // Outlives every snapshot's resolvers that publish to it.
  std::mutex reload_mutex_;  // One Reload at a time.
  std::shared_ptr<const Snapshot> snapshot_;  // std::atomic_load/store.
};

}  // namespace gloss::data
