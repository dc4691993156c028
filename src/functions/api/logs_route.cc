#include "functions/api/logs_route.h"

#include <algorithm>
#include <chrono>
#include <deque>
#include <mutex>
#include <utility>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "aws/sigv4.h"
#include "http/blocking.h"

namespace gloss::functions {
namespace {

namespace asio = boost::asio;

constexpr std::chrono::seconds kHeartbeat{15};
constexpr size_t kMaxPending = 1000;  // A reader that falls further behind loses lines.

std::string Event(const LogLine& line) {
  const auto millis = std::chrono::time_point_cast<std::chrono::milliseconds>(line.time);
  const nlohmann::json data = {{"function", line.function},
                               {"time", fmt::format("{:%Y-%m-%dT%H:%M:%S}Z", millis)},
                               {"line", line.text}};
  return fmt::format("id: {}\nevent: log\ndata: {}\n\n", line.sequence,
                     data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

// Lines handed over by the logs' listener (any thread) to the stream.
struct Pending {
  std::mutex mutex;
  std::deque<LogLine> lines;  // Guarded by mutex.
};

// Follows one function's log (or every function's). The listener (any
// thread) only queues; the server polls the queue on the connection's thread.
class LogStream : public http::StreamBody {
 public:
  LogStream(FunctionLogs& logs, std::string function, uint64_t after)
      : logs_(logs), function_(std::move(function)), pending_(std::make_shared<Pending>()) {
    subscription_ =
        logs_.Subscribe([pending = pending_, function = function_](const LogLine& line) {
          if (!function.empty() && line.function != function) {
            return;
          }
          std::lock_guard lock(pending->mutex);
          pending->lines.push_back(line);
          if (pending->lines.size() > kMaxPending) {
            pending->lines.pop_front();
          }
        });
    // The backlog after subscribing, so no line falls between the two;
    // lines in both are skipped by sequence.
    backlog_ = logs_.Recent(function_, after);
    last_sequence_ = after;
  }
  ~LogStream() override { logs_.Unsubscribe(subscription_); }

  std::optional<std::string> Poll() override {
    std::string out;
    for (const LogLine& line : std::exchange(backlog_, {})) {
      Append(line, out);
    }
    {
      std::lock_guard lock(pending_->mutex);
      for (const LogLine& line : pending_->lines) {
        Append(line, out);
      }
      pending_->lines.clear();
    }
    const auto now = std::chrono::steady_clock::now();
    if (!out.empty()) {
      last_write_ = now;
    } else if (now - last_write_ >= kHeartbeat) {
      last_write_ = now;
      out = ": keep-alive\n\n";  // Finds clients that went away.
    }
    return out;
  }

 private:
  void Append(const LogLine& line, std::string& out) {
    if (line.sequence <= last_sequence_) {
      return;
    }
    last_sequence_ = line.sequence;
    out += Event(line);
  }

  FunctionLogs& logs_;
  const std::string function_;
  std::shared_ptr<Pending> pending_;
  uint64_t subscription_ = 0;
  std::vector<LogLine> backlog_;
  uint64_t last_sequence_ = 0;
  std::chrono::steady_clock::time_point last_write_ = std::chrono::steady_clock::now();
};

http::Response Denied(unsigned status, std::string_view message) {
  return http::Response::Json(
      status, nlohmann::json{{"error",
                              {{"code", status == 401 ? "NotAuthorized" : "AccessDenied"},
                               {"message", message}}}}
                  .dump());
}

asio::awaitable<http::Response> ServeLogs(const LogsRouteContext& context, http::Request& request) {
  http::RequestHead head = request.head;
  if (const std::optional<std::string> token = head.QueryParam("token");
      token && !head.headers.Get("authorization")) {
    head.headers.Add("Authorization", *token);
  }
  const Status allowed = co_await http::RunBlocking(*context.pool, [&]() -> Status {
    auth::PresentedCredentials presented;
    presented.head = &head;
    presented.payload_sha256_hex = aws::Sha256Hex("");
    ASSIGN_OR_RETURN(const auth::Principal principal,
                     context.resolver->Resolve(presented, std::chrono::system_clock::now()));
    const bool admin_user = principal.kind == auth::PrincipalKind::kUser &&
                            std::ranges::find(principal.groups, "ADMINS") != principal.groups.end();
    if (principal.kind == auth::PrincipalKind::kAdmin || admin_user) {
      return Status::Ok();
    }
    return Status::PermissionDenied("function logs are for the admin key pair and ADMINS members");
  });
  if (!allowed.ok()) {
    co_return Denied(allowed.code() == StatusCode::kUnauthenticated ? 401 : 403, allowed.message());
  }
  const std::string function = head.QueryParam("function").value_or("");
  uint64_t after = 0;
  if (const auto last = head.headers.Get("last-event-id")) {
    after = std::strtoull(std::string(*last).c_str(), nullptr, 10);
  }
  http::Response response;
  response.SetHeader("Content-Type", "text/event-stream");
  response.SetHeader("Cache-Control", "no-cache");
  response.stream = std::make_shared<LogStream>(context.functions->logs(), function, after);
  co_return response;
}

}  // namespace

http::Route LogsRoute(const LogsRouteContext& context) {
  http::Route route;
  route.name = "function-logs";
  route.handler = [context](http::Request& request) { return ServeLogs(context, request); };
  return route;
}

}  // namespace gloss::functions
