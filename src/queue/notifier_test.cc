#include "queue/notifier.h"

#include <gtest/gtest.h>

namespace gloss::queue {
namespace {

TEST(NotifierTest, WakesTheQueuesWaitersOnce) {
  Notifier notifier;
  int a = 0;
  int b = 0;
  notifier.Add("a", [&] { ++a; });
  notifier.Add("a", [&] { ++a; });
  notifier.Add("b", [&] { ++b; });
  notifier.Notify("a");
  notifier.Notify("a");
  EXPECT_EQ(a, 2);
  EXPECT_EQ(b, 0);
  EXPECT_EQ(notifier.waiting("b"), 1u);
}

TEST(NotifierTest, RemovedWaitersAreNotCalled) {
  Notifier notifier;
  int calls = 0;
  const Notifier::WaiterId id = notifier.Add("a", [&] { ++calls; });
  notifier.Remove("a", id);
  notifier.Notify("a");
  EXPECT_EQ(calls, 0);
  EXPECT_EQ(notifier.waiting("a"), 0u);
}

TEST(NotifierTest, NotifyAllWakesEveryQueue) {
  Notifier notifier;
  int calls = 0;
  notifier.Add("a", [&] { ++calls; });
  notifier.Add("b", [&] { ++calls; });
  notifier.NotifyAll();
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(notifier.waiting("a") + notifier.waiting("b"), 0u);
}

}  // namespace
}  // namespace gloss::queue
