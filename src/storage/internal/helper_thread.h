// RunOnHelperThread starts a task on one of `helpers`' threads and returns its
// future, so the caller can do other work meanwhile: hashing a slice while it
// is written, syncing a file while its directory is synced. The threads are
// kept (a thread started per task cost a clone, a stack and an exit per
// uploaded MiB).
//
// Tasks run here must never wait for other helper tasks: then a busy pool
// only delays them, it cannot deadlock.
//
// Thread safety: `task` runs on another thread; whatever it touches must not
// be used by the caller until the future's get() returns. Always call get().

#pragma once

#include <future>
#include <memory>
#include <type_traits>
#include <utility>

#include "core/blocking_pool.h"

namespace gloss::storage::internal {

template <typename Task>
std::future<std::invoke_result_t<Task&>> RunOnHelperThread(BlockingPool& helpers, Task task) {
  using Result = std::invoke_result_t<Task&>;
  // BlockingPool takes copyable std::function; a packaged_task is move-only.
  auto packaged = std::make_shared<std::packaged_task<Result()>>(std::move(task));
  std::future<Result> future = packaged->get_future();
  if (!helpers.Submit([packaged] { (*packaged)(); })) {
    (*packaged)();  // The pool is shutting down: run the task here.
  }
  return future;
}

}  // namespace gloss::storage::internal
