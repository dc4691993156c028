// RunBlocking() runs a blocking function (a database call, fsync, image
// decoding) on the BlockingPool and resumes the calling coroutine on its own
// I/O thread with the result, so no I/O thread ever waits:
//
//   Result<Rows> rows = co_await RunBlocking(pool, [&] { return db.Query(sql, params); });
//
// `fn` must return Status or Result<T>. If the pool is shutting down, the
// result is Status::Unavailable without `fn` having run.
//
// StartBlocking() does the same in two steps, so that the coroutine can go on
// with its own I/O while `fn` runs (the S3 route reads the next slice of an
// upload from the socket while the previous one is hashed and written):
//
//   BlockingTask<Status> written = StartBlocking(pool, executor, [&] { return Write(slice); });
//   ... read the next slice ...
//   Status status = co_await written.Wait();
//
// A started task must be waited for before anything `fn` uses goes away.
//
// Lifetime: the caller's io_context must outlive the task. The server keeps its
// contexts alive until after the pool has shut down (sandbox/ orders this).
//
// Thread safety: callable from any coroutine; `fn` runs on a pool thread. A
// BlockingTask is used on the I/O thread of the executor it was started with.

#pragma once

#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/blocking_pool.h"
#include "core/status.h"

namespace gloss::http {

template <typename F>
requires std::is_constructible_v<std::invoke_result_t<F&>, Status>
    boost::asio::awaitable<std::invoke_result_t<F&>> RunBlocking(BlockingPool& pool, F fn) {
  using R = std::invoke_result_t<F&>;
  auto initiate = [&pool, fn = std::move(fn)](auto handler) mutable {
    using HandlerType = decltype(handler);
    // BlockingPool takes copyable std::function; the completion handler is
    // move-only, so the task owns it through a shared_ptr.
    struct Task {
      HandlerType handler;
      F fn;
    };
    auto task = std::make_shared<Task>(Task{std::move(handler), std::move(fn)});
    auto complete = [](std::shared_ptr<Task> owned, R result) {
      auto executor = boost::asio::get_associated_executor(owned->handler);
      boost::asio::post(executor, [owned, result = std::move(result)]() mutable {
        std::move(owned->handler)(std::move(result));
      });
    };
    if (!pool.Submit([task, complete] { complete(task, task->fn()); })) {
      complete(task, R(Status::Unavailable("server is shutting down")));
    }
  };
  co_return co_await boost::asio::async_initiate<const boost::asio::use_awaitable_t<>&, void(R)>(
      std::move(initiate), boost::asio::use_awaitable);
}

// The result of a function started with StartBlocking, to be awaited once.
template <typename R>
class BlockingTask {
 public:
  // Resumes with the function's result once it has run. Call once.
  boost::asio::awaitable<R> Wait() {
    if (!state_->result) {
      // The pool's completion cancels the never-expiring timer; an error
      // code is the only way the wait ends.
      boost::system::error_code ignored;
      co_await state_->ready.async_wait(
          boost::asio::redirect_error(boost::asio::use_awaitable, ignored));
    }
    co_return *std::move(state_->result);
  }

 private:
  template <typename F>
  requires std::is_constructible_v<std::invoke_result_t<F&>, Status>
  friend BlockingTask<std::invoke_result_t<F&>> StartBlocking(BlockingPool&,
                                                              const boost::asio::any_io_executor&,
                                                              F);

  // Touched only on the executor's thread: the pool thread posts the result.
  struct State {
    explicit State(const boost::asio::any_io_executor& executor)
        : ready(executor, boost::asio::steady_timer::time_point::max()) {}
    std::optional<R> result;
    boost::asio::steady_timer ready;
  };

  explicit BlockingTask(std::shared_ptr<State> state) : state_(std::move(state)) {}

  std::shared_ptr<State> state_;
};

// Starts `fn` on `pool` and returns at once; `executor` is the calling
// coroutine's (co_await boost::asio::this_coro::executor).
template <typename F>
requires std::is_constructible_v<std::invoke_result_t<F&>, Status>
    BlockingTask<std::invoke_result_t<F&>> StartBlocking(
        BlockingPool& pool, const boost::asio::any_io_executor& executor, F fn) {
  using R = std::invoke_result_t<F&>;
  using State = typename BlockingTask<R>::State;
  auto state = std::make_shared<State>(executor);
  auto complete = [state, executor](R result) {
    boost::asio::post(executor, [state, result = std::move(result)]() mutable {
      state->result = std::move(result);
      state->ready.cancel();
    });
  };
  if (!pool.Submit([complete, fn = std::move(fn)]() mutable { complete(fn()); })) {
    complete(R(Status::Unavailable("server is shutting down")));
  }
  return BlockingTask<R>(std::move(state));
}

}  // namespace gloss::http
