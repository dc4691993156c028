#include "data/service/subscription_hub.h"

#include <algorithm>

namespace gloss::data {

uint64_t SubscriptionHub::Add(const std::vector<std::string>& mutations, Listener listener) {
  std::lock_guard lock(mutex_);
  const uint64_t handle = next_handle_++;
  entries_[handle] = {mutations, std::make_shared<const Listener>(std::move(listener))};
  return handle;
}

void SubscriptionHub::Remove(uint64_t handle) {
  std::lock_guard lock(mutex_);
  entries_.erase(handle);
}

void SubscriptionHub::Publish(std::string_view mutation, const nlohmann::json& item) const {
  std::vector<std::shared_ptr<const Listener>> listeners;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [handle, entry] : entries_) {
      if (std::find(entry.mutations.begin(), entry.mutations.end(), mutation) !=
          entry.mutations.end()) {
        listeners.push_back(entry.listener);
      }
    }
  }
  for (const auto& listener : listeners) {
    (*listener)(item);
  }
}

size_t SubscriptionHub::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace gloss::data
