// The seams between the functions service and the other services, wired in
// the composition root so that no service includes another:
//   - DataFunctionInvoker: custom GraphQL operations (@function) invoke
//     their function synchronously (data::FunctionInvoker);
//   - StorageTriggers: each storage trigger of backend.toml becomes an
//     outbox subscription whose events are accepted as durable asynchronous
//     invocations carrying S3's event JSON;
//   - QueueMappings: each queue trigger becomes an event source mapping
//     whose batches invoke the function synchronously;
//   - FunctionLogPrinter: --stream-function-logs, `[NAME] 3:36:34 PM line`.
//
// Thread safety: DataFunctionInvoker and FunctionLogPrinter are safe from
// any thread; StorageTriggers::Apply is for the sandbox's start and reload.

#pragma once

#include <cstdio>
#include <memory>
#include <mutex>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "core/backend_spec.h"
#include "data/service/model_resolvers.h"
#include "functions/functions_service.h"
#include "queue/event_source.h"
#include "storage/outbox_dispatcher.h"

namespace gloss::sandbox {

class DataFunctionInvoker : public data::FunctionInvoker {
 public:
  explicit DataFunctionInvoker(functions::FunctionsService& functions) : functions_(functions) {}
  // A function error becomes a resolver error "errorType: errorMessage", as
  // AppSync reports an unhandled Lambda error.
  Result<nlohmann::json> Invoke(const std::string& function_name,
                                const nlohmann::json& event) override;

 private:
  functions::FunctionsService& functions_;
};

class StorageTriggers {
 public:
  StorageTriggers(storage::OutboxDispatcher& outbox, functions::FunctionsService& functions)
      : outbox_(outbox), functions_(functions) {}

  // Subscribes the storage triggers of `spec`'s functions and unsubscribes
  // the ones it no longer has. Subscription names ("function:NAME:INDEX")
  // stay the same across restarts, as the outbox requires.
  Status Apply(const BackendSpec& spec);

 private:
  storage::OutboxDispatcher& outbox_;
  functions::FunctionsService& functions_;
  std::vector<std::string> subscribed_;
};

// The event source mappings of `spec`'s queue triggers; each delivers its
// batch to the function and fails on a function error.
std::vector<queue::EventSourceMapping> QueueMappings(const BackendSpec& spec,
                                                     functions::FunctionsService& functions);

// Prints every function log line to `out` as Amplify's sandbox does, the
// function name coloured when `color`; only functions whose name matches
// `filter` (a search, like --logs-filter) when set.
class FunctionLogPrinter {
 public:
  FunctionLogPrinter(functions::FunctionLogs& logs, std::FILE* out, bool color,
                     std::optional<std::regex> filter);
  ~FunctionLogPrinter();

  FunctionLogPrinter(const FunctionLogPrinter&) = delete;
  FunctionLogPrinter& operator=(const FunctionLogPrinter&) = delete;

 private:
  void Print(const functions::LogLine& line);

  functions::FunctionLogs& logs_;
  std::FILE* out_;
  const bool color_;
  const std::optional<std::regex> filter_;
  std::mutex mutex_;  // One line at a time.
  uint64_t subscription_ = 0;
};

}  // namespace gloss::sandbox
