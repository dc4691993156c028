// QueueStore is the queue service's engine: durable SQS queues on a
// db::Database with the semantics of docs/design/queues.md (visibility,
// delays, retention, redrive to dead-letter queues, FIFO groups and
// deduplication, purge, message move tasks). Every change goes through a
// CommitPipeline (group commit); reads use the database's read connections.
//
// Errors carry SQS's codes (protocol/sqs_errors.h): QueueDoesNotExist,
// QueueNameExists, ReceiptHandleIsInvalid, MessageNotInflight,
// InvalidParameterValue, PurgeQueueInProgress, ...; database trouble is
// kUnavailable (retryable).
//
// Thread safety: every method may be called from any thread. Calls block on
// the database: call them from the BlockingPool or a thread of your own.

#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "db/database.h"
#include "queue/commit_pipeline.h"
#include "queue/message.h"
#include "queue/notifier.h"
#include "queue/queue_config.h"

namespace gloss::queue {

struct QueueStoreOptions {
  std::string region = "us-east-1";
  // How often expired messages and deduplication records are swept and move
  // tasks advance.
  std::chrono::milliseconds maintenance_interval{1000};
};

struct OutgoingMessage {
  std::string body;
  MessageAttributes attributes;
  std::optional<std::chrono::seconds> delay;  // Standard queues only.
  std::string group_id;                       // FIFO: required.
  std::string deduplication_id;               // FIFO: required unless content-based.
  std::string sender_id;                      // Who sent it (SenderId).
};

struct SentMessage {
  std::string message_id;
  std::string md5_of_body;
  std::string md5_of_attributes;  // Empty without attributes.
  std::string sequence_number;    // FIFO only.
};

struct ReceiveOptions {
  int max_messages = 1;  // 1 ... 10.
  std::optional<std::chrono::seconds> visibility_timeout;
};

struct ReceivedMessage {
  std::string message_id;
  std::string receipt_handle;
  std::string body;
  std::string md5_of_body;
  std::string md5_of_attributes;
  MessageAttributes attributes;
  // Every system attribute the message has (SenderId, SentTimestamp,
  // ApproximateReceiveCount, ApproximateFirstReceiveTimestamp, and
  // MessageGroupId, MessageDeduplicationId, SequenceNumber,
  // DeadLetterQueueSourceArn where they apply); callers pick the requested.
  std::map<std::string, std::string> system_attributes;
};

struct ReceiveResult {
  std::vector<ReceivedMessage> messages;
  // When nothing was visible: when the earliest delayed or in-flight message
  // becomes visible, if any (long polls wake then).
  std::optional<TimePoint> next_visible;
};

// When a receive that found nothing should look again: at `until`, or
// sooner when result.next_visible comes (on `clock`, which is wall time).
std::chrono::steady_clock::time_point NextLook(const ReceiveResult& result, const Clock& clock,
                                               std::chrono::steady_clock::time_point now,
                                               std::chrono::steady_clock::time_point until);

struct VisibilityChange {
  std::string receipt_handle;
  std::chrono::seconds timeout{0};  // 0 ... 12 h, from now.
};

// StartMessageMoveTask / ListMessageMoveTasks.
struct MoveTask {
  std::string task_handle;
  std::string status;  // RUNNING, COMPLETED, CANCELLING, CANCELLED, FAILED.
  std::string source_arn;
  std::string destination_arn;  // Empty: each message's source queue.
  int64_t max_per_second = 0;   // 0: no limit.
  int64_t moved = 0;
  int64_t to_move = 0;
  int64_t started_ms = 0;
  std::string failure_reason;
};

class QueueStore {
 public:
  // Errors: the database's (migrations).
  static Result<std::unique_ptr<QueueStore>> Open(db::Database& database, const Clock& clock,
                                                  QueueStoreOptions options);
  ~QueueStore();

  QueueStore(const QueueStore&) = delete;
  QueueStore& operator=(const QueueStore&) = delete;

  // Stops maintenance and the writer. Idempotent; calls after it fail with
  // kUnavailable.
  void Stop();

  // ---- Queues ----

