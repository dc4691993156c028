#include "core/blocking_pool.h"

#include <atomic>
#include <future>

#include <gtest/gtest.h>

namespace gloss {
namespace {

TEST(BlockingPoolTest, RunsTasksOnPoolThreads) {
  BlockingPool pool(2);
  std::promise<bool> on_pool;
  ASSERT_TRUE(pool.Submit([&] { on_pool.set_value(BlockingPool::OnPoolThread()); }));
  EXPECT_TRUE(on_pool.get_future().get());
  EXPECT_FALSE(BlockingPool::OnPoolThread());
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
