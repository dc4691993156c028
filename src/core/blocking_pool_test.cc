#include "core/blocking_pool.h"

#include <atomic>
#include <future>

#include <gtest/gtest.h>

#include "core/thread_role.h"

namespace gloss {
namespace {

TEST(BlockingPoolTest, RunsTasksOnPoolThreads) {
  BlockingPool pool(2);
  std::promise<ThreadRole> role;
  ASSERT_TRUE(pool.Submit([&] { role.set_value(CurrentThreadRole()); }));
  EXPECT_EQ(role.get_future().get(), ThreadRole::kBlocking);
  EXPECT_EQ(CurrentThreadRole(), ThreadRole::kOther);
}

TEST(BlockingPoolTest, ShutdownDrainsQueuedTasksThenRefusesNewOnes) {
  std::atomic<int> done = 0;
  BlockingPool pool(1);
  for (int task_idx = 0; task_idx < 100; ++task_idx) {
    ASSERT_TRUE(pool.Submit([&] { done.fetch_add(1); }));
  }
  pool.Shutdown();
  EXPECT_EQ(done.load(), 100);
  EXPECT_FALSE(pool.Submit([] {}));
}

}  // namespace
}  // namespace gloss