  // CreateQueue: creates `name`, or returns Ok when it exists with the same
  // attributes (QueueNameExists when they differ), as SQS does.
  Status CreateQueue(std::string_view name, const AttributeMap& attributes,
                     const AttributeMap& tags);
  // Creates `name` or sets its attributes to `attributes`: queues declared in
  // backend.toml, whose definition is the truth.
  Status EnsureQueue(std::string_view name, const AttributeMap& attributes);
  Status DeleteQueue(std::string_view name);
  Status SetAttributes(std::string_view name, const AttributeMap& changes);

  // The queue's configuration. Errors: QueueDoesNotExist.
  Result<std::shared_ptr<const QueueConfig>> Config(std::string_view name) const;
  // Names in order, those starting with `prefix`.
  std::vector<std::string> ListQueues(std::string_view prefix) const;
  // Every attribute of the queue, settable and computed (message counts,
  // timestamps, QueueArn), as GetQueueAttributes returns them.
  Result<AttributeMap> GetAttributes(std::string_view name) const;
  // Queues whose RedrivePolicy names `name` as their dead-letter queue.
  Result<std::vector<std::string>> DeadLetterSourceQueues(std::string_view name) const;

  Status TagQueue(std::string_view name, const AttributeMap& tags);
  Status UntagQueue(std::string_view name, const std::vector<std::string>& keys);

  // ---- Messages ----

  // Sends each message; the results are in order. Messages must have been
  // validated by the caller (protocol/): the store checks only what depends
  // on the queue (size limit, FIFO fields, delay on FIFO queues).
  Result<std::vector<Result<SentMessage>>> Send(std::string_view queue,
                                                std::vector<OutgoingMessage> messages);
  // Receives up to options.max_messages visible messages and hides them for
  // the visibility timeout. Never waits: long polls wait with Notifier.
  Result<ReceiveResult> Receive(std::string_view queue, const ReceiveOptions& options);
  // Deletes messages by receipt handle. A handle from an earlier receive, or
  // of a message already deleted, deletes nothing and succeeds (as SQS).
  Result<std::vector<Status>> Delete(std::string_view queue,
                                     const std::vector<std::string>& receipt_handles);
  Result<std::vector<Status>> ChangeVisibility(std::string_view queue,
                                               const std::vector<VisibilityChange>& changes);
  // Deletes every message. Errors: PurgeQueueInProgress within 60 s of the
  // last purge.
  Status Purge(std::string_view queue);

  // ---- Dead-letter redrive ----

  Result<MoveTask> StartMoveTask(std::string_view source_arn, std::string_view destination_arn,
                                 int64_t max_per_second);
  Result<std::vector<MoveTask>> ListMoveTasks(std::string_view source_arn, int max_results) const;
  Result<MoveTask> CancelMoveTask(std::string_view task_handle);

  // Ends every long poll now and makes later ones return at once: the
  // server is shutting down and should not wait out 20-second polls.
  void EndLongPolls();
  bool ending_long_polls() const { return ending_long_polls_.load(); }

  // Waiters for long polls.
  Notifier& notifier() { return notifier_; }
  const Clock& clock() const { return clock_; }
  const std::string& region() const { return options_.region; }

 private:
  QueueStore(db::Database& database, const Clock& clock, QueueStoreOptions options);

  Status LoadConfigs();
  // A redrive policy set through the API must name an existing queue of the
  // same kind (backend.toml's are checked by the loader).
  Status CheckDeadLetterTarget(const QueueConfig& config) const;
  void PublishConfig(std::shared_ptr<const QueueConfig> config);
  void ForgetConfig(std::string_view name);
  Status WriteConfig(db::Connection& connection, const QueueConfig& config, bool create);
  void MaintenanceLoop();
  // Sweeps expired rows and advances move tasks; `touched` gets the queues
  // that received messages (their long polls must wake).
  Status Maintain(db::Transaction& transaction, int64_t now_ms, std::set<std::string>& touched);
  Status AdvanceMoveTasks(db::Transaction& transaction, int64_t now_ms,
                          std::set<std::string>& touched);

  db::Database& database_;
  const Clock& clock_;
  QueueStoreOptions options_;
  Notifier notifier_;
  std::atomic<bool> ending_long_polls_{false};
  CommitPipeline pipeline_;

  mutable std::mutex configs_mutex_;
  std::map<std::string, std::shared_ptr<const QueueConfig>, std::less<>> configs_;

  std::mutex maintenance_mutex_;
  std::condition_variable maintenance_wake_;
  bool stopping_ = false;
  std::thread maintenance_;
};

}  // namespace gloss::queue
