#include "queue/event_source.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>
#include <utility>

#include "core/base64.h"

namespace gloss::queue {
namespace {

using nlohmann::json;

// How long one idle poll waits for a message before looking again (the
// longest SQS long poll); Stop() interrupts it.
constexpr std::chrono::seconds kIdlePoll{20};
// After a failed receive (database trouble), before the next.
constexpr std::chrono::seconds kRetryAfterError{1};

std::string MappingKey(const EventSourceMapping& mapping) {
  return mapping.function + "\n" + mapping.queue + "\n" + std::to_string(mapping.batch_size) +
         "\n" + std::to_string(mapping.max_batching_window.count());
}

}  // namespace

json SqsEvent(const QueueConfig& config, std::string_view region,
              const std::vector<ReceivedMessage>& messages) {
  json records = json::array();
  for (const ReceivedMessage& message : messages) {
    json attributes = json::object();
    for (const auto& [name, value] : message.system_attributes) {
      attributes[name] = value;
    }
    json message_attributes = json::object();
    for (const auto& [name, value] : message.attributes) {
      json attribute = {{"stringListValues", json::array()},
                        {"binaryListValues", json::array()},
                        {"dataType", value.data_type}};
      if (value.is_binary()) {
        attribute["binaryValue"] = Base64Encode(value.binary_value);
      } else {
        attribute["stringValue"] = value.string_value;
      }
      message_attributes[name] = std::move(attribute);
    }
    json record = {{"messageId", message.message_id},
                   {"receiptHandle", message.receipt_handle},
                   {"body", message.body},
                   {"attributes", std::move(attributes)},
                   {"messageAttributes", std::move(message_attributes)},
                   {"md5OfBody", message.md5_of_body},
                   {"eventSource", "aws:sqs"},
                   {"eventSourceARN", config.arn},
                   {"awsRegion", region}};
    if (!message.md5_of_attributes.empty()) {
      record["md5OfMessageAttributes"] = message.md5_of_attributes;
    }
    records.push_back(std::move(record));
  }
  return json{{"Records", std::move(records)}};
}

std::optional<std::vector<std::string>> FailedItems(const std::string& response,
                                                    const std::vector<ReceivedMessage>& batch) {
  const json parsed = json::parse(response, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object() || !parsed.contains("batchItemFailures")) {
    return std::vector<std::string>();
  }
  const json& failures = parsed["batchItemFailures"];
  if (failures.is_null()) {
    return std::vector<std::string>();
  }
  if (!failures.is_array()) {
    return std::nullopt;
  }
  std::set<std::string> in_batch;
  for (const ReceivedMessage& message : batch) {
    in_batch.insert(message.message_id);
  }
  std::vector<std::string> failed;
  for (const json& failure : failures) {
    // An entry without a known id makes the response invalid: Lambda then
    // retries the whole batch.
    if (!failure.is_object() || !failure.contains("itemIdentifier") ||
        !failure["itemIdentifier"].is_string() ||
        !in_batch.contains(failure["itemIdentifier"].get<std::string>())) {
      return std::nullopt;
    }
    failed.push_back(failure["itemIdentifier"].get<std::string>());
  }
  return failed;
}

class EventSourceMappings::Poller {
 public:
  Poller(QueueStore& store, Logger& logger, EventSourceMapping mapping)
      : store_(store), logger_(logger), mapping_(std::move(mapping)), thread_([this] { Run(); }) {}

  ~Poller() { Stop(); }

  void Stop() {
    {
      std::lock_guard lock(signal_->mutex);
      signal_->stopping = true;
    }
    signal_->wake.notify_all();
    if (thread_.joinable()) {
      thread_.join();
    }
  }

 private:
  // What wakes the poller. Shared with the Notifier's waiters, which may
  // still run after the poller removed them (Notify calls outside its lock).
  struct Signal {
    std::mutex mutex;
    std::condition_variable wake;
    bool stopping = false;
    uint64_t notifications = 0;
  };

  uint64_t Notifications() {
    std::lock_guard lock(signal_->mutex);
    return signal_->notifications;
  }

  bool Stopping() {
    std::lock_guard lock(signal_->mutex);
    return signal_->stopping;
  }

  // Waits until the queue is notified after `seen`, `until`, or Stop().
  void WaitForMessages(std::chrono::steady_clock::time_point until, uint64_t seen) {
    std::unique_lock lock(signal_->mutex);
    signal_->wake.wait_until(lock, until,
                             [&] { return signal_->stopping || signal_->notifications != seen; });
  }

  // Waits until `until` or Stop().
  void Sleep(std::chrono::steady_clock::time_point until) {
    std::unique_lock lock(signal_->mutex);
    signal_->wake.wait_until(lock, until, [&] { return signal_->stopping; });
  }

