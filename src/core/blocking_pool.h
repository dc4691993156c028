// BlockingPool is a fixed set of threads for work that blocks: SQLite and
// PostgreSQL calls, fsync, image decoding, process spawning. I/O threads never
// do such work themselves; they Submit() it here and are resumed with the
// result (http/blocking.h adapts this to coroutines).
//
// It is not a general executor: tasks run in FIFO order and should not wait on
// each other, or the pool can deadlock.
//
// Pool threads have ThreadRole::kBlocking (core/thread_role.h).
//
// Thread safety: Submit() may be called from any thread, including pool
// threads; Shutdown() and the destructor only by the owner.

#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace gloss {

class BlockingPool {
 public:
  // Starts `thread_count` threads (at least 1).
  explicit BlockingPool(size_t thread_count);
  // Runs every task already submitted, then joins the threads.
  ~BlockingPool();

  BlockingPool(const BlockingPool&) = delete;
  BlockingPool& operator=(const BlockingPool&) = delete;

  // Queues `task`. Returns false, dropping the task, once Shutdown() has begun.
  bool Submit(std::function<void()> task);

  // Stops accepting tasks, finishes the queued ones and joins. Idempotent.
  void Shutdown();

 private:
  void Run();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_;  // Guarded by mutex_.
  bool stopping_ = false;                    // Guarded by mutex_.
  std::vector<std::thread> threads_;
};

}  // namespace gloss
