// LoginThrottle slows down password guessing: after `free_failures`
// consecutive failures for a key, the key is locked for a backoff that starts
// at `initial_backoff` and doubles with each further failure up to
// `max_backoff`. A success clears the key. Callers use two keys per attempt,
// UserKey(pool, username) and AddressKey(remote address), Check both before
// verifying a password and record the outcome on both.
//
// Not persistent (a restart forgets all counters) and not shared between
// processes. Memory is bounded: at most `max_entries` keys are kept, least
// recently touched first out, and keys idle for `forget_after` are dropped.
// Evicting a locked key unlocks it early; with the defaults this needs
// 100k distinct keys failing within the backoff window.
//
// Time is passed in by the caller (no clock reads), so tests control it.
//
// Thread safety: all methods may be called concurrently (one internal mutex).

#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/status.h"

namespace gloss::auth {

struct LoginThrottleOptions {
  uint32_t free_failures = 5;
  std::chrono::seconds initial_backoff{1};
  std::chrono::seconds max_backoff{15 * 60};
  std::chrono::seconds forget_after{60 * 60};
  size_t max_entries = 100'000;
};

class LoginThrottle {
 public:
  using TimePoint = std::chrono::system_clock::time_point;

  explicit LoginThrottle(const LoginThrottleOptions& options = {});

  LoginThrottle(const LoginThrottle&) = delete;
  LoginThrottle& operator=(const LoginThrottle&) = delete;

  // OK, or ResourceExhausted (→ TooManyRequestsException) while `key` is locked.
  Status Check(std::string_view key, TimePoint now) const;
  // Counts a failed attempt; may lock the key.
  void RecordFailure(std::string_view key, TimePoint now);
  // Clears the key's failures and lock (and drops idle keys as of `now`).
  void RecordSuccess(std::string_view key, TimePoint now);

  // Keys, so user and address keys cannot collide.
  static std::string UserKey(std::string_view pool_id, std::string_view username);
  static std::string AddressKey(std::string_view remote_address);

  size_t SizeForTest() const;

 private:
  struct Entry {
    uint32_t failures = 0;
    TimePoint locked_until;
    TimePoint last_failure;
    std::list<std::string>::iterator lru_position;
  };

  // Drops idle entries from the LRU tail, then the oldest beyond max_entries.
  void EvictLocked(TimePoint now);

  const LoginThrottleOptions options_;
  mutable std::mutex mutex_;
  // Keys, most recently failed first. Guarded by mutex_.
  std::list<std::string> lru_;
  // Guarded by mutex_. Invariant: entries_ and lru_ hold the same keys.
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace gloss::auth
