#include "core/blocking_pool.h"

#include <algorithm>
#include <utility>

#include "core/thread_role.h"

namespace gloss {

BlockingPool::BlockingPool(size_t thread_count) {
  thread_count = std::max<size_t>(thread_count, 1);
  threads_.reserve(thread_count);
  for (size_t thread_idx = 0; thread_idx < thread_count; ++thread_idx) {
    threads_.emplace_back([this] { Run(); });
  }
}

BlockingPool::~BlockingPool() { Shutdown(); }

bool BlockingPool::Submit(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) {
      return false;
    }
    tasks_.push_back(std::move(task));
  }
  wake_.notify_one();
  return true;
}

void BlockingPool::Shutdown() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& thread : threads_) {
    thread.join();
  }
  threads_.clear();
}

void BlockingPool::Run() {
  SetCurrentThreadRole(ThreadRole::kBlocking);
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
      if (tasks_.empty()) {
        return;  // Stopping and drained.
      }
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    task();
  }
}

}  // namespace gloss
