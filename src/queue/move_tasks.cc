// QueueStore's message move tasks: StartMessageMoveTask and friends, which
// redrive a dead-letter queue's messages back to their source queues (or to
// one destination). The moving happens on maintenance ticks, in the writer,
// a chunk at a time.

#include <set>
#include <utility>

#include "core/random.h"
#include "queue/internal/message_rows.h"
#include "queue/protocol/sqs_errors.h"
#include "queue/queue_store.h"

namespace gloss::queue {
namespace {

using protocol::SqsErrorCode;
using protocol::SqsErrorStatus;

// Moves per tick when the task sets no rate.
constexpr int64_t kUnlimitedChunk = 1000;

constexpr std::string_view kTaskColumns =
    "task_handle, status, source_arn, destination_arn, max_per_second, moved, to_move,"
    " started_ms, failure_reason";

Result<MoveTask> ReadTask(const db::Row& row) {
  MoveTask task;
  ASSIGN_OR_RETURN(task.task_handle, row.Get<std::string>(0));
  ASSIGN_OR_RETURN(task.status, row.Get<std::string>(1));
  ASSIGN_OR_RETURN(task.source_arn, row.Get<std::string>(2));
  ASSIGN_OR_RETURN(task.destination_arn, row.Get<std::string>(3));
  ASSIGN_OR_RETURN(task.max_per_second, row.Get<int64_t>(4));
  ASSIGN_OR_RETURN(task.moved, row.Get<int64_t>(5));
  ASSIGN_OR_RETURN(task.to_move, row.Get<int64_t>(6));
  ASSIGN_OR_RETURN(task.started_ms, row.Get<int64_t>(7));
  ASSIGN_OR_RETURN(task.failure_reason, row.Get<std::string>(8));
  return task;
}

Status SetTaskProgress(db::Connection& connection, const MoveTask& task) {
  return connection
      .Execute(
          "UPDATE queue_move_tasks SET status = ?, moved = ?, failure_reason = ?"
          " WHERE task_handle = ?",
          {task.status, task.moved, task.failure_reason, task.task_handle})
      .status();
}

}  // namespace

Result<MoveTask> QueueStore::StartMoveTask(std::string_view source_arn,
                                           std::string_view destination_arn,
                                           int64_t max_per_second) {
  const std::optional<std::string> source = QueueNameOfArn(source_arn);
  if (!source) {
    return SqsErrorStatus(
        SqsErrorCode::kInvalidParameterValue,
        "Value " + std::string(source_arn) + " for parameter SourceArn is invalid.");
  }
  ASSIGN_OR_RETURN(const std::vector<std::string> sources, DeadLetterSourceQueues(*source));
  if (sources.empty()) {
    return SqsErrorStatus(SqsErrorCode::kInvalidParameterValue,
                          "Source queue must be configured as a Dead Letter Queue.");
  }
  if (!destination_arn.empty()) {
    const std::optional<std::string> destination = QueueNameOfArn(destination_arn);
    if (!destination) {
      return SqsErrorStatus(
          SqsErrorCode::kInvalidParameterValue,
          "Value " + std::string(destination_arn) + " for parameter DestinationArn is invalid.");
    }
    RETURN_IF_ERROR(Config(*destination).status());
  }
  if (max_per_second < 0 || max_per_second > 500) {
    return SqsErrorStatus(SqsErrorCode::kInvalidParameterValue,
                          "MaxNumberOfMessagesPerSecond must be between 1 and 500.");
  }
  MoveTask task;
  task.task_handle = RandomString(40, kBase62);
  task.status = "RUNNING";
  task.source_arn = std::string(source_arn);
  task.destination_arn = std::string(destination_arn);
  task.max_per_second = max_per_second;
  task.started_ms = ToUnixMillis(clock_.Now());
  const Status committed = pipeline_.Run([&](db::Transaction& transaction) -> Status {
    ASSIGN_OR_RETURN(const std::optional<db::Row> running,
                     transaction.QueryOne("SELECT task_handle FROM queue_move_tasks WHERE"
                                          " source_arn = ? AND status = 'RUNNING' LIMIT 1",
                                          {task.source_arn}));
    if (running) {
      return SqsErrorStatus(SqsErrorCode::kUnsupportedOperation,
                            "There is already a task running. Only one active task is allowed "
                            "for each source queue arn at a given time.");
    }
    ASSIGN_OR_RETURN(
        const std::optional<db::Row> count,
        transaction.QueryOne("SELECT count(*) FROM queue_messages WHERE queue = ?", {*source}));
    if (count) {
      ASSIGN_OR_RETURN(task.to_move, count->Get<int64_t>(0));
    }
    return transaction
        .Execute("INSERT INTO queue_move_tasks (" + std::string(kTaskColumns) +
                     ") VALUES (?, ?, ?, ?, ?, 0, ?, ?, '')",
                 {task.task_handle, task.status, task.source_arn, task.destination_arn,
                  task.max_per_second, task.to_move, task.started_ms})
        .status();
  });
  RETURN_IF_ERROR(committed);
  maintenance_wake_.notify_all();  // Start moving now, not at the next tick.
  return task;
}

Result<std::vector<MoveTask>> QueueStore::ListMoveTasks(std::string_view source_arn,
                                                        int max_results) const {
  ASSIGN_OR_RETURN(const db::Rows rows,
                   database_.Query("SELECT " + std::string(kTaskColumns) +
                                       " FROM queue_move_tasks WHERE source_arn = ?"
                                       " ORDER BY started_ms DESC LIMIT ?",
                                   {std::string(source_arn), std::clamp(max_results, 1, 10)}));
  std::vector<MoveTask> tasks;
  for (const db::Row& row : rows) {
    ASSIGN_OR_RETURN(MoveTask task, ReadTask(row));
    tasks.push_back(std::move(task));
  }
  return tasks;
}

Result<MoveTask> QueueStore::CancelMoveTask(std::string_view task_handle) {
  MoveTask task;
  const Status committed = pipeline_.Run([&](db::Transaction& transaction) -> Status {
    ASSIGN_OR_RETURN(const std::optional<db::Row> row,
                     transaction.QueryOne("SELECT " + std::string(kTaskColumns) +
                                              " FROM queue_move_tasks WHERE task_handle = ?",
                                          {std::string(task_handle)}));
    if (!row) {
      return SqsErrorStatus(SqsErrorCode::kResourceNotFoundException,
                            "The resource that you specified for the TaskHandle parameter "
                            "doesn't exist.");
    }
    ASSIGN_OR_RETURN(task, ReadTask(*row));
    if (task.status != "RUNNING") {
      return SqsErrorStatus(
          SqsErrorCode::kUnsupportedOperation,
          "Only a RUNNING task can be cancelled; this one is " + task.status + ".");
    }
    task.status = "CANCELLED";
    return SetTaskProgress(transaction, task);
  });
  RETURN_IF_ERROR(committed);
  return task;
}

Status QueueStore::AdvanceMoveTasks(db::Transaction& transaction, int64_t now_ms,
                                    std::set<std::string>& touched) {
  ASSIGN_OR_RETURN(const db::Rows rows,
                   transaction.Query("SELECT " + std::string(kTaskColumns) +
                                     " FROM queue_move_tasks WHERE status = 'RUNNING'"));
  for (const db::Row& row : rows) {
    ASSIGN_OR_RETURN(MoveTask task, ReadTask(row));
    const std::optional<std::string> source = QueueNameOfArn(task.source_arn);
    const int64_t per_tick =
        task.max_per_second == 0
            ? kUnlimitedChunk
            : std::max<int64_t>(
                  1, task.max_per_second *
                         std::chrono::milliseconds(options_.maintenance_interval).count() / 1000);
    const int64_t chunk = std::min(per_tick, task.to_move - task.moved);
    std::vector<internal::MessageRow> messages;
    if (source && chunk > 0) {
      ASSIGN_OR_RETURN(messages,
                       internal::SelectVisibleInOrder(transaction, *source, now_ms, chunk));
    }
    for (const internal::MessageRow& message : messages) {
      const std::optional<std::string> destination = QueueNameOfArn(
          task.destination_arn.empty() ? message.dead_letter_source_arn : task.destination_arn);
      Result<std::shared_ptr<const QueueConfig>> config =
          Config(destination.value_or(std::string()));
      if (!destination || !config.ok()) {
        task.status = "FAILED";
        task.failure_reason = "The destination of message " + message.message_id +
                              " does not exist (" + message.dead_letter_source_arn + ").";
        break;
      }
      const int64_t expires =
          message.sent_ms + std::chrono::milliseconds((*config)->retention_period).count();
      RETURN_IF_ERROR(internal::MoveMessage(transaction, message.id, (*config)->name, now_ms,
                                            expires, "", /*reset_receive_count=*/true));
      touched.insert((*config)->name);
      ++task.moved;
    }
    if (task.status == "RUNNING" &&
        (task.moved >= task.to_move || static_cast<int64_t>(messages.size()) < chunk)) {
      task.status = "COMPLETED";
    }
    RETURN_IF_ERROR(SetTaskProgress(transaction, task));
  }
  return Status::Ok();
}

}  // namespace gloss::queue
