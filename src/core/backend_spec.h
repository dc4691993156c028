// BackendSpec is the typed, validated form of an app's backend.toml: the one
// description of auth, data, storage, queues, functions and outputs that every
// service reads. config/ builds it (config/backend_loader.h); nothing else
// parses TOML.
//
// A BackendSpec that exists is valid: names are unique and well-formed, every
// key a field refers to (a trigger's queue, a dead-letter queue, a group in a
// storage rule) exists, and every ${kind.key.attribute} reference in a Template
// names a real resource and attribute. Resource names (`queueName`, bucket
// `name`) are resolved at load time; Templates that may need the endpoint URL
// are resolved later by config::ResolveTemplate().
//
// Thread safety: a BackendSpec is a plain value. The sandbox publishes it as
// std::shared_ptr<const BackendSpec>, which any thread may read.

#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

namespace gloss {

// The account id of every ARN and queue URL gloss makes.
inline constexpr std::string_view kAccountId = "000000000000";

// Where a value was written, for `file:line:col: message` errors.
struct SourceLocation {
  std::string file;
  uint32_t line = 0;
  uint32_t column = 0;
};

// A string as written in backend.toml that may hold ${kind.key.attribute}
// references, e.g. "${queues.evaluation.url}". Kinds and attributes:
//   storage.KEY.{name,arn}   queues.KEY.{name,url,arn}   functions.KEY.{name,arn}
// `$$` is a literal `$`.
struct Template {
  std::string text;
  SourceLocation where;
};

struct PasswordPolicy {
  uint32_t min_length = 8;  // 6 ... 99, as Cognito.
  bool require_numbers = true;
  bool require_lowercase = true;
  bool require_uppercase = true;
  bool require_symbols = true;
  std::chrono::seconds temporary_password_validity = std::chrono::hours(24 * 7);
};

enum class LoginAttribute { kEmail, kPhone, kUsername };

struct AuthSpec {
  std::vector<LoginAttribute> login_with = {LoginAttribute::kEmail};
  std::vector<std::string> groups;  // Unique; [A-Za-z0-9_-]+.
  PasswordPolicy password_policy;
  std::chrono::seconds id_token_validity = std::chrono::hours(1);
  std::chrono::seconds access_token_validity = std::chrono::hours(1);
  std::chrono::seconds refresh_token_validity = std::chrono::hours(24 * 30);
  SourceLocation where;
};

enum class AuthorizationMode { kUserPool, kApiKey, kIam };

struct ApiKeySpec {
  uint32_t expires_in_days = 7;  // 1 ... 365, as AppSync.
};

struct DataSpec {
  std::filesystem::path schema_file;  // Absolute; the file exists at load time.
  AuthorizationMode default_authorization_mode = AuthorizationMode::kUserPool;
  std::optional<ApiKeySpec> api_key;
  SourceLocation where;
};

// Amplify's storage actions; "read" is shorthand for get + list.
enum class StorageAction { kRead, kGet, kList, kWrite, kDelete };

// One `access` entry: who may do what under `path` ("images/original/{entity_id}/*").
struct StorageAccessRule {
  std::string path;
  std::vector<StorageAction> entity;                         // The owner of {entity_id}.
  std::vector<StorageAction> authenticated;                  // Any signed-in user.
  std::vector<StorageAction> guest;                          // Unauthenticated identities.
  std::map<std::string, std::vector<StorageAction>> groups;  // Keys are auth groups.
  SourceLocation where;
};

struct StorageSpec {
  std::string key;          // The table name: [storage.KEY].
  std::string name;         // Bucket name (S3 naming rules); defaults to the key.
  bool is_default = false;  // The bucket named `bucket_name` in the outputs.
  std::vector<StorageAccessRule> access;
  SourceLocation where;
};

struct DeadLetterSpec {
  std::string queue_key;           // A key of BackendSpec::queues, never this queue.
  uint32_t max_receive_count = 0;  // 1 ... 1000.
};

struct QueueSpec {
  std::string key;
  std::string name;  // `queueName`, defaults to the key; FIFO iff it ends in ".fifo".
  bool fifo = false;
  bool content_based_deduplication = false;                            // FIFO only.
  std::chrono::seconds visibility_timeout = std::chrono::seconds(30);  // 0 ... 12 h
  std::chrono::seconds retention_period = std::chrono::hours(24 * 4);  // 60 s ... 14 d
  std::chrono::seconds delay = std::chrono::seconds(0);                // 0 ... 15 min
  std::chrono::seconds receive_wait_time = std::chrono::seconds(0);    // 0 ... 20 s
  uint32_t max_message_size = 262144;                                  // 1 KiB ... 256 KiB
  std::optional<DeadLetterSpec> dead_letter;
  SourceLocation where;
};

enum class FunctionEntryKind {
  kBuiltin,     // "builtin:process-image": compiled into gloss.
  kExecutable,  // "functions/thumbs/bootstrap": any Lambda runtime client.
  kNode,        // "node:functions/hello/handler.ts": bundled and run with aws-lambda-ric.
};

struct FunctionEntry {
  FunctionEntryKind kind = FunctionEntryKind::kBuiltin;
  std::string builtin;         // kBuiltin only.
  std::filesystem::path path;  // Absolute, exists at load time; kExecutable and kNode.
};

struct StorageTrigger {
  std::string storage_key;
  std::vector<std::string>
      events;  // "ObjectCreated", "ObjectRemoved" (optionally ":*", ":Put", ...).
  std::string prefix;
  std::string suffix;
};

struct QueueTrigger {
  std::string queue_key;
  uint32_t batch_size = 10;                                            // 1 ... 10000.
  std::chrono::seconds max_batching_window = std::chrono::seconds(0);  // 0 ... 300 s
};

using FunctionTrigger = std::variant<StorageTrigger, QueueTrigger>;

enum class PolicyEffect { kAllow, kDeny };

// An IAM statement. Actions are "service:Action" patterns with `*`/`?`
// wildcards; resources are ARN patterns that may hold references.
struct PolicyStatement {
  PolicyEffect effect = PolicyEffect::kAllow;
  std::vector<std::string> actions;
  std::vector<Template> resources;
  SourceLocation where;
};

// One `schedule` expression ("every 5m", "0 12 * * ?", "rate(5 minutes)",
// "cron(0 12 * * ? *)"), valid by construction: config::ParsedSchedule()
// (config/schedule.h) turns it into times without an error path. The text is
// kept rather than the parsed form because the parser lives in config/, above core/.
struct FunctionSchedule {
  std::string expression;
  SourceLocation where;
};

struct FunctionSpec {
  std::string key;
  std::string name;  // Defaults to the key.
  FunctionEntry entry;
  std::chrono::seconds timeout = std::chrono::seconds(3);  // 1 ... 900 s, as Lambda.
  uint32_t memory_mb = 512;                                // 128 ... 10240, as Lambda.
  std::map<std::string, Template> environment;             // Env var -> value.
  std::map<std::string, std::string> secrets;              // Env var -> secret name.
  std::vector<FunctionTrigger> triggers;
  std::vector<PolicyStatement> policy;
  std::vector<FunctionSchedule> schedules;  // `schedule`: one string or an array; UTC.
  // `layers`: module name ("sharp", "@scope/pkg") -> absolute path of a folder
  // inside the app; at most 5 distinct folders, as Lambda. The functions
  // service mounts them read-only and adds them to NODE_PATH/LD_LIBRARY_PATH.
  std::map<std::string, std::filesystem::path> layers;
  uint32_t max_concurrency = 10;  // 1 ... 1000 workers at a time.
  uint32_t retry_attempts = 2;    // 0 ... 2 retries of a failed async event, as Lambda's
                                  // MaximumRetryAttempts.
  SourceLocation where;
};

struct BackendSpec {
  std::filesystem::path app_dir;       // Absolute.
  std::filesystem::path backend_file;  // Absolute path of backend.toml.
  std::string region = "us-east-1";

  std::optional<AuthSpec> auth;
  std::optional<DataSpec> data;
  std::map<std::string, StorageSpec> storage;     // By key.
  std::map<std::string, QueueSpec> queues;        // By key.
  std::map<std::string, FunctionSpec> functions;  // By key.

  // [outputs.custom]: a JSON object whose string leaves are Template texts,
  // resolved when the outputs file is written.
  nlohmann::json custom_outputs = nlohmann::json::object();
};

}  // namespace gloss
