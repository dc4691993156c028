#include "auth/login_throttle.h"

#include <algorithm>
#include <string>

namespace gloss::auth {

LoginThrottle::LoginThrottle(const LoginThrottleOptions& options) : options_(options) {}

Status LoginThrottle::Check(std::string_view key, TimePoint now) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(std::string(key));
  if (it == entries_.end() || now >= it->second.locked_until) {
    return Status::Ok();
  }
  const auto wait = std::chrono::ceil<std::chrono::seconds>(it->second.locked_until - now).count();
  return Status::ResourceExhausted("Too many failed attempts; retry in " + std::to_string(wait) +
                                   " s");
}

void LoginThrottle::RecordFailure(std::string_view key, TimePoint now) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto [it, inserted] = entries_.try_emplace(std::string(key));
  Entry& entry = it->second;
  if (inserted) {
    lru_.push_front(it->first);
  } else {
    lru_.splice(lru_.begin(), lru_, entry.lru_position);
  }
  entry.lru_position = lru_.begin();
  entry.last_failure = now;
  if (entry.failures < UINT32_MAX) {
    ++entry.failures;
  }
  if (entry.failures >= options_.free_failures) {
    // Doubling capped well before overflow: 2^20 s already exceeds any sane max_backoff.
    const uint32_t doublings = std::min<uint32_t>(entry.failures - options_.free_failures, 20);
    const auto backoff = std::min<std::chrono::seconds>(
        options_.initial_backoff * (1LL << doublings), options_.max_backoff);
    entry.locked_until = now + backoff;
  }
  EvictLocked(now);
}

void LoginThrottle::RecordSuccess(std::string_view key, TimePoint now) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(std::string(key));
  if (it != entries_.end()) {
    lru_.erase(it->second.lru_position);
    entries_.erase(it);
  }
  EvictLocked(now);
}

void LoginThrottle::EvictLocked(TimePoint now) {
  while (!lru_.empty()) {
    auto it = entries_.find(lru_.back());
    const bool idle =
        now - it->second.last_failure >= options_.forget_after && now >= it->second.locked_until;
    if (!idle && entries_.size() <= options_.max_entries) {
      break;
    }
    entries_.erase(it);
    lru_.pop_back();
  }
}

std::string LoginThrottle::UserKey(std::string_view pool_id, std::string_view username) {
  // Length-prefixed so no (pool, username) pair can spell another.
  std::string key = "user:" + std::to_string(pool_id.size()) + ":";
  key.append(pool_id).append(username);
  return key;
}

std::string LoginThrottle::AddressKey(std::string_view remote_address) {
  std::string key = "addr:";
  key.append(remote_address);
  return key;
}

size_t LoginThrottle::SizeForTest() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return entries_.size();
}

}  // namespace gloss::auth
