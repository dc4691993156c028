// CommitPipeline runs database write jobs with group commit
// (docs/design/queues.md, "Group commit"): one writer thread takes every job
// queued so far, runs them in one write transaction and commits once, so a
// burst of concurrent requests costs one fsync instead of one each. Run()
// returns only after the job's transaction has committed: nothing is
// acknowledged before it is durable.
//
// A job must not fail after writing: it checks, then writes (or uses ON
// CONFLICT), and returns a domain error (kInvalidArgument, kNotFound,
// kFailedPrecondition, ...) only before its first write. A job that returns a
// database error (kInternal, kUnavailable, kCorruption, ...) has aborted the
// transaction: the writer rolls the group back and runs its jobs again one
// per transaction, so one bad job never fails its neighbours. Jobs may
// therefore run more than once and must keep their effects inside the
// transaction (outputs they assign are overwritten by the rerun).
//
// Thread safety: Run() may be called from any number of threads.

#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "core/status.h"
#include "db/database.h"

namespace gloss::queue {

class CommitPipeline {
 public:
  using Job = std::function<Status(db::Transaction&)>;

  // The most jobs one transaction takes: bounds a group's latency.
  static constexpr size_t kMaxGroup = 512;

  explicit CommitPipeline(db::Database& database);
  ~CommitPipeline();

  CommitPipeline(const CommitPipeline&) = delete;
  CommitPipeline& operator=(const CommitPipeline&) = delete;

  // Runs `job` in the next group and waits for its commit. Returns the job's
  // error, the commit's, or kUnavailable once Stop() has begun.
  Status Run(Job job);

  // Finishes the queued jobs and joins the writer. Idempotent.
  void Stop();

  // Groups committed so far (for tests and metrics).
  size_t groups_committed() const;

 private:
  struct Pending;

  void WriterLoop();
  void RunGroup(std::deque<Pending*>& group);
  Status RunAlone(Pending& pending);

  db::Database& database_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Pending*> queue_;
  bool stopping_ = false;
  size_t groups_committed_ = 0;
  std::thread writer_;
};

}  // namespace gloss::queue
