#include "sandbox/function_bridges.h"

#include <ctime>

#include <fmt/format.h>

#include "data/graphql/executor.h"
#include "storage/event_json.h"

namespace gloss::sandbox {
namespace {

// Delivers storage events to one function as asynchronous invocations.
class TriggerConsumer : public storage::EventConsumer {
 public:
  TriggerConsumer(functions::FunctionsService& functions, std::string function,
                  std::string configuration_id, std::string region)
      : functions_(functions),
        function_(std::move(function)),
        configuration_id_(std::move(configuration_id)),
        region_(std::move(region)) {}

  Status Deliver(const storage::StorageEvent& event) override {
    storage::NotificationContext context;
    context.aws_region = region_;
    context.configuration_id = configuration_id_;
    const storage::StorageEvent events[] = {event};
    return functions_.InvokeAsync(function_, storage::S3EventNotificationJson(events, context));
  }

 private:
  functions::FunctionsService& functions_;
  const std::string function_;
  const std::string configuration_id_;
  const std::string region_;
};

// 12-hour clock time as Amplify's sandbox prints it: "3:36:34 PM".
std::string ClockTime(std::chrono::system_clock::time_point time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm local{};
  localtime_r(&seconds, &local);
  const int hour = local.tm_hour % 12 == 0 ? 12 : local.tm_hour % 12;
  return fmt::format("{}:{:02}:{:02} {}", hour, local.tm_min, local.tm_sec,
                     local.tm_hour < 12 ? "AM" : "PM");
}

}  // namespace

Result<nlohmann::json> DataFunctionInvoker::Invoke(const std::string& function_name,
                                                   const nlohmann::json& event) {
  functions::InvocationRequest request;
  request.payload = event.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  ASSIGN_OR_RETURN(const functions::InvocationResult result,
                   functions_.Invoke(function_name, std::move(request)));
  const nlohmann::json payload = nlohmann::json::parse(result.payload, nullptr, false);
  if (result.function_error) {
    // AppSync reports every function failure as Lambda:Unhandled with the
    // function's errorMessage (its errorType only reaches the logs).
    std::string message = result.payload;
    if (payload.is_object()) {
      message = payload.value("errorMessage", message);
    }
    return graphql::TypedResolverError("Lambda:Unhandled", message);
  }
  if (payload.is_discarded()) {
    // A plain-text answer is a String result, as AppSync maps it.
    return nlohmann::json(result.payload);
  }
  return payload;
}

std::vector<queue::EventSourceMapping> QueueMappings(const BackendSpec& spec,
                                                     functions::FunctionsService& functions) {
  std::vector<queue::EventSourceMapping> mappings;
  for (const auto& [key, function] : spec.functions) {
    for (const FunctionTrigger& trigger : function.triggers) {
      const auto* queue_trigger = std::get_if<QueueTrigger>(&trigger);
      if (queue_trigger == nullptr) {
        continue;
      }
      const auto queue = spec.queues.find(queue_trigger->queue_key);
      if (queue == spec.queues.end()) {
        continue;  // The loader rejects this; nothing to poll.
      }
      queue::EventSourceMapping mapping;
      mapping.function = function.name;
      mapping.queue = queue->second.name;
      mapping.batch_size = queue_trigger->batch_size;
      mapping.max_batching_window = queue_trigger->max_batching_window;
      mapping.deliver = [&functions,
                         name = function.name](const std::string& event) -> Result<std::string> {
        functions::InvocationRequest request;
        request.payload = event;
        ASSIGN_OR_RETURN(functions::InvocationResult result,
                         functions.Invoke(name, std::move(request)));
        if (result.function_error) {
          return Status::FailedPrecondition("function error: " + result.payload);
        }
        return std::move(result.payload);
      };
      mappings.push_back(std::move(mapping));
    }
  }
  return mappings;
}

Status StorageTriggers::Apply(const BackendSpec& spec) {
  for (const std::string& name : subscribed_) {
    outbox_.Unsubscribe(name);
  }
  subscribed_.clear();
  for (const auto& [key, function] : spec.functions) {
    for (size_t i = 0; i < function.triggers.size(); ++i) {
      const auto* trigger = std::get_if<StorageTrigger>(&function.triggers[i]);
      if (trigger == nullptr) {
        continue;
      }
      const StorageSpec& bucket = spec.storage.at(trigger->storage_key);
      const std::string name = "function:" + function.name + ":" + std::to_string(i);
      // One subscription per event kind the trigger names.
      const std::vector<std::string> kinds =
          trigger->events.empty() ? std::vector<std::string>{""} : trigger->events;
      for (size_t k = 0; k < kinds.size(); ++k) {
        const std::string subscription = kinds.size() == 1 ? name : name + ":" + kinds[k];
        storage::Subscription wanted;
        wanted.name = subscription;
        wanted.filter.bucket = bucket.name;
        wanted.filter.event_prefix = kinds[k];
        wanted.filter.key_prefix = trigger->prefix;
        wanted.filter.key_suffix = trigger->suffix;
        wanted.consumer =
            std::make_shared<TriggerConsumer>(functions_, function.name, subscription, spec.region);
        RETURN_IF_ERROR(outbox_.Subscribe(std::move(wanted)));
        subscribed_.push_back(subscription);
      }
    }
  }
  return Status::Ok();
}

FunctionLogPrinter::FunctionLogPrinter(functions::FunctionLogs& logs, std::FILE* out, bool color,
                                       std::optional<std::regex> filter)
    : logs_(logs), out_(out), color_(color), filter_(std::move(filter)) {
  subscription_ = logs_.Subscribe([this](const functions::LogLine& line) { Print(line); });
}

FunctionLogPrinter::~FunctionLogPrinter() { logs_.Unsubscribe(subscription_); }

void FunctionLogPrinter::Print(const functions::LogLine& line) {
  if (filter_ && !std::regex_search(line.function, *filter_)) {
    return;
  }
  const std::string name =
      color_ ? "\x1b[36m[" + line.function + "]\x1b[0m" : "[" + line.function + "]";
  const std::string text = name + " " + ClockTime(line.time) + " " + line.text + "\n";
  std::lock_guard lock(mutex_);
  std::fwrite(text.data(), 1, text.size(), out_);
  std::fflush(out_);
}

}  // namespace gloss::sandbox
