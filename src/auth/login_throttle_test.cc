#include "auth/login_throttle.h"

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "test/support/status_matchers.h"

namespace gloss::auth {
namespace {

using ::gloss::testing::StatusIs;
using namespace std::chrono_literals;

const LoginThrottle::TimePoint kStart = LoginThrottle::TimePoint{} + 1000h;

TEST(LoginThrottleTest, FirstFiveFailuresAreFree) {
  LoginThrottle throttle;
  for (int attempt = 0; attempt < 4; ++attempt) {
    throttle.RecordFailure("k", kStart);
    EXPECT_OK(throttle.Check("k", kStart));
  }
  throttle.RecordFailure("k", kStart);
  EXPECT_THAT(throttle.Check("k", kStart), StatusIs(StatusCode::kResourceExhausted));
  EXPECT_OK(throttle.Check("k", kStart + 1s));
  EXPECT_OK(throttle.Check("other", kStart));
}

TEST(LoginThrottleTest, BackoffDoublesUpToMaximum) {
  LoginThrottle throttle;
  auto now = kStart;
  for (int attempt = 0; attempt < 5; ++attempt) {
    throttle.RecordFailure("k", now);
  }
  std::chrono::seconds expected = 1s;
  for (int round = 0; round < 15; ++round) {
    EXPECT_THAT(throttle.Check("k", now + expected - 1ms), StatusIs(StatusCode::kResourceExhausted))
        << round;
    now += expected;
    EXPECT_OK(throttle.Check("k", now)) << round;
    throttle.RecordFailure("k", now);
    expected = std::min<std::chrono::seconds>(expected * 2, 15min);
  }
  EXPECT_EQ(expected, 15min);
  EXPECT_THAT(throttle.Check("k", now + 15min - 1s), StatusIs(StatusCode::kResourceExhausted));
  EXPECT_OK(throttle.Check("k", now + 15min));
}

TEST(LoginThrottleTest, SuccessResetsCounter) {
  LoginThrottle throttle;
  for (int attempt = 0; attempt < 4; ++attempt) {
    throttle.RecordFailure("k", kStart);
  }
  throttle.RecordSuccess("k", kStart);
  throttle.RecordFailure("k", kStart);
  EXPECT_OK(throttle.Check("k", kStart));
  EXPECT_EQ(throttle.SizeForTest(), 1u);
  throttle.RecordSuccess("k", kStart);
  EXPECT_EQ(throttle.SizeForTest(), 0u);
}

TEST(LoginThrottleTest, MemoryIsBoundedByMaxEntries) {
  LoginThrottleOptions options;
  options.max_entries = 10;
  LoginThrottle throttle(options);
  for (int key = 0; key < 100; ++key) {
    throttle.RecordFailure("k" + std::to_string(key), kStart);
  }
  EXPECT_EQ(throttle.SizeForTest(), 10u);
}

TEST(LoginThrottleTest, IdleEntriesAreForgotten) {
  LoginThrottle throttle;
  throttle.RecordFailure("old", kStart);
  throttle.RecordFailure("new", kStart + 2h);
  EXPECT_EQ(throttle.SizeForTest(), 1u);
}

TEST(LoginThrottleTest, UserAndAddressKeysDoNotCollide) {
  EXPECT_NE(LoginThrottle::UserKey("pool", "1.2.3.4"), LoginThrottle::AddressKey("1.2.3.4"));
  EXPECT_NE(LoginThrottle::UserKey("a", "b\nc"), LoginThrottle::UserKey("a\nb", "c"));
}

TEST(LoginThrottleTest, ConcurrentFailuresAreAllCounted) {
  LoginThrottleOptions options;
  options.free_failures = 400;
  LoginThrottle throttle(options);
  std::vector<std::thread> threads;
  for (int thread_idx = 0; thread_idx < 4; ++thread_idx) {
    threads.emplace_back([&throttle] {
      for (int attempt = 0; attempt < 100; ++attempt) {
        throttle.RecordFailure("k", kStart);
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  EXPECT_THAT(throttle.Check("k", kStart), StatusIs(StatusCode::kResourceExhausted));
}

}  // namespace
}  // namespace gloss::auth
