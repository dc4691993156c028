// RunOnHelperThread starts a task on a thread of its own and returns its
// future, so the caller can do other work meanwhile: hashing a slice while it
// is written, syncing a file while its directory is synced. A thread per task
// costs tens of microseconds, against the milliseconds these tasks take.
//
// Thread safety: `task` runs on another thread; whatever it touches must not
// be used by the caller until the future's get() returns. Always call get():
// when no thread can be started the task is deferred and runs inside get().

#pragma once

#include <future>
#include <system_error>
#include <type_traits>
#include <utility>

namespace gloss::storage::internal {

template <typename Task>
std::future<std::invoke_result_t<Task&>> RunOnHelperThread(Task task) {
  try {
    return std::async(std::launch::async, std::move(task));
  } catch (const std::system_error&) {
    // No thread to be had (resource limits): run it in get() instead.
    return std::async(std::launch::deferred, std::move(task));
  }
}

}  // namespace gloss::storage::internal
