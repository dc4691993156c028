// SubscriptionHub connects mutations to live subscriptions: a subscription
// registers a listener for the mutation fields its @aws_subscribe names
// ("createImage"), and each successful mutation publishes its result item
// to them. What a listener does with the item (authorization, filter,
// selection set, sending) is its own business (DataService::Subscribe).
//
// Thread safety: all methods may be called from any thread. Listeners run on
// the publishing thread (the mutation's BlockingPool thread), outside the
// hub's lock, so they may add or remove listeners.

#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace gloss::data {

class SubscriptionHub {
 public:
  using Listener = std::function<void(const nlohmann::json& item)>;

  // Registers `listener` for each of `mutations`; returns its handle.
  uint64_t Add(const std::vector<std::string>& mutations, Listener listener);
  // Idempotent.
  void Remove(uint64_t handle);
  // Calls every listener of `mutation` with `item`.
  void Publish(std::string_view mutation, const nlohmann::json& item) const;
  size_t size() const;

 private:
  struct Entry {
    std::vector<std::string> mutations;
    std::shared_ptr<const Listener> listener;
  };
  mutable std::mutex mutex_;
  uint64_t next_handle_ = 1;
  std::map<uint64_t, Entry> entries_;
};

}  // namespace gloss::data
