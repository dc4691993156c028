// Retrying a remote model call: exponential backoff with full jitter (AWS's
// recommendation: a random wait between 0 and min(cap, base * 2^attempt)),
// stopping when the next wait would pass the deadline.
//
// Thread safety: a plain value; Backoff reads the caller's random source.

#pragma once

#include <chrono>
#include <random>

namespace gloss::generate_annotation {

struct RetryPolicy {
  int max_attempts = 6;
  std::chrono::milliseconds base{200};
  std::chrono::milliseconds cap{5000};
};

// The wait before retry number `attempt` (0 for the first retry).
inline std::chrono::milliseconds Backoff(const RetryPolicy& policy, int attempt,
                                         std::mt19937_64& random) {
  const auto ceiling =
      std::min<int64_t>(policy.cap.count(), policy.base.count() << std::min(attempt, 20));
  std::uniform_int_distribution<int64_t> wait(0, ceiling);
  return std::chrono::milliseconds(wait(random));
}

}  // namespace gloss::generate_annotation
