#include "queue/notifier.h"

#include <utility>
#include <vector>

namespace gloss::queue {

Notifier::WaiterId Notifier::Add(std::string_view queue, Waiter waiter) {
  std::lock_guard lock(mutex_);
  const WaiterId id = next_id_++;
  auto entry = waiters_.find(queue);
  if (entry == waiters_.end()) {
    entry = waiters_.emplace(std::string(queue), std::map<WaiterId, Waiter>()).first;
  }
  entry->second.emplace(id, std::move(waiter));
  return id;
}

void Notifier::Remove(std::string_view queue, WaiterId id) {
  std::lock_guard lock(mutex_);
  const auto entry = waiters_.find(queue);
  if (entry == waiters_.end()) {
    return;
  }
  entry->second.erase(id);
  if (entry->second.empty()) {
    waiters_.erase(entry);
  }
}

void Notifier::Notify(std::string_view queue) {
  std::map<WaiterId, Waiter> woken;
  {
    std::lock_guard lock(mutex_);
    const auto entry = waiters_.find(queue);
    if (entry == waiters_.end()) {
      return;
    }
    woken = std::move(entry->second);
    waiters_.erase(entry);
  }
  for (auto& [id, waiter] : woken) {
    waiter();
  }
}

void Notifier::NotifyAll() {
  std::map<std::string, std::map<WaiterId, Waiter>, std::less<>> woken;
  {
    std::lock_guard lock(mutex_);
    woken.swap(waiters_);
  }
  for (auto& [queue, waiters] : woken) {
    for (auto& [id, waiter] : waiters) {
      waiter();
    }
  }
}

size_t Notifier::waiting(std::string_view queue) const {
  std::lock_guard lock(mutex_);
  const auto entry = waiters_.find(queue);
  return entry == waiters_.end() ? 0 : entry->second.size();
}

}  // namespace gloss::queue
