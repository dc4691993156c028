#include "queue/commit_pipeline.h"

#include <utility>

namespace gloss::queue {
namespace {

// Errors a job returns only when a statement failed, which aborts the whole
// transaction (db.md): the group must be rolled back and rerun job by job.
bool AbortsTransaction(const Status& status) {
  switch (status.code()) {
    case StatusCode::kInternal:
    case StatusCode::kUnavailable:
    case StatusCode::kCorruption:
    case StatusCode::kPayloadTooLarge:
    case StatusCode::kAlreadyExists: return true;
    default: return false;
  }
}

}  // namespace

struct CommitPipeline::Pending {
  Job job;
  Status result;
  bool done = false;
  std::condition_variable finished;
};

CommitPipeline::CommitPipeline(db::Database& database)
    : database_(database), writer_([this] { WriterLoop(); }) {}

CommitPipeline::~CommitPipeline() { Stop(); }

Status CommitPipeline::Run(Job job) {
  Pending pending;
  pending.job = std::move(job);
  std::unique_lock lock(mutex_);
  if (stopping_) {
    return Status::Unavailable("the queue service is shutting down");
  }
  queue_.push_back(&pending);
  wake_.notify_one();
  pending.finished.wait(lock, [&] { return pending.done; });
  return pending.result;
}

void CommitPipeline::Stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) {
      return;
    }
    stopping_ = true;
  }
  wake_.notify_one();
  if (writer_.joinable()) {
    writer_.join();
  }
}

size_t CommitPipeline::groups_committed() const {
  std::lock_guard lock(mutex_);
  return groups_committed_;
}

void CommitPipeline::WriterLoop() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) {
      return;  // Stopping, and every queued job has run.
    }
    std::deque<Pending*> group;
    while (!queue_.empty() && group.size() < kMaxGroup) {
      group.push_back(queue_.front());
      queue_.pop_front();
    }
    lock.unlock();
    RunGroup(group);
    lock.lock();
    ++groups_committed_;
    for (Pending* pending : group) {
      pending->done = true;
      pending->finished.notify_one();
    }
  }
}

void CommitPipeline::RunGroup(std::deque<Pending*>& group) {
  Result<db::TransactionPtr> transaction = database_.Begin(db::TransactionKind::kWrite);
  if (!transaction.ok()) {
    for (Pending* pending : group) {
      pending->result = transaction.status();
    }
    return;
  }
  bool aborted = false;
  for (Pending* pending : group) {
    pending->result = pending->job(**transaction);
    if (AbortsTransaction(pending->result)) {
      aborted = true;
      break;
    }
  }
  if (!aborted) {
    const Status committed = (*transaction)->Commit();
    if (committed.ok()) {
      return;
    }
    if (group.size() == 1) {
      group.front()->result = committed;
      return;
    }
  }
  transaction->reset();  // Rolls back.
  for (Pending* pending : group) {
    pending->result = RunAlone(*pending);
  }
}

Status CommitPipeline::RunAlone(Pending& pending) {
  Status job_result;
  const Status committed =
      database_.WithTransaction(db::TransactionKind::kWrite, [&](db::Transaction& transaction) {
        job_result = pending.job(transaction);
        // A domain error still commits: the job wrote nothing before it.
        return AbortsTransaction(job_result) ? job_result : Status::Ok();
      });
  return committed.ok() ? job_result : committed;
}

}  // namespace gloss::queue
