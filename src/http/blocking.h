// RunBlocking() runs a blocking function (a database call, fsync, image
// decoding) on the BlockingPool and resumes the calling coroutine on its own
// I/O thread with the result, so no I/O thread ever waits:
//
//   Result<Rows> rows = co_await RunBlocking(pool, [&] { return db.Query(sql, params); });
//
// `fn` must return Status or Result<T>. If the pool is shutting down, the
// result is Status::Unavailable without `fn` having run.
//
// Lifetime: the caller's io_context must outlive the task. The server keeps its
// contexts alive until after the pool has shut down (sandbox/ orders this).
//
// Thread safety: callable from any coroutine; `fn` runs on a pool thread.

#pragma once

#include <memory>
#include <type_traits>
#include <utility>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
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

}  // namespace gloss::http
