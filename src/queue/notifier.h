// Notifier wakes long polls: a receive that found nothing registers a waiter
// on its queue, and whatever may make a message visible (a committed send, a
// visibility change to 0, a redrive) notifies the queue. Waiters are one-shot
// and called outside the lock, on the notifying thread: they must only post
// work elsewhere (cancel a timer, signal a condition variable).
//
// Thread safety: all methods may be called from any thread.

#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace gloss::queue {

class Notifier {
 public:
  using Waiter = std::function<void()>;
  using WaiterId = uint64_t;

  // Registers `waiter` for the next Notify(queue). Returns an id for Remove.
  WaiterId Add(std::string_view queue, Waiter waiter);

  // Forgets a waiter that has not been called (a poll that ended on its own).
  void Remove(std::string_view queue, WaiterId id);

  // Calls and forgets every waiter of `queue`.
  void Notify(std::string_view queue);

  // Calls and forgets every waiter of every queue (shutdown).
  void NotifyAll();

  size_t waiting(std::string_view queue) const;

 private:
  mutable std::mutex mutex_;
  WaiterId next_id_ = 1;
  std::map<std::string, std::map<WaiterId, Waiter>, std::less<>> waiters_;
};

}  // namespace gloss::queue