  // Receives up to batch_size messages: as many as are there, or with a
  // batching window, until the batch is full or the window ends.
  std::vector<ReceivedMessage> CollectBatch() {
    std::vector<ReceivedMessage> batch;
    const auto started = std::chrono::steady_clock::now();
    const auto window_end = started + mapping_.max_batching_window;
    const auto idle_end = started + kIdlePoll;
    while (!Stopping() && batch.size() < mapping_.batch_size) {
      // Registered before the receive looks, so a send in between is seen.
      const uint64_t seen = Notifications();
      const Notifier::WaiterId waiter = store_.notifier().Add(mapping_.queue, [signal = signal_] {
        {
          std::lock_guard lock(signal->mutex);
          ++signal->notifications;
        }
        signal->wake.notify_all();
      });
      const int wanted = static_cast<int>(std::min<size_t>(10, mapping_.batch_size - batch.size()));
      Result<ReceiveResult> received = store_.Receive(mapping_.queue, {wanted, std::nullopt});
      const auto now = std::chrono::steady_clock::now();
      if (!received.ok()) {
        store_.notifier().Remove(mapping_.queue, waiter);
        logger_.Warn("queue", "event source receive failed",
                     {{"function", mapping_.function},
                      {"queue", mapping_.queue},
                      {"error", received.status().ToString()}});
        Sleep(now + kRetryAfterError);
        return batch;
      }
      const size_t got = received->messages.size();
      for (ReceivedMessage& message : received->messages) {
        batch.push_back(std::move(message));
      }
      const bool window_over = mapping_.max_batching_window.count() == 0 || now >= window_end;
      // A full receive means more may be there right away: look again now.
      const bool more_now = got == static_cast<size_t>(wanted);
      const bool finished = (!batch.empty() && window_over) || (batch.empty() && now >= idle_end);
      if (!more_now && !finished) {
        WaitForMessages(
            NextLook(*received, store_.clock(), now, batch.empty() ? idle_end : window_end), seen);
      }
      store_.notifier().Remove(mapping_.queue, waiter);
      if (!more_now && finished) {
        return batch;
      }
    }
    return batch;
  }

  void Deliver(const std::vector<ReceivedMessage>& batch) {
    Result<std::shared_ptr<const QueueConfig>> config = store_.Config(mapping_.queue);
    if (!config.ok()) {
      return;  // Deleted meanwhile; the messages went with it.
    }
    const std::string event = SqsEvent(**config, store_.region(), batch).dump();
    Result<std::string> response = mapping_.deliver(event);
    if (!response.ok()) {
      logger_.Warn("queue", "batch failed; its messages return after the visibility timeout",
                   {{"function", mapping_.function},
                    {"queue", mapping_.queue},
                    {"messages", batch.size()},
                    {"error", response.status().ToString()}});
      return;
    }
    const std::optional<std::vector<std::string>> failed = FailedItems(*response, batch);
    if (!failed) {
      logger_.Warn("queue", "invalid batchItemFailures response; the whole batch is retried",
                   {{"function", mapping_.function}, {"queue", mapping_.queue}});
      return;
    }
    const std::set<std::string> retry(failed->begin(), failed->end());
    std::vector<std::string> handles;
    for (const ReceivedMessage& message : batch) {
      if (!retry.contains(message.message_id)) {
        handles.push_back(message.receipt_handle);
      }
    }
    if (handles.empty()) {
      return;
    }
    Result<std::vector<Status>> deleted = store_.Delete(mapping_.queue, handles);
    if (!deleted.ok()) {
      logger_.Warn("queue", "cannot delete a delivered batch; it will be delivered again",
                   {{"function", mapping_.function}, {"error", deleted.status().ToString()}});
    }
  }

  void Run() {
    while (!Stopping()) {
      const std::vector<ReceivedMessage> batch = CollectBatch();
      if (!batch.empty()) {
        Deliver(batch);
      }
    }
  }

  QueueStore& store_;
  Logger& logger_;
  const EventSourceMapping mapping_;
  const std::shared_ptr<Signal> signal_ = std::make_shared<Signal>();
  std::thread thread_;  // Last: starts once the members above exist.
};

EventSourceMappings::EventSourceMappings(QueueStore& store, Logger& logger)
    : store_(store), logger_(logger) {}

EventSourceMappings::~EventSourceMappings() { Stop(); }

void EventSourceMappings::Apply(std::vector<EventSourceMapping> mappings) {
  std::map<std::string, EventSourceMapping> wanted;
  for (EventSourceMapping& mapping : mappings) {
    wanted.emplace(MappingKey(mapping), std::move(mapping));
  }
  for (auto it = pollers_.begin(); it != pollers_.end();) {
    it = wanted.contains(it->first) ? std::next(it) : pollers_.erase(it);
  }
  for (auto& [key, mapping] : wanted) {
    if (!pollers_.contains(key)) {
      pollers_.emplace(key, std::make_unique<Poller>(store_, logger_, std::move(mapping)));
    }
  }
}

void EventSourceMappings::Stop() { pollers_.clear(); }

}  // namespace gloss::queue
